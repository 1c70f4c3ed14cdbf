-- Marks as counted in corpus_lines the documents whose lines this build counted: those
-- it added (pk above the highest stored before it) and the stored ones it found
-- uncounted in its input (left so by a killed build), listed in the JSON array
-- :recounted of their SHA-256. Uncounted documents that are not in this build's input
-- stay uncounted: their lines are counted by the build that next reads them.
UPDATE articles SET counted = 1
WHERE counted = 0
  AND (pk > :before OR sha256 IN (SELECT value FROM json_each(:recounted)))
