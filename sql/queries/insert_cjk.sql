-- One article's Chinese trigram row, exactly what the trigger articles_cjk_ai inserts
-- (the build writes these itself, once per batch; see store::ingest).
INSERT INTO articles_cjk (rowid, title, body)
SELECT ?1, t, b FROM (SELECT xieshang_cjk(?2) AS t, xieshang_cjk(?3) AS b)
WHERE t IS NOT NULL OR b IS NOT NULL
