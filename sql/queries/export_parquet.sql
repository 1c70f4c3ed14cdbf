-- Rows for the Parquet export, grouped by partition (publication year, province).
SELECT coalesce(substr(a.published, 1, 4), 'unknown') AS year,
       coalesce(p.name, 'unknown') AS province,
       a.id, a.url, a.title, a.published, a.published_precision, a.source, a.source_canonical,
       a.dateline, a.body, a.language, a.sha256, a.ingested_at, a.story, a.province_adcode,
       a.pk
FROM articles AS a LEFT JOIN places AS p ON p.adcode = a.province_adcode
ORDER BY year, province, a.id
