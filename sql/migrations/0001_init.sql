-- xieshang schema, version 1: articles verbatim and normalized, ingest errors,
-- dates mentioned in the text, build log, and the full-text index.
-- Never edit this file once shipped; add 0002_*.sql instead.
--
-- Spans (`*_start`, `*_end`) are character (code point) offsets into `articles.raw`,
-- half-open: substr(raw, start + 1, end - start) in SQL, raw[start:end] in Python.

-- One row per stored document.
CREATE TABLE articles (
    pk                  INTEGER PRIMARY KEY,           -- stable rowid, used by the FTS index
    id                  TEXT NOT NULL UNIQUE,          -- file stem, or the JSONL `id`
    origin              TEXT NOT NULL,                 -- file path, or path:line for JSONL
    url                 TEXT,                          -- page address, when the input gave one
    sha256              TEXT NOT NULL UNIQUE,          -- hex SHA-256 of the raw bytes
    raw                 TEXT NOT NULL,                 -- the text exactly as decoded
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
    body                TEXT NOT NULL,                 -- clean body, paragraphs split by a blank line
    body_spans          TEXT NOT NULL DEFAULT '[]',    -- JSON [[start, end], ...] per paragraph
    language            TEXT NOT NULL,                 -- 'en' or 'zh'
    ingested_at         TEXT NOT NULL,                 -- UTC timestamp, RFC 3339
    counted             INTEGER NOT NULL DEFAULT 0     -- 1 once its lines are in corpus_lines
);

CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_source ON articles (source_canonical);

-- Dates mentioned in the body ("Yesterday", "On June 28"), resolved against `published`.
CREATE TABLE article_dates (
    article_pk  INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    text        TEXT NOT NULL,                        -- the phrase as printed
    start       INTEGER NOT NULL,                     -- span of the phrase
    end         INTEGER NOT NULL,
    date_from   TEXT,                                 -- resolved ISO date, NULL if the year is unknown
    date_to     TEXT,                                 -- end of a range, else NULL
    precision   TEXT CHECK (precision IN ('day', 'month', 'year'))
);

CREATE INDEX article_dates_article ON article_dates (article_pk);

-- Inputs that could not be read, decoded or parsed. The build goes on without them.
CREATE TABLE ingest_errors (
    id          INTEGER PRIMARY KEY,
    origin      TEXT NOT NULL,                        -- file path, or path:line
    kind        TEXT NOT NULL,                        -- io | decode | json | duplicate_id | ...
    message     TEXT NOT NULL,
    occurred_at TEXT NOT NULL
);

-- Corpus-level evidence for the normalizer: in how many stored documents each short
-- line occurs (by 64-bit hash). Lines frequent across documents are site template.
CREATE TABLE corpus_lines (
    hash  INTEGER PRIMARY KEY,                        -- line hash (u64 bits as i64)
    docs  INTEGER NOT NULL                            -- documents containing the line
);

-- Key/value facts about the corpus (e.g. counted_docs).
CREATE TABLE corpus_meta (
    key   TEXT PRIMARY KEY,
    value
);

-- One row per build run.
CREATE TABLE builds (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    inputs      TEXT NOT NULL,                        -- JSON list of the inputs given
    seen        INTEGER NOT NULL DEFAULT 0,
    added       INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    errors      INTEGER NOT NULL DEFAULT 0,
    version     TEXT NOT NULL                         -- xieshang version that ran it
);

-- Full-text index over title and body (external content: the text lives in `articles`).
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title,
    body,
    content = 'articles',
    content_rowid = 'pk',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

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
