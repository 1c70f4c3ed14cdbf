-- One date phrase found in an article's body.
INSERT INTO article_dates (article_pk, text, start, end, date_from, date_to, precision)
VALUES (:article_pk, :text, :start, :end, :date_from, :date_to, :precision)
