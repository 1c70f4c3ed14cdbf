-- The impact lists of the tokens in [:lo, :hi): every token starting with a prefix (0006).
SELECT term, docs, hits FROM search_terms WHERE term >= :lo AND term < :hi ORDER BY term
