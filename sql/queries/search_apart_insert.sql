-- One hit of a search into the table of hits (search_apart_table.sql).
INSERT INTO hits (rowid, title, body) VALUES (:pk, :title, :body)
