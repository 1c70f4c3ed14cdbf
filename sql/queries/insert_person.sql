-- A person, created on first sight; a key already stored is left as it is (then
-- person_by_key.sql gives its id). No RETURNING: SQLite collects returned rows in a
-- temporary table, opened and closed at every statement.
INSERT INTO persons (key, name) VALUES (:key, :name)
ON CONFLICT (key) DO NOTHING
