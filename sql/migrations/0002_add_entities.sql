-- xieshang schema, version 2: people, places, organizations, platforms, stated counts,
-- near-duplicate stories. Spans are character offsets into articles.raw, as in v1.

-- Story (near-duplicate group) and main province of each article.
ALTER TABLE articles ADD COLUMN story TEXT;               -- id of the canonical copy (itself if original)
ALTER TABLE articles ADD COLUMN story_similarity REAL;    -- estimated Jaccard similarity to it
ALTER TABLE articles ADD COLUMN province_adcode TEXT;     -- province most named in the article
CREATE INDEX articles_story ON articles (story);

-- MinHash signature of each clean body (xieshang::dedup), for incremental grouping.
CREATE TABLE article_signatures (
    article_pk  INTEGER PRIMARY KEY REFERENCES articles (pk) ON DELETE CASCADE,
    signature   BLOB NOT NULL
);

-- One row per distinct person in the corpus (by a folded name key).
CREATE TABLE persons (
    id      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE,                         -- lower-cased, tone-folded name
    name    TEXT NOT NULL                                 -- the name as first printed
);

-- One row per person per article: the first mention, the role as printed and parsed.
CREATE TABLE mentions (
    id           INTEGER PRIMARY KEY,
    article_pk   INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES persons (id),
    name         TEXT NOT NULL,                           -- as printed
    title        TEXT,                                    -- role phrase as printed
    role         TEXT,                                    -- parsed role word(s): chairman, secretary...
    body         TEXT,                                    -- the organization the role belongs to
    body_adcode  TEXT,                                    -- its jurisdiction's code
    start        INTEGER NOT NULL,                        -- span of the first mention
    end          INTEGER NOT NULL,
    title_start  INTEGER,
    title_end    INTEGER,
    occurrences  INTEGER NOT NULL                         -- mentions in the article (full or surname)
);
CREATE INDEX mentions_article ON mentions (article_pk);
CREATE INDEX mentions_person ON mentions (person_id);

-- Administrative divisions named in the corpus (a subset of the embedded gazetteer,
-- GB/T 2260 codes; see GAZETTEER.md for the source and licence).
CREATE TABLE places (
    adcode          TEXT PRIMARY KEY,
    name            TEXT NOT NULL,                        -- pinyin base name: Jiaxing
    name_zh         TEXT NOT NULL,                        -- 嘉兴市
    level           TEXT NOT NULL,                        -- province | prefecture | county | township
    suffix_en       TEXT NOT NULL,                        -- City, District, League...
    parent_adcode   TEXT,
    province_adcode TEXT NOT NULL
);

-- Each place named in an article; adcode NULL when it could not be identified.
CREATE TABLE article_places (
    article_pk  INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    adcode      TEXT REFERENCES places (adcode),
    name        TEXT NOT NULL,                            -- base name as printed
    level       TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL
);
CREATE INDEX article_places_article ON article_places (article_pk);
CREATE INDEX article_places_adcode ON article_places (adcode);

-- One row per distinct organization (CPPCC committees, congresses, CPC committees, governments).
CREATE TABLE organizations (
    id         INTEGER PRIMARY KEY,
    canonical  TEXT NOT NULL UNIQUE,                      -- CPPCC Jiaxing Municipal Committee
    kind       TEXT NOT NULL,                             -- cppcc | congress | ...
    level      TEXT,
    adcode     TEXT
);

CREATE TABLE article_organizations (
    article_pk       INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    organization_id  INTEGER NOT NULL REFERENCES organizations (id),
    text             TEXT NOT NULL,                       -- as printed
    start            INTEGER NOT NULL,
    end              INTEGER NOT NULL
);
CREATE INDEX article_organizations_article ON article_organizations (article_pk);

-- Consultation and liaison platforms named in an article, linked to the glossary concept.
CREATE TABLE article_platforms (
    article_pk  INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    concept     TEXT NOT NULL,                            -- platform.committee_living_room
    zh          TEXT NOT NULL,                            -- 委员会客厅
    text        TEXT NOT NULL,                            -- as printed
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL
);
CREATE INDEX article_platforms_article ON article_platforms (article_pk);
CREATE INDEX article_platforms_concept ON article_platforms (concept);

-- Numbers stated with what they count ("9 living rooms", "158 members settled in").
CREATE TABLE article_facts (
    article_pk  INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    value       INTEGER NOT NULL,
    what        TEXT NOT NULL,                            -- a platform concept, members, deputies...
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL
);
CREATE INDEX article_facts_article ON article_facts (article_pk);
