-- The tokens of the word index starting with a prefix: those in [:lo, :hi), at most :max.
SELECT term FROM search_postings WHERE term >= :lo AND term < :hi ORDER BY term LIMIT :max
