-- An article's MinHash signature.
INSERT INTO article_signatures (article_pk, signature) VALUES (:article_pk, :signature)
ON CONFLICT (article_pk) DO UPDATE SET signature = excluded.signature
