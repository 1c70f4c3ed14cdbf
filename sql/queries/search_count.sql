-- Documents matching an FTS5 expression (a phrase's document count for its IDF).
SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :query
