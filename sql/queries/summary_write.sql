-- Stores one count of the corpus summary (a build's last transaction).
INSERT INTO corpus_meta (key, value) VALUES (:key, :value)
ON CONFLICT (key) DO UPDATE SET value = excluded.value
