-- One event of an article (its id is the rowid; no RETURNING, see insert_person.sql).
INSERT INTO events (article_pk, type, text, start, end, date_from, date_to, precision, date_text, date_start,
                    date_end, organizer, organization_id, organizer_start, organizer_end, place_adcode)
VALUES (:article_pk, :type, :text, :start, :end, :date_from, :date_to, :precision, :date_text, :date_start,
        :date_end, :organizer, :organization_id, :organizer_start, :organizer_end, :place_adcode)
