-- The indexes the schema creates itself (not those of UNIQUE and PRIMARY KEY constraints),
-- with the statements that create them, in schema order.
SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid
