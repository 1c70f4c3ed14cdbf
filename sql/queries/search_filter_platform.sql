-- Articles naming a platform: by glossary concept (with or without `platform.`), by its
-- Chinese term, or by words of the text as printed (case-insensitive).
SELECT article_pk FROM article_platforms
WHERE concept = :platform OR concept = 'platform.' || :platform OR zh = :platform
   OR instr(lower(text), lower(:platform)) > 0
