-- The number of documents whose lines are counted in corpus_lines.
SELECT value FROM corpus_meta WHERE key = 'counted_docs'
