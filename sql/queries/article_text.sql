-- One article's raw text and the spans of its body paragraphs in it (JSON).
SELECT raw, body_spans FROM articles WHERE id = :id
