-- The sha256 stored under an id, if any.
SELECT sha256 FROM articles WHERE id = :id
