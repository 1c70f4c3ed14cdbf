//! The posting-list engine held to plain FTS5 on random queries: over a corpus whose
//! vocabulary has diacritics, digits, hyphens, English words sharing a stem, phrases and
//! Chinese, any query of the language (words, phrases, prefixes, `AND`, `OR`, `NOT`,
//! CJK terms) gives the same hits both ways: the same ids in the same order (equal ranks
//! aside), ranks equal within a rounding, the same snippets.

use std::cell::Cell;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use rusqlite::Connection;

use super::eval::Engine;
use super::query::{parse_query, Query};
use super::{search, topk, SearchOptions};
use crate::error::Result;
use crate::model::SearchHit;

/// Words of the corpus: stems shared (consult, consultation, consultative), diacritics
/// folded by the index (café, Ürümqi), digits, hyphenated words (two tokens), and a
/// Porter stem that is not its own stem (committee → committe → committ).
const WORDS: &[&str] = &[
    "committee",
    "committees",
    "consult",
    "consultation",
    "consultative",
    "consulting",
    "member",
    "members",
    "membership",
    "studio",
    "studios",
    "study",
    "studies",
    "studied",
    "student",
    "living",
    "room",
    "rooms",
    "people's",
    "congress",
    "deputy",
    "deputies",
    "liaison",
    "station",
    "forum",
    "council",
    "river",
    "elderly",
    "care",
    "grass-roots",
    "co-operation",
    "e-government",
    "well-being",
    "café",
    "naïve",
    "Ürümqi",
    "São",
    "résumé",
    "Zürich",
    "2023",
    "2024",
    "14th",
    "3rd",
    "100",
    "COVID-19",
    "5G",
    "Q&A",
    "Hangzhou",
    "Jiaxing",
    "Hengyang",
];

/// Chinese of the corpus: one, two and three or more characters (trigram phrases).
const CJK: &[&str] = &["政协", "委员", "委员会客厅", "人大代表", "协商民主", "客厅", "会", "嘉兴市", "杭州"];

/// Word pairs the articles print side by side, so that phrases match.
const PAIRS: &[&str] = &[
    "living room",
    "member studio",
    "people's congress",
    "liaison station",
    "co-operation forum",
    "elderly care",
    "consultative council",
    "café studio",
];

fn next(seed: &mut u64, n: usize) -> usize {
    *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    ((*seed >> 33) as usize) % n
}

/// Skewed draws: the lower of two, so that early words are in most articles.
fn word(seed: &mut u64) -> &'static str {
    WORDS[next(seed, WORDS.len()).min(next(seed, WORDS.len()))]
}

/// 240 articles; titles and bodies of sentences over the vocabulary, some with Chinese.
fn corpus(dir: &std::path::Path) -> Result<Connection> {
    let input = dir.join("in");
    std::fs::create_dir_all(&input)?;
    let mut seed = 20;
    for i in 0..240 {
        let title = format!("Report {i}: the {} {} {}", word(&mut seed), word(&mut seed), word(&mut seed));
        let mut body = String::new();
        for _ in 0..(2 + next(&mut seed, 10)) {
            let (a, b, c, d) = (word(&mut seed), word(&mut seed), word(&mut seed), word(&mut seed));
            body.push_str(&format!("The {a} {b} met the {c} on {d}. "));
            if next(&mut seed, 3) == 0 {
                body.push_str(&format!(
                    "A {} opened for the {}. ",
                    PAIRS[next(&mut seed, PAIRS.len())],
                    word(&mut seed)
                ));
            }
            if next(&mut seed, 6) == 0 {
                let (x, y) = (CJK[next(&mut seed, CJK.len())], CJK[next(&mut seed, CJK.len())]);
                body.push_str(&format!("The {} ({x}{y}) met. ", word(&mut seed)));
            }
        }
        let text = format!(
            "Home > News > Local\n{title}\nRelease date: 2023-05-{:02}\nInformation source: Test Daily\n\n{body}\n\nLeave a Reply\n",
            1 + i % 28
        );
        std::fs::write(input.join(format!("{i:03}.txt")), text)?;
    }
    let db = dir.join("d.db");
    crate::Corpus::build(&[input], &db, &crate::BuildOptions::default())?;
    let conn = Connection::open(&db)?;
    super::register_functions(&conn)?;
    Ok(conn)
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// One term: a word, a pair or random phrase, a prefix of a word or of a phrase, Chinese.
fn term() -> impl Strategy<Value = String> {
    let word = proptest::sample::select(WORDS);
    let pair = proptest::sample::select(PAIRS);
    let cjk = proptest::sample::select(CJK);
    prop_oneof![
        4 => word.clone().prop_map(str::to_string),
        2 => pair.clone().prop_map(quoted),
        1 => (word.clone(), word.clone()).prop_map(|(a, b)| quoted(&format!("{a} {b}"))),
        2 => (word, 1..5usize).prop_map(|(w, n)| format!("{}*", w.chars().take(n).collect::<String>())),
        1 => (pair, 1..4usize).prop_map(|(p, n)| {
            let cut = p.chars().count().saturating_sub(n);
            format!("{}*", quoted(&p.chars().take(cut).collect::<String>()))
        }),
        1 => cjk.prop_map(str::to_string),
    ]
}

/// A query: terms under implicit and explicit `AND`, `OR`, `NOT` and parentheses.
fn query() -> impl Strategy<Value = String> {
    term().prop_recursive(3, 10, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 2..4).prop_map(|v| v.join(" ")),
            proptest::collection::vec(inner.clone(), 2..4).prop_map(|v| format!("({})", v.join(" OR "))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} AND {b}")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("({a} NOT {b})")),
        ]
    })
}

