-- xieshang schema: search. A trigram index for Chinese text beside the word index, and
-- the word index's default ranking.
--
-- The word index (articles_fts, unicode61 + Porter) cannot search Chinese: it has no
-- word breaks, so a whole run of Han characters is one token. The trigram tokenizer
-- indexes every three consecutive characters, which finds any substring of three or more
-- characters. Indexing whole titles and bodies with trigrams would roughly double the
-- database for English articles that hold no Chinese at all, so this index holds only
-- the CJK runs of each article: every whitespace-separated piece of the title and body
-- that contains a CJK character (Han, kana, hangul, CJK punctuation or full-width form),
-- with its attached ASCII (`(委员会客厅)`, `2023年`), pieces that were adjacent joined by
-- one space, other pieces by a line break. xieshang_cjk() (a function xieshang registers
-- on its connections) computes that text; it returns NULL when there is no CJK at all,
-- and such articles get no row. One- and two-character queries, too short for trigrams,
-- are answered by scanning this small table with instr().

-- CJK runs of each article's title and body; rowid = articles.pk.
CREATE VIRTUAL TABLE articles_cjk USING fts5 (
    title,                                              -- CJK runs of the title
    body,                                               -- CJK runs of the body
    tokenize = 'trigram'
);

INSERT INTO articles_cjk (rowid, title, body)
SELECT pk, t, b FROM (SELECT pk, xieshang_cjk(title) AS t, xieshang_cjk(body) AS b FROM articles)
WHERE t IS NOT NULL OR b IS NOT NULL;

CREATE TRIGGER articles_cjk_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_cjk (rowid, title, body)
    SELECT new.pk, t, b FROM (SELECT xieshang_cjk(new.title) AS t, xieshang_cjk(new.body) AS b)
    WHERE t IS NOT NULL OR b IS NOT NULL;
END;

CREATE TRIGGER articles_cjk_ad AFTER DELETE ON articles BEGIN
    DELETE FROM articles_cjk WHERE rowid = old.pk;
END;

CREATE TRIGGER articles_cjk_au AFTER UPDATE OF title, body ON articles BEGIN
    DELETE FROM articles_cjk WHERE rowid = old.pk;
    INSERT INTO articles_cjk (rowid, title, body)
    SELECT new.pk, t, b FROM (SELECT xieshang_cjk(new.title) AS t, xieshang_cjk(new.body) AS b)
    WHERE t IS NOT NULL OR b IS NOT NULL;
END;

-- Both indexes rank with bm25, a title match weighing ten body matches: `ORDER BY rank`
-- lets FTS5 sort inside the index.
INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)');
INSERT INTO articles_cjk (articles_cjk, rank) VALUES ('rank', 'bm25(10.0, 1.0)');
