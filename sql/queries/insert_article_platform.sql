-- A platform named in an article.
INSERT INTO article_platforms (article_pk, concept, zh, text, start, end, body_start, body_end)
VALUES (:article_pk, :concept, :zh, :text, :start, :end, :body_start, :body_end)
