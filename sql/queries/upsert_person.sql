-- The id of the person with this key, created on first sight.
INSERT INTO persons (key, name) VALUES (:key, :name)
ON CONFLICT (key) DO UPDATE SET key = excluded.key
RETURNING id
