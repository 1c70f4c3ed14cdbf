-- One article's id, raw text and stored body, by pk (what check compares body spans with).
SELECT id, raw, body FROM articles WHERE pk = :pk
