-- The id stored for some raw bytes, if any.
SELECT id FROM articles WHERE sha256 = :sha256
