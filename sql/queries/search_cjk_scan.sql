-- CJK text too short for trigrams (one or two characters): a scan of the CJK runs.
SELECT rowid AS pk, title, body FROM articles_cjk WHERE instr(title, :text) > 0 OR instr(body, :text) > 0
