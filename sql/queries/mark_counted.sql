-- Marks every stored document's lines as counted in corpus_lines.
UPDATE articles SET counted = 1 WHERE counted = 0
