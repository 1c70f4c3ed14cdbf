-- Every stored signature, in storage order.
SELECT article_pk, signature FROM article_signatures
