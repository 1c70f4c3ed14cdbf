-- Rows for the Parquet export, grouped by partition (publication year, province).
SELECT coalesce(substr(published, 1, 4), 'unknown') AS year,
       'unknown' AS province,
       id, url, title, published, published_precision, source, source_canonical, dateline,
       body, language, sha256, ingested_at
FROM articles
ORDER BY year, province, id
