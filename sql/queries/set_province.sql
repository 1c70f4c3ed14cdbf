-- Sets an article's main province.
UPDATE articles SET province_adcode = :province WHERE pk = :pk
