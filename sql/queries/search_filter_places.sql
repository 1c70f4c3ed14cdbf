-- Articles naming a place whose code lies in [:lo, :hi) (a division and its descendants).
SELECT article_pk FROM article_places WHERE adcode >= :lo AND adcode < :hi
