-- One token's impact list.
INSERT INTO search_terms (term, docs, hits) VALUES (:term, :docs, :hits)
