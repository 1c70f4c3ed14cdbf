-- Trigram-index matches of CJK text (three or more characters) with their bm25 rank.
SELECT rowid AS pk, rank FROM articles_cjk WHERE articles_cjk MATCH :query
