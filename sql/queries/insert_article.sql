-- Stores one new article; a conflict on sha256 or id stores nothing (the caller tells which).
-- It starts as its own story; the end of the build groups copies (only those change).
INSERT INTO articles (
    id, origin, url, sha256, raw, encoding,
    title, title_start, title_end,
    published, published_precision, published_start, published_end,
    source, source_canonical, source_start, source_end,
    dateline, dateline_start, dateline_end,
    body, body_spans, language, ingested_at, province_adcode, story, story_similarity, counted
) VALUES (
    :id, :origin, :url, :sha256, :raw, :encoding,
    :title, :title_start, :title_end,
    :published, :published_precision, :published_start, :published_end,
    :source, :source_canonical, :source_start, :source_end,
    :dateline, :dateline_start, :dateline_end,
    :body, :body_spans, :language, :ingested_at, :province_adcode, :id, 1.0, :counted
)
ON CONFLICT DO NOTHING
