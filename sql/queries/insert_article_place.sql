-- A place named in an article.
INSERT INTO article_places (article_pk, adcode, name, level, start, end, body_start, body_end)
VALUES (:article_pk, :adcode, :name, :level, :start, :end, :body_start, :body_end)
