-- The name of every trigger of the schema.
SELECT name FROM sqlite_master WHERE type = 'trigger'
