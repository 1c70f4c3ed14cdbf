-- xieshang schema, version 3: events (meetings and activities) with their places and
-- participants, and policy-area topics. Spans are character offsets into articles.raw.

-- One row per meeting or activity reported in an article (repeated mentions merged).
CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    article_pk       INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    type             TEXT NOT NULL,                   -- glossary key: event.work_promotion_meeting
    text             TEXT NOT NULL,                   -- the phrase as printed at its first mention
    start            INTEGER NOT NULL,                -- span of that phrase
    end              INTEGER NOT NULL,
    date_from        TEXT,                            -- resolved ISO date, NULL if not stated
    date_to          TEXT,                            -- last day of a range, else NULL
    precision        TEXT CHECK (precision IN ('day', 'month', 'year')),
    date_text        TEXT,                            -- the date phrase as printed ("Yesterday")
    date_start       INTEGER,                         -- span of the date phrase
    date_end         INTEGER,
    organizer        TEXT,                            -- canonical name of the body that held it
    organization_id  INTEGER REFERENCES organizations (id),
    organizer_start  INTEGER,                         -- span of the organizer as printed
    organizer_end    INTEGER,
    place_adcode     TEXT REFERENCES places (adcode)  -- the primary (first named) place
);
CREATE INDEX events_article ON events (article_pk);
CREATE INDEX events_type ON events (type);

-- Every place an event took place in (a research tour may cross several cities).
CREATE TABLE event_places (
    event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    adcode    TEXT REFERENCES places (adcode),        -- NULL when the place was not identified
    name      TEXT NOT NULL,                          -- gazetteer base name (Hinggan), else as printed
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL
);
CREATE INDEX event_places_event ON event_places (event_id);

-- People taking part in an event, with their role; one row per person per role.
CREATE TABLE event_participants (
    event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES persons (id),
    mention_id  INTEGER REFERENCES mentions (id) ON DELETE CASCADE,  -- the person's row in this article
    name        TEXT NOT NULL,                        -- as in mentions.name
    role        TEXT NOT NULL CHECK (role IN ('presided', 'spoke', 'attended', 'led')),
    start       INTEGER NOT NULL,                     -- the mention that gives the role
    end         INTEGER NOT NULL
);
CREATE INDEX event_participants_event ON event_participants (event_id);
CREATE INDEX event_participants_person ON event_participants (person_id);

-- Policy-area topics (docs/topics.md): one row per evidence term occurrence.
CREATE TABLE article_topics (
    article_pk  INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    topic       TEXT NOT NULL,                        -- rural_revitalization, party_building ...
    term        TEXT NOT NULL,                        -- the evidence term as printed
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL
);
CREATE INDEX article_topics_article ON article_topics (article_pk);
CREATE INDEX article_topics_topic ON article_topics (topic);
