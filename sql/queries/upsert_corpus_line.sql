-- Adds to a line's document count.
INSERT INTO corpus_lines (hash, docs) VALUES (:hash, :docs)
ON CONFLICT (hash) DO UPDATE SET docs = docs + excluded.docs
