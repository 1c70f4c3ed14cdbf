-- Rows for the JSONL/CSV export, in id order.
SELECT pk, id, title, published, source, dateline, body, story
FROM articles
ORDER BY id
