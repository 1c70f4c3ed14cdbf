-- Articles published between :since and :until (inclusive, YYYY-MM-DD). A partial date
-- (2023-05, 2023) counts as its first day; the first two terms let the index narrow.
SELECT pk FROM articles
WHERE published >= substr(:since, 1, 4) AND published <= :until
  AND (CASE length(published) WHEN 4 THEN published || '-01-01' WHEN 7 THEN published || '-01' ELSE published END)
      BETWEEN :since AND :until
