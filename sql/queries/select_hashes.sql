-- Every stored document's hash, and whether its lines are in corpus_lines.
SELECT sha256, counted FROM articles
