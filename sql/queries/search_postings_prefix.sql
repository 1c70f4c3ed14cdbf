-- The posting lists of the tokens in [:lo, :hi): every token starting with a prefix (0009);
-- their positions only when asked for.
SELECT postings, CASE WHEN :positions THEN positions END
FROM search_postings WHERE term >= :lo AND term < :hi ORDER BY term
