-- Stores one new article; a conflict on sha256 or id stores nothing (the caller tells which).
INSERT INTO articles (
    id, origin, url, sha256, raw, encoding,
    title, title_start, title_end,
    published, published_precision, published_start, published_end,
    source, source_canonical, source_start, source_end,
    dateline, dateline_start, dateline_end,
    body, body_spans, language, ingested_at, province_adcode
) VALUES (
    :id, :origin, :url, :sha256, :raw, :encoding,
    :title, :title_start, :title_end,
    :published, :published_precision, :published_start, :published_end,
    :source, :source_canonical, :source_start, :source_end,
    :dateline, :dateline_start, :dateline_end,
    :body, :body_spans, :language, :ingested_at, :province_adcode
)
ON CONFLICT DO NOTHING
