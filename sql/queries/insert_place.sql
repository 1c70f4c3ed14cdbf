-- A division from the gazetteer, stored once.
INSERT INTO places (adcode, name, name_zh, level, suffix_en, parent_adcode, province_adcode)
VALUES (:adcode, :name, :name_zh, :level, :suffix_en, :parent_adcode, :province_adcode)
ON CONFLICT (adcode) DO NOTHING
