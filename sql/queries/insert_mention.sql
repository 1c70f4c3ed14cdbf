-- One person's mention in one article.
INSERT INTO mentions (article_pk, person_id, name, title, role, body, body_adcode,
                      start, end, title_start, title_end, occurrences, body_start, body_end)
VALUES (:article_pk, :person_id, :name, :title, :role, :body, :body_adcode,
        :start, :end, :title_start, :title_end, :occurrences, :body_start, :body_end)
