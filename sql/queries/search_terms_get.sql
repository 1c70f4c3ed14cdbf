-- The impact list of one token of the word index (0006).
SELECT docs, hits FROM search_terms WHERE term = :term
