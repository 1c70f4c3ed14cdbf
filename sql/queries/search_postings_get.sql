-- One token's posting list (0009); its positions only when asked for.
SELECT postings, CASE WHEN :positions THEN positions END FROM search_postings WHERE term = :term
