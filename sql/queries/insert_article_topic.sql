-- One evidence term of a topic in an article.
INSERT INTO article_topics (article_pk, topic, term, start, end)
VALUES (:article_pk, :topic, :term, :start, :end)
