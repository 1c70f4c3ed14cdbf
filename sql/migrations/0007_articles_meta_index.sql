-- xieshang schema, version 7: every column of `articles` except its three long texts,
-- in one covering index.
--
-- Schema 5 put body_spans, body and raw last, so reading the small columns touches no
-- overflow page. Each row's first page still holds the head of those texts: SQLite keeps
-- between 0.5 and 4 KB of a long row locally, about two rows per 4 KB page, so reading
-- `id, title, published, source` of a million articles read some 2 GB of table pages.
-- This index holds those columns alone, a few hundred bytes per article, in id order:
-- SQLite answers any query that needs no long text from it without opening the table
-- (EXPLAIN QUERY PLAN says "USING COVERING INDEX articles_meta").

CREATE INDEX articles_meta ON articles (
    id, title, published, published_precision, source, source_canonical, dateline, url,
    language, story, story_similarity, province_adcode, origin, sha256, encoding, ingested_at, counted,
    title_start, title_end, published_start, published_end, source_start, source_end,
    dateline_start, dateline_end
);