/// Hits as runs of equal rank (within `tol`): the order inside a run is the engine's own.
fn runs(hits: &[SearchHit], tol: f64) -> Vec<Vec<&SearchHit>> {
    let mut out: Vec<Vec<&SearchHit>> = Vec::new();
    for h in hits {
        match out.last_mut() {
            Some(run) if (run[0].rank - h.rank).abs() <= tol * run[0].rank.abs().max(1.0) => run.push(h),
            _ => out.push(vec![h]),
        }
    }
    out
}

/// Where two searches' hits differ, if they do.
fn differ(lists: &[SearchHit], plain: &[SearchHit], limit: usize) -> Option<String> {
    const TOL: f64 = 1e-9;
    if lists.len() != plain.len() {
        return Some(format!("{} hits against {}", lists.len(), plain.len()));
    }
    for (a, b) in lists.iter().zip(plain) {
        if (a.rank - b.rank).abs() > TOL * b.rank.abs().max(1.0) {
            return Some(format!("rank {} ({}) against {} ({})", a.rank, a.id, b.rank, b.id));
        }
    }
    let (ra, rb) = (runs(lists, TOL), runs(plain, TOL));
    let cut = lists.len() == limit;
    for (k, (x, y)) in ra.iter().zip(&rb).enumerate() {
        // The last run may be cut by the limit: its members then depend on the order of ties.
        if cut && k + 1 == ra.len() {
            break;
        }
        let mut x: Vec<&SearchHit> = x.clone();
        let mut y: Vec<&SearchHit> = y.clone();
        x.sort_by(|a, b| a.id.cmp(&b.id));
        y.sort_by(|a, b| a.id.cmp(&b.id));
        for (a, b) in x.iter().zip(&y) {
            if a.id != b.id {
                return Some(format!("{} against {} at rank {}", a.id, b.id, a.rank));
            }
            if a.snippet != b.snippet {
                return Some(format!("snippet of {}: {:?} against {:?}", a.id, a.snippet, b.snippet));
            }
        }
    }
    None
}

fn check(conn: &Connection, q: &str, limit: usize, answered: &Cell<usize>) -> std::result::Result<(), TestCaseError> {
    let options = SearchOptions { limit, ..SearchOptions::default() };
    let fail = |e: crate::Error| TestCaseError::fail(format!("{q}: {e}"));
    let lists = search(conn, q, &options, Engine::Lists).map_err(fail)?;
    let plain = search(conn, q, &options, Engine::Fts5).map_err(fail)?;
    if let Some(why) = differ(&lists, &plain, limit) {
        return Err(TestCaseError::fail(format!("{q} (limit {limit}): {why}")));
    }
    let parsed: Query = parse_query(q).map_err(fail)?;
    if !parsed.has_cjk() && topk::rank(conn, &parsed).map_err(fail)?.is_some() {
        answered.set(answered.get() + 1);
    }
    Ok(())
}

#[test]
fn the_lists_give_what_plain_fts5_gives_for_random_queries() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let conn = corpus(dir.path())?;
    assert!(topk::is_fresh(&conn)?);
    // The corpus is what the comparison needs: frequent words in most articles, phrases,
    // folded diacritics, hyphens and Chinese all matching.
    let count = |q: &str| -> Result<usize> {
        Ok(search(&conn, q, &SearchOptions { limit: 1000, ..SearchOptions::default() }, Engine::Fts5)?.len())
    };
    assert!(count("committee")? > 150, "committee");
    for q in ["\"living room\"", "cafe", "urumqi", "\"grass roots\"", "covid", "政协", "委员会客厅", "会"] {
        assert!(count(q)? > 3, "{q}");
    }
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400);
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let (answered, cases) = (Cell::new(0), Cell::new(0));
    runner
        .run(&(query(), 1..30usize), |(q, limit)| {
            cases.set(cases.get() + 1);
            check(&conn, &q, limit, &answered)
        })
        .map_err(|e| crate::Error::BadArgument(format!("{e}")))?;
    // Many queries were answered by the lists, not handed back to FTS5.
    let (answered, cases) = (answered.get(), cases.get());
    assert!(answered * 3 > cases, "{answered} of {cases} queries answered from the lists");
    Ok(())
}

/// Queries the random ones found disagreeing, kept: (query, limit).
#[test]
fn queries_that_once_disagreed_agree() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let conn = corpus(dir.path())?;
    let answered = Cell::new(0);
    let found = [
        // Snippets made with each prefix spelled out as the OR of its expansions: FTS5
        // scores a fragment by the distinct phrases in it, and each expansion counted as
        // one, so another fragment won.
        ("(committee AND con* NOT member)", 4),
        // Snippets made in a table of the hits alone, for a NOT inside an OR: FTS5 then
        // reported instances of the excluded prefix.
        ("(studio OR (\"living room\" NOT (c* OR sta*)))", 2),
    ];
    for (q, limit) in found {
        check(&conn, q, limit, &answered).map_err(|e| crate::Error::BadArgument(format!("{e}")))?;
    }
    assert_eq!(answered.get(), 1, "the first is answered from the lists, the second by FTS5");
    Ok(())
}
