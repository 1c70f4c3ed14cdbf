-- The places of one hit that the place filter matched, in text order.
SELECT name, adcode FROM article_places WHERE article_pk = :pk AND adcode >= :lo AND adcode < :hi ORDER BY start
