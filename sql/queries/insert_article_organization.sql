-- An organization named in an article.
INSERT INTO article_organizations (article_pk, organization_id, text, start, end, body_start, body_end)
VALUES (:article_pk, :organization_id, :text, :start, :end, :body_start, :body_end)
