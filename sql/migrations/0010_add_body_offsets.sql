-- xieshang schema, version 10: every person, place, organization and platform mention
-- also has its span in the clean body, so that a reader can mark it in `articles.body`
-- without redoing the normalizer's work.
--
-- `body_start`/`body_end` are character (code point) offsets into `articles.body`, end
-- exclusive, like every other span (which index `articles.raw`): in Python
-- `body[body_start:body_end]`, in SQL `substr(body, body_start + 1, body_end - body_start)`.
-- That slice is the mention's raw text as the body has it: lines trimmed, blank lines
-- dropped, folded (NFC, full-width forms). NULL when the mention is not in the body (the
-- headline, the dateline), and in rows stored before this version until a rebuild.

ALTER TABLE mentions ADD COLUMN body_start INTEGER;              -- span of the first mention in articles.body
ALTER TABLE mentions ADD COLUMN body_end INTEGER;
ALTER TABLE article_places ADD COLUMN body_start INTEGER;        -- span in articles.body
ALTER TABLE article_places ADD COLUMN body_end INTEGER;
ALTER TABLE article_organizations ADD COLUMN body_start INTEGER; -- span in articles.body
ALTER TABLE article_organizations ADD COLUMN body_end INTEGER;
ALTER TABLE article_platforms ADD COLUMN body_start INTEGER;     -- span in articles.body
ALTER TABLE article_platforms ADD COLUMN body_end INTEGER;
