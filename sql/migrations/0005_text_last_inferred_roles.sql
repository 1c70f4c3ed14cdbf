-- xieshang schema, version 5: the two long texts of each article stored last, and the
-- basis (stated or inferred) of each event participant's role.
--
-- SQLite stores a row's columns in the order they were declared, and a row longer than
-- about a page keeps its tail on overflow pages. `raw` (a few KB) used to sit sixth, so
-- reading any column after it (title, published, source...) meant walking the overflow
-- pages of `raw` first: every `SELECT title, published FROM articles` read the whole
-- corpus text. With `body_spans`, `body` and `raw` at the end, the small columns sit in
-- each row's first page and reading them touches no overflow page.
--
-- SQLite cannot reorder columns, so the table is rebuilt (the documented 12-step way):
-- new table, copy, drop, rename, then its indexes and triggers again. Foreign keys are
-- off while migrations run (schema::migrate) and checked before they commit. The pk
-- values are kept, so the full-text indexes (rowid = pk) stay valid as they are.

CREATE TABLE articles_v5 (
    pk                  INTEGER PRIMARY KEY,           -- stable rowid, used by the FTS index
    id                  TEXT NOT NULL UNIQUE,          -- file stem, or the JSONL `id`
    origin              TEXT NOT NULL,                 -- file path, or path:line for JSONL
    url                 TEXT,                          -- page address, when the input gave one
    sha256              TEXT NOT NULL UNIQUE,          -- hex SHA-256 of the raw bytes
    encoding            TEXT NOT NULL,                 -- what the bytes were: utf-8, utf-8-bom, utf-16le, gb18030...
    title               TEXT,                          -- main headline, whitespace folded
    title_start         INTEGER,
    title_end           INTEGER,
    published           TEXT,                          -- ISO date: YYYY-MM-DD / YYYY-MM / YYYY
    published_precision TEXT CHECK (published_precision IN ('day', 'month', 'year')),
    published_start     INTEGER,                       -- span of the evidence (NULL if from the crawler)
    published_end       INTEGER,
    source              TEXT,                          -- outlet as printed
    source_canonical    TEXT,                          -- one spelling per outlet
    source_start        INTEGER,
    source_end          INTEGER,
    dateline            TEXT,                          -- place of a leading dateline stamp
    dateline_start      INTEGER,
    dateline_end        INTEGER,
    language            TEXT NOT NULL,                 -- 'en' or 'zh'
    ingested_at         TEXT NOT NULL,                 -- UTC timestamp, RFC 3339
    counted             INTEGER NOT NULL DEFAULT 0,    -- 1 once its lines are in corpus_lines
    story               TEXT,                          -- id of the canonical copy (itself if original)
    story_similarity    REAL,                          -- estimated Jaccard similarity to it
    province_adcode     TEXT,                          -- province most named in the article
    body_spans          TEXT NOT NULL DEFAULT '[]',    -- JSON [[start, end], ...] per paragraph
    body                TEXT NOT NULL,                 -- clean body, paragraphs split by a blank line
    raw                 TEXT NOT NULL                  -- the text exactly as decoded
);

INSERT INTO articles_v5 (
    pk, id, origin, url, sha256, encoding, title, title_start, title_end,
    published, published_precision, published_start, published_end,
    source, source_canonical, source_start, source_end, dateline, dateline_start, dateline_end,
    language, ingested_at, counted, story, story_similarity, province_adcode, body_spans, body, raw
)
SELECT
    pk, id, origin, url, sha256, encoding, title, title_start, title_end,
    published, published_precision, published_start, published_end,
    source, source_canonical, source_start, source_end, dateline, dateline_start, dateline_end,
    language, ingested_at, counted, story, story_similarity, province_adcode, body_spans, body, raw
FROM articles ORDER BY pk;

DROP TABLE articles;                                   -- its indexes and triggers go with it
ALTER TABLE articles_v5 RENAME TO articles;

CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_source ON articles (source_canonical);
CREATE INDEX articles_story ON articles (story);

-- The index triggers of 0001 (word index) and 0004 (CJK runs), unchanged.
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.pk, new.title, new.body);
END;

CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
    VALUES ('delete', old.pk, old.title, old.body);
END;

CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
    VALUES ('delete', old.pk, old.title, old.body);
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.pk, new.title, new.body);
END;

CREATE TRIGGER articles_cjk_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_cjk (rowid, title, body)
    SELECT new.pk, t, b FROM (SELECT xieshang_cjk(new.title) AS t, xieshang_cjk(new.body) AS b)
    WHERE t IS NOT NULL OR b IS NOT NULL;
END;

CREATE TRIGGER articles_cjk_ad AFTER DELETE ON articles BEGIN
    DELETE FROM articles_cjk WHERE rowid = old.pk;
END;

CREATE TRIGGER articles_cjk_au AFTER UPDATE OF title, body ON articles BEGIN
    DELETE FROM articles_cjk WHERE rowid = old.pk;
    INSERT INTO articles_cjk (rowid, title, body)
    SELECT new.pk, t, b FROM (SELECT xieshang_cjk(new.title) AS t, xieshang_cjk(new.body) AS b)
    WHERE t IS NOT NULL OR b IS NOT NULL;
END;

-- Whether a participant's role is stated by the text or read off other roles: a meeting
-- that names nobody presiding gets as presider the first person who attended it and
-- addressed it (xieshang::extract::events, docs/schema.md). Filter on 'stated' for the
-- text's own words only.
ALTER TABLE event_participants
    ADD COLUMN basis TEXT NOT NULL DEFAULT 'stated' CHECK (basis IN ('stated', 'inferred'));
