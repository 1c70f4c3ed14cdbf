-- The platforms of one hit that the platform filter matched, as printed, in text order.
SELECT text FROM article_platforms
WHERE article_pk = :pk
  AND (concept = :platform OR concept = 'platform.' || :platform OR zh = :platform
       OR instr(lower(text), lower(:platform)) > 0)
ORDER BY start
