-- One token's posting list.
INSERT INTO search_postings (term, docs, postings, positions) VALUES (?1, ?2, ?3, ?4)
