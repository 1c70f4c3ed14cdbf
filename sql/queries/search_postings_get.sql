-- One token's posting list (0008); its positions only when asked for.
SELECT docs, postings, CASE WHEN :positions THEN positions END FROM search_postings WHERE term = :term
