-- The id of the person stored under this key.
SELECT id FROM persons WHERE key = :key
