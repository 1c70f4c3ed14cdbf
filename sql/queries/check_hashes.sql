-- What the hash check needs of every article.
SELECT id, raw, encoding, sha256 FROM articles ORDER BY pk
