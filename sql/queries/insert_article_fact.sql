-- A count stated in an article.
INSERT INTO article_facts (article_pk, value, what, text, start, end)
VALUES (:article_pk, :value, :what, :text, :start, :end)
