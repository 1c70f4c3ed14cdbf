-- One person's mention in one article.
INSERT INTO mentions (article_pk, person_id, name, title, role, body, body_adcode,
                      start, end, title_start, title_end, occurrences)
VALUES (:article_pk, :person_id, :name, :title, :role, :body, :body_adcode,
        :start, :end, :title_start, :title_end, :occurrences)
