-- The leaf pages of one segment of the word index, in order: rowids ?1 to ?2
-- (segment id << 37 | page number).
SELECT id, block FROM articles_fts_data WHERE id BETWEEN ?1 AND ?2 ORDER BY id
