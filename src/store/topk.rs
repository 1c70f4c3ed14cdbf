//! Exact bm25 top hits without scoring every match: impact lists (`search_terms`, see
//! `sql/migrations/0006_search_terms.sql`) and a bound that proves when they suffice.
//!
//! FTS5's `bm25()` gives a document `d` the score `Σ_p idf_p · F(f_pd, D_d)` over the
//! phrases `p` of the query, where `f_pd` is the phrase's column-weighted hit count in
//! `d` (title 10, body 1), `D_d` the document's size and
//! `F(f, D) = f (k1 + 1) / (f + k1 (1 - b + b D / avgdl))`, increasing in `f`.
//!
//! For every token `t` the build stores the documents with the highest `F(f_td, D_d)`
//! (all of them for tokens in at most [`LIST_LEN`] documents), so every other document
//! scores at most `β_t`, the list's last score. A query phrase gets an upper bound from
//! its tokens: a phrase's hits are hits of each of its tokens, so `F_p ≤ F_t` for each
//! token; a prefix's hits are the sum over its expansions, bounded in `f` space (see
//! [`prefix_bound`]). Documents in the lists are candidates; each has an upper bound,
//! and an exact score either straight from the lists (single-token phrases whose lists
//! hold or provably exclude it) or from FTS5 for that one row (`xieshang_freqs`). Hits
//! are emitted best first while the best exact score is at least every remaining
//! candidate's bound and the bound `U = Σ idf_p β_p` of all documents outside the lists.
//! When the lists run out, or too many rows need FTS5, the rest of the ranking comes from
//! a plain `ORDER BY rank` query (hits already emitted are skipped), so the result is
//! always bm25's; the fast part is exact up to ties between equal scores.
//!
//! Not handled (plain FTS5): stale lists, an `AND` inside an `OR` (FTS5 then counts a
//! phrase's hits depending on how its iterators happen to be positioned), query terms
//! that tokenize to nothing.

use std::collections::{HashMap, HashSet, VecDeque};

use rusqlite::{named_params, Connection, OptionalExtension};

use super::fts5;
use super::schema::sql_file;
use super::search::{stream_words, Query};
use crate::error::{Error, Result};

const TERMS_GET: &str = sql_file!("queries/search_terms_get.sql");
const TERMS_PREFIX: &str = sql_file!("queries/search_terms_prefix.sql");
const TERMS_RECORD: &str = sql_file!("queries/search_terms_record.sql");
const TERMS_FRESH: &str = sql_file!("queries/search_terms_fresh.sql");
const TERMS_CLEAR: &str = sql_file!("queries/search_terms_clear.sql");
const TERMS_INSERT: &str = sql_file!("queries/search_terms_insert.sql");
const TERMS_STAMP: &str = sql_file!("queries/search_terms_stamp.sql");
const TERMS_SIZES: &str = sql_file!("queries/search_terms_sizes.sql");
const TERMS_VOCAB: &str = sql_file!("queries/search_terms_vocab.sql");
const TERMS_SCAN: &str = sql_file!("queries/search_terms_scan.sql");
const TERMS_VOCAB_DROP: &str = sql_file!("queries/search_terms_vocab_drop.sql");
const FTS_OPTIMIZE: &str = sql_file!("queries/fts_optimize.sql");
const SEARCH_FREQS: &str = sql_file!("queries/search_freqs.sql");
const SEARCH_COUNT: &str = sql_file!("queries/search_count.sql");
const SEARCH_SWEEP: &str = sql_file!("queries/search_sweep.sql");
const SEARCH_SWEEP_CANDIDATES: &str = sql_file!("queries/search_sweep_candidates.sql");

/// Documents kept per token.
pub const LIST_LEN: usize = 4096;
/// How deep the lists are read: a first try on their heads, the whole lists when that
/// cannot prove the top hits.
const DEPTHS: [usize; 2] = [1024, LIST_LEN];
/// Rows scored by FTS5 one at a time before scoring all remaining candidates in one
/// pass over the matches.
const VERIFY_BUDGET: usize = 16;
/// Queries with at most this many matches go straight to plain FTS5 (a few ms).
#[cfg(not(test))]
const PLAIN_MAX: i64 = 2000;
/// (Unit tests run the lists on small corpora.)
#[cfg(test)]
const PLAIN_MAX: i64 = 0;
/// Column weights of the rank (0004_search.sql): title, body.
const WEIGHTS: [u32; 2] = [10, 1];
/// bm25 constants, as in FTS5.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Relative slack on derived bounds, against rounding.
const SLACK: f64 = 1e-9;

/// `F(f, D)`, the per-phrase factor of bm25, written as FTS5 writes it.
fn tf(f: f64, d: f64, avgdl: f64) -> f64 {
    (f * (K1 + 1.0)) / (f + K1 * (1.0 - B + B * d / avgdl))
}

/// bm25's IDF, as in FTS5 (never below 1e-6).
fn idf(rows: i64, hits: i64) -> f64 {
    let v = (((rows - hits) as f64 + 0.5) / (hits as f64 + 0.5)).ln();
    if v <= 0.0 {
        1e-6
    } else {
        v
    }
}

/// The score FTS5's `bm25()` returns negated (higher is better), summed in phrase order.
fn score(idf: &[f64], f: &[f64], d: f64, avgdl: f64) -> f64 {
    let mut s = 0.0;
    for (i, f) in idf.iter().zip(f) {
        s += i * tf(*f, d, avgdl);
    }
    s
}

/// A SQLite varint (as FTS5 stores sizes): value and length.
fn varint(buf: &[u8]) -> Option<(u64, usize)> {
    let mut v: u64 = 0;
    for (i, &byte) in buf.iter().enumerate().take(9) {
        if i == 8 {
            return Some(((v << 8) | u64::from(byte), 9));
        }
        v = (v << 7) | u64::from(byte & 0x7f);
        if byte & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

/// All varints of a blob.
fn varints(mut buf: &[u8]) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        let (v, n) = varint(buf)?;
        out.push(v);
        buf = &buf[n..];
    }
    Some(out)
}

/// Document count and average size of the word index, from its statistics record.
fn totals(record: &[u8]) -> Option<(i64, f64)> {
    let v = varints(record)?;
    let (&rows, cols) = v.split_first()?;
    let tokens: u64 = cols.iter().sum();
    if rows == 0 {
        return None;
    }
    Some((rows as i64, tokens as f64 / rows as f64))
}

// ---------------------------------------------------------------------------------------
// Build: refreshing the lists

/// Whether the impact lists were made for the word index as it is.
pub(crate) fn is_fresh(conn: &Connection) -> Result<bool> {
    let fresh: Option<bool> = conn.prepare_cached(TERMS_FRESH)?.query_row([], |r| r.get(1)).optional()?;
    Ok(fresh.unwrap_or(false))
}

/// Merges the word index and rewrites every impact list, at the end of a build.
/// Costs one pass over all token occurrences.
pub(crate) fn refresh(conn: &Connection) -> Result<()> {
    refresh_with(conn, LIST_LEN)
}

/// [`refresh`] keeping `list_len` documents per token.
fn refresh_with(conn: &Connection, list_len: usize) -> Result<()> {
    let list_len = list_len.max(1);
    conn.execute(FTS_OPTIMIZE, [])?;
    let tx = conn.unchecked_transaction()?;
    tx.execute(TERMS_CLEAR, [])?;
    let record: Option<Vec<u8>> = tx.query_row(TERMS_RECORD, [], |r| r.get(0)).optional()?;
    let Some((_, avgdl)) = record.as_deref().and_then(totals) else {
        // An empty index: nothing to list; stamp it so searches know the lists are current.
        tx.execute(TERMS_STAMP, [])?;
        return Ok(tx.commit()?);
    };
    let mut sizes: HashMap<i64, u32> = HashMap::new();
    {
        let mut stmt = tx.prepare(TERMS_SIZES)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let sz: Vec<u8> = row.get(1)?;
            let d: u64 = varints(&sz).unwrap_or_default().iter().sum();
            sizes.insert(row.get(0)?, u32::try_from(d).unwrap_or(u32::MAX));
        }
    }
    tx.execute_batch(TERMS_VOCAB)?;
    {
        let mut insert = tx.prepare(TERMS_INSERT)?;
        let mut stmt = tx.prepare(TERMS_SCAN)?;
        let mut rows = stmt.query([])?;
        let mut term = String::new();
        let mut docs: Vec<(i64, u32)> = Vec::new(); // (pk, weighted hits) of the current term
        let mut flush = |term: &str, docs: &mut Vec<(i64, u32)>| -> Result<()> {
            if term.is_empty() || docs.is_empty() {
                docs.clear();
                return Ok(());
            }
            let mut scored: Vec<(f64, i64, u32, u32)> = docs
                .iter()
                .map(|&(pk, f)| {
                    let d = sizes.get(&pk).copied().unwrap_or(0);
                    (tf(f64::from(f), f64::from(d), avgdl), pk, f, d)
                })
                .collect();
            let best = |a: &(f64, i64, u32, u32), b: &(f64, i64, u32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
            if scored.len() > list_len {
                scored.select_nth_unstable_by(list_len - 1, best);
                scored.truncate(list_len);
            }
            scored.sort_by(best);
            let mut blob = Vec::with_capacity(scored.len() * 16);
            for (_, pk, f, d) in &scored {
                blob.extend_from_slice(&pk.to_le_bytes());
                blob.extend_from_slice(&f.to_le_bytes());
                blob.extend_from_slice(&d.to_le_bytes());
            }
            insert.execute(named_params! {":term": term, ":docs": docs.len() as i64, ":hits": blob})?;
            docs.clear();
            Ok(())
        };
        while let Some(row) = rows.next()? {
            let t = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            if t != term {
                flush(&term, &mut docs)?;
                term.clear();
                term.push_str(t);
            }
            let pk: i64 = row.get(1)?;
            let col: String = row.get(2)?;
            let w = if col == "title" { WEIGHTS[0] } else { WEIGHTS[1] };
            match docs.last_mut() {
                Some((last, f)) if *last == pk => *f = f.saturating_add(w),
                _ => docs.push((pk, w)),
            }
        }
        flush(&term, &mut docs)?;
    }
    tx.execute_batch(TERMS_VOCAB_DROP)?;
    tx.execute(TERMS_STAMP, [])?;
    Ok(tx.commit()?)
}

// ---------------------------------------------------------------------------------------
// Search

/// One token's impact list.
struct List {
    /// Documents holding the token.
    docs: i64,
    /// pk → (weighted hits, size).
    hits: HashMap<i64, (u32, u32)>,
    /// The list holds every document with the token.
    complete: bool,
    /// No document outside the list scores above this `F` (0 when complete).
    beta: f64,
}

impl List {
    /// The first `depth` entries of a stored list.
    fn decode(docs: i64, blob: &[u8], depth: usize, avgdl: f64, sizes: &mut HashMap<i64, u32>) -> List {
        let mut hits = HashMap::with_capacity((blob.len() / 16).min(depth));
        let mut last = 0.0;
        for e in blob.chunks_exact(16).take(depth) {
            let pk = i64::from_le_bytes(e[0..8].try_into().unwrap_or_default());
            let f = u32::from_le_bytes(e[8..12].try_into().unwrap_or_default());
            let d = u32::from_le_bytes(e[12..16].try_into().unwrap_or_default());
            hits.insert(pk, (f, d));
            sizes.insert(pk, d);
            last = tf(f64::from(f), f64::from(d), avgdl);
        }
        let complete = hits.len() as i64 >= docs;
        List { docs, hits, complete, beta: if complete { 0.0 } else { last } }
    }

    /// Whether `pk` holds the token: known yes, known no, or unknown.
    fn has(&self, pk: i64) -> Option<bool> {
        if self.hits.contains_key(&pk) {
            Some(true)
        } else if self.complete {
            Some(false)
        } else {
            None
        }
    }
}

/// A token of a query phrase: its list (`None`: no document holds it), or for the last
/// token of a prefix phrase, the lists of every token it expands to.
enum Unit {
    Token(Option<List>),
    Prefix(Vec<List>),
}

/// The largest `F` of a token with weighted hits `f` when `F ≤ beta`, as a multiple of
/// the length factor `k1 (1 - b + b D / avgdl)`: `F(f) ≤ β ⟺ f ≤ β/(k1+1-β) · that`.
fn f_cap(beta: f64) -> f64 {
    let room = K1 + 1.0 - beta;
    if room <= 0.0 {
        f64::INFINITY
    } else {
        beta / room
    }
}

/// Bound on `F` of a prefix from bounds `β_w` on its expansions: the hits add up, so
/// `f ≤ Σ_w cap(β_w) · L` and `F ≤ C (k1+1) / (C + 1)` with `C = Σ_w cap(β_w)`
/// (`L = k1 (1 - b + b D / avgdl)` cancels).
fn prefix_bound(caps: f64) -> f64 {
    if caps.is_infinite() {
        K1 + 1.0
    } else {
        caps * (K1 + 1.0) / (caps + 1.0)
    }
}

impl Unit {
    fn lists(&self) -> Vec<&List> {
        match self {
            Unit::Token(l) => l.iter().collect(),
            Unit::Prefix(ls) => ls.iter().collect(),
        }
    }

    fn has(&self, pk: i64) -> Option<bool> {
        match self {
            Unit::Token(None) => Some(false),
            Unit::Token(Some(l)) => l.has(pk),
            Unit::Prefix(ls) => any3(ls.iter().map(|l| l.has(pk))),
        }
    }

    /// Exact weighted hits in `pk`, when the lists know them.
    fn exact(&self, pk: i64) -> Option<u32> {
        match self {
            Unit::Token(None) => Some(0),
            Unit::Token(Some(l)) => match l.hits.get(&pk) {
                Some(&(f, _)) => Some(f),
                None if l.complete => Some(0),
                None => None,
            },
            Unit::Prefix(ls) => {
                let mut sum = 0u32;
                for l in ls {
                    match l.hits.get(&pk) {
                        Some(&(f, _)) => sum = sum.saturating_add(f),
                        None if l.complete => {}
                        None => return None,
                    }
                }
                Some(sum)
            }
        }
    }

    /// Upper bound on `F` for documents in none of this unit's lists.
    fn outside(&self) -> f64 {
        match self {
            Unit::Token(None) => 0.0,
            Unit::Token(Some(l)) => l.beta,
            Unit::Prefix(ls) => {
                if ls.iter().all(|l| l.complete) {
                    0.0
                } else {
                    prefix_bound(ls.iter().map(|l| f_cap(l.beta)).sum())
                }
            }
        }
    }

    /// Upper bound on `F` in `pk`, whose size is `d` when known.
    fn bound(&self, pk: i64, d: Option<f64>, avgdl: f64) -> f64 {
        match (self, d) {
            (Unit::Token(None), _) => 0.0,
            (Unit::Token(Some(l)), _) => match l.hits.get(&pk) {
                Some(&(f, d)) => tf(f64::from(f), f64::from(d), avgdl),
                None => l.beta,
            },
            (Unit::Prefix(ls), Some(d)) => {
                let len = K1 * (1.0 - B + B * d / avgdl);
                let mut f = 0.0;
                for l in ls {
                    f += match l.hits.get(&pk) {
                        Some(&(h, _)) => f64::from(h),
                        None => f_cap(l.beta) * len,
                    };
                }
                if f.is_finite() {
                    tf(f, d, avgdl) * (1.0 + SLACK)
                } else {
                    K1 + 1.0
                }
            }
            (Unit::Prefix(_), None) => self.outside() * (1.0 + SLACK),
        }
    }
}

/// A phrase of the query, in FTS5's phrase order.
struct Phrase {
    /// The term as written, as an FTS5 phrase (for its document count).
    fts: String,
    units: Vec<Unit>,
    positive: bool,
}

impl Phrase {
    fn has(&self, pk: i64) -> Option<bool> {
        match all3(self.units.iter().map(|u| u.has(pk))) {
            // One token: its presence is the phrase's. Several: adjacency is unknown.
            Some(true) if self.units.len() != 1 => None,
            known => known,
        }
    }

    fn exact(&self, pk: i64) -> Option<f64> {
        match self.units.as_slice() {
            [u] => u.exact(pk).map(f64::from),
            _ if self.has(pk) == Some(false) => Some(0.0),
            _ => None,
        }
    }

    /// The unit whose lists bound the phrase best outside them: (bound, unit).
    fn driver(&self) -> Option<(f64, &Unit)> {
        self.units.iter().map(|u| (u.outside(), u)).min_by(|a, b| a.0.total_cmp(&b.0))
    }

    fn bound(&self, pk: i64, d: Option<f64>, avgdl: f64) -> f64 {
        self.units.iter().map(|u| u.bound(pk, d, avgdl)).fold(f64::INFINITY, f64::min)
    }

    /// Documents holding the phrase, when the lists tell: a token's count; a prefix's
    /// when it has one expansion, or when its most frequent expansion alone puts the
    /// IDF at its floor (then any count at least that large gives the same IDF).
    fn doc_count(&self, rows: i64) -> Option<i64> {
        match self.units.as_slice() {
            [Unit::Token(l)] => Some(l.as_ref().map_or(0, |l| l.docs)),
            [Unit::Prefix(ls)] if ls.len() <= 1 => Some(ls.first().map_or(0, |l| l.docs)),
            [Unit::Prefix(ls)] if idf(rows, ls.iter().map(|l| l.docs).max().unwrap_or(0)) <= 1e-6 => Some(rows),
            _ => None,
        }
    }

    /// At least as many documents as hold the phrase.
    fn docs_at_most(&self) -> i64 {
        let unit = |u: &Unit| match u {
            Unit::Token(l) => l.as_ref().map_or(0, |l| l.docs),
            Unit::Prefix(ls) => ls.iter().map(|l| l.docs).sum(),
        };
        self.units.iter().map(unit).min().unwrap_or(0)
    }
}

/// Three-valued AND: no if any is no, yes if all are yes, else unknown.
fn all3(values: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut all = Some(true);
    for v in values {
        match v {
            Some(false) => return Some(false),
            Some(true) => {}
            None => all = None,
        }
    }
    all
}

/// Three-valued OR: yes if any is yes, no if all are no, else unknown.
fn any3(values: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    all3(values.map(|v| v.map(|b| !b))).map(|b| !b)
}

/// The query's boolean structure over phrase indexes.
enum Node {
    Phrase(usize),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>, Box<Node>),
}

impl Node {
    /// At least as many documents as match.
    fn matches_at_most(&self, phrases: &[Phrase]) -> i64 {
        match self {
            Node::Phrase(i) => phrases.get(*i).map_or(0, Phrase::docs_at_most),
            Node::And(parts) => parts.iter().map(|p| p.matches_at_most(phrases)).min().unwrap_or(0),
            Node::Or(parts) => parts.iter().map(|p| p.matches_at_most(phrases)).sum(),
            Node::Not(l, _) => l.matches_at_most(phrases),
        }
    }

    /// Three-valued match: yes, no, unknown.
    fn eval(&self, has: &dyn Fn(usize) -> Option<bool>) -> Option<bool> {
        match self {
            Node::Phrase(i) => has(*i),
            Node::And(parts) => all3(parts.iter().map(|p| p.eval(has))),
            Node::Or(parts) => any3(parts.iter().map(|p| p.eval(has))),
            Node::Not(l, r) => match (l.eval(has), r.eval(has)) {
                (Some(false), _) | (_, Some(true)) => Some(false),
                (Some(true), Some(false)) => Some(true),
                _ => None,
            },
        }
    }
}

/// Flattens a query into FTS5's phrase order; `None` when the fast path does not apply
/// (an `AND` inside an `OR`).
fn shape(q: &Query, positive: bool, in_or: bool, out: &mut Vec<(String, bool, bool, String)>) -> Option<Node> {
    Some(match q {
        Query::Term { text, prefix } => {
            out.push((text.clone(), *prefix, positive, q.to_fts()));
            Node::Phrase(out.len() - 1)
        }
        Query::And(parts) => {
            if in_or {
                return None;
            }
            Node::And(parts.iter().map(|p| shape(p, positive, false, out)).collect::<Option<_>>()?)
        }
        Query::Or(parts) => Node::Or(parts.iter().map(|p| shape(p, positive, true, out)).collect::<Option<_>>()?),
        Query::Not(l, r) => {
            if in_or {
                return None;
            }
            let l = shape(l, positive, false, out)?;
            Node::Not(Box::new(l), Box::new(shape(r, false, false, out)?))
        }
    })
}

fn trace(what: &str) {
    if std::env::var_os("XIESHANG_SEARCH_TRACE").is_some() {
        eprintln!("topk: {what}");
    }
}

/// A candidate not yet scored exactly.
struct Pending {
    pk: i64,
    bound: f64,
}

/// Streams the matches of a parsed word query best first (rank = bm25, as
/// `stream_words`), from the impact lists while they prove the order, then from FTS5.
pub(crate) fn stream_ranked(
    conn: &Connection,
    query: &Query,
    fts: &str,
    take: &mut dyn FnMut(i64, f64) -> Result<bool>,
) -> Result<()> {
    let mut emitted: HashSet<i64> = HashSet::new();
    for depth in DEPTHS {
        match fast(conn, query, fts, depth, &mut emitted, take)? {
            Step::Done => return Ok(()),
            Step::Plain => break,
            Step::Deeper => {}
        }
    }
    stream_words(conn, fts, |pk, rank| if emitted.contains(&pk) { Ok(true) } else { take(pk, rank) })
}

/// How [`fast`] ended.
enum Step {
    /// The caller has all it wanted, or there are no more matches.
    Done,
    /// The lists do not apply: the rest comes from FTS5.
    Plain,
    /// The lists read this deep could not prove more: read deeper, or use FTS5.
    Deeper,
}

/// The fast part: emits, best first, the hits the lists read `depth` deep prove (not
/// those in `emitted`, which an earlier try emitted), and says what is left to do.
fn fast(
    conn: &Connection,
    query: &Query,
    fts: &str,
    depth: usize,
    emitted: &mut HashSet<i64>,
    take: &mut dyn FnMut(i64, f64) -> Result<bool>,
) -> Result<Step> {
    let fresh: Option<(Vec<u8>, bool)> =
        conn.prepare_cached(TERMS_FRESH)?.query_row([], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    let Some((record, true)) = fresh else {
        return Ok(Step::Plain);
    };
    let Some((rows, avgdl)) = totals(&record) else {
        return Ok(Step::Plain);
    };
    let mut terms = Vec::new();
    let Some(tree) = shape(query, true, false, &mut terms) else {
        return Ok(Step::Plain);
    };
    let mut sizes: HashMap<i64, u32> = HashMap::new();
    let mut phrases = Vec::with_capacity(terms.len());
    for (text, prefix, positive, term_fts) in terms {
        let tokens = fts5::tokenize(conn, &text)?;
        if tokens.is_empty() {
            return Ok(Step::Plain);
        }
        let last = tokens.len() - 1;
        let mut units = Vec::with_capacity(tokens.len());
        for (i, token) in tokens.iter().enumerate() {
            if prefix && i == last {
                let mut lists = Vec::new();
                let mut stmt = conn.prepare_cached(TERMS_PREFIX)?;
                let mut rs = stmt.query(named_params! {":lo": token, ":hi": format!("{token}\u{10FFFF}")})?;
                while let Some(r) = rs.next()? {
                    let blob: Vec<u8> = r.get(2)?;
                    lists.push(List::decode(r.get(1)?, &blob, depth, avgdl, &mut sizes));
                }
                units.push(Unit::Prefix(lists));
            } else {
                let row: Option<(i64, Vec<u8>)> = conn
                    .prepare_cached(TERMS_GET)?
                    .query_row(named_params! {":term": token}, |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                units.push(Unit::Token(row.map(|(docs, blob)| List::decode(docs, &blob, depth, avgdl, &mut sizes))));
            }
        }
        phrases.push(Phrase { fts: term_fts, units, positive });
    }

    // Few matches at most: plain FTS5 scores them all about as fast.
    if tree.matches_at_most(&phrases) <= PLAIN_MAX {
        trace(&format!("{fts}: few matches, plain"));
        return Ok(Step::Plain);
    }

    // Candidates: the driving lists of the positive phrases; the bound outside them.
    let mut bounds = Vec::with_capacity(phrases.len());
    let mut candidates: HashSet<i64> = HashSet::new();
    for p in &phrases {
        if !p.positive {
            bounds.push(0.0);
            continue;
        }
        let Some((bound, unit)) = p.driver() else {
            return Ok(Step::Plain);
        };
        bounds.push(bound);
        for l in unit.lists() {
            candidates.extend(l.hits.keys().copied());
        }
    }

    // IDF per positive phrase: document counts from the lists where they are exact; a
    // query of one phrase counts its matches in the pass that scores the candidates.
    let mut swept: Option<Scored> = None;
    let mut idfs = Vec::with_capacity(phrases.len());
    for p in &phrases {
        if !p.positive {
            idfs.push(0.0);
            continue;
        }
        let hits = match p.doc_count(rows) {
            Some(h) => h,
            None if phrases.len() == 1 => {
                let (found, n) = sweep(conn, fts, &candidates, true)?;
                swept = Some(found);
                n
            }
            None => conn
                .prepare_cached(SEARCH_COUNT)?
                .query_row(named_params! {":query": p.fts}, |r| r.get(0))
                .map_err(fts_error(&p.fts))?,
        };
        idfs.push(idf(rows, hits));
    }
    let outside: f64 = idfs.iter().zip(&bounds).map(|(w, b)| w * b).sum::<f64>() * (1.0 + SLACK);

    let mut exact: Vec<(f64, i64)> = Vec::new();
    let mut pending: Vec<Pending> = Vec::new();
    for &pk in &candidates {
        if let Some(found) = &swept {
            if let Some((d, f)) = found.get(&pk) {
                exact.push((score(&idfs, f, *d, avgdl), pk));
            }
            continue;
        }
        let has = |i: usize| phrases.get(i).and_then(|p| p.has(pk));
        let matched = tree.eval(&has);
        if matched == Some(false) {
            continue;
        }
        let d = sizes.get(&pk).map(|&d| f64::from(d));
        let freqs: Option<Vec<f64>> =
            phrases.iter().map(|p| if p.positive { p.exact(pk) } else { Some(0.0) }).collect();
        match (matched, freqs, d) {
            (Some(true), Some(f), Some(d)) => exact.push((score(&idfs, &f, d, avgdl), pk)),
            _ => {
                let mut bound = 0.0;
                for (p, w) in phrases.iter().zip(&idfs) {
                    if p.positive {
                        bound += w * p.bound(pk, d, avgdl);
                    }
                }
                pending.push(Pending { pk, bound: bound * (1.0 + SLACK) });
            }
        }
    }
    pending.sort_by(|a, b| b.bound.total_cmp(&a.bound).then(a.pk.cmp(&b.pk)));
    exact.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut exact: VecDeque<(f64, i64)> = exact.into();
    let insert = |exact: &mut VecDeque<(f64, i64)>, s: f64, pk: i64| {
        let at = exact.partition_point(|&(e, p)| e > s || (e == s && p < pk));
        exact.insert(at, (s, pk));
    };

    let mut next = 0;
    let mut budget = VERIFY_BUDGET;
    loop {
        let ceiling = pending.get(next).map_or(outside, |p| p.bound.max(outside));
        if let Some(&(s, pk)) = exact.front() {
            if s >= ceiling {
                exact.pop_front();
                if !emitted.insert(pk) {
                    continue; // emitted by the shallower try
                }
                if !take(pk, -s)? {
                    trace(&format!(
                        "{fts}: done, {} emitted, {} verified, {} candidates, swept {}",
                        emitted.len(),
                        VERIFY_BUDGET - budget,
                        candidates.len(),
                        swept.is_some()
                    ));
                    return Ok(Step::Done);
                }
                continue;
            }
        }
        let Some(p) = pending.get(next) else {
            // Every candidate is placed. With nothing outside the lists (every driving list
            // complete) these were all the matches; otherwise the rest comes from FTS5.
            trace(&format!(
                "{fts}: lists exhausted after {} emitted; outside {outside:e}, best left {:?}",
                emitted.len(),
                exact.front()
            ));
            return Ok(if outside > 0.0 { Step::Deeper } else { Step::Done });
        };
        if budget == 0 {
            // Score every remaining candidate in one pass over the matches.
            let rest: HashSet<i64> = pending[next..].iter().map(|p| p.pk).collect();
            let (found, _) = sweep(conn, fts, &rest, false)?;
            for (pk, (d, f)) in found {
                insert(&mut exact, score(&idfs, &f, d, avgdl), pk);
            }
            next = pending.len();
            swept = Some(HashMap::new());
            continue;
        }
        next += 1;
        budget -= 1;
        let blob: Option<Vec<u8>> = conn
            .prepare_cached(SEARCH_FREQS)?
            .query_row(named_params! {":query": fts, ":pk": p.pk}, |r| r.get(0))
            .optional()
            .map_err(fts_error(fts))?;
        let Some(blob) = blob else {
            continue; // not a match
        };
        let Some((d, f)) = fts5::decode_freqs(&blob) else {
            return Ok(Step::Plain);
        };
        if f.len() != phrases.len() {
            return Ok(Step::Plain);
        }
        insert(&mut exact, score(&idfs, &f, d, avgdl), p.pk);
    }
}

/// Matching candidates with their size `D` and weighted hits per phrase.
type Scored = HashMap<i64, (f64, Vec<f64>)>;

/// One pass over the matches of `fts`: `D` and weighted hits per phrase of the
/// candidates that match, and (with `count`) the number of matches.
fn sweep(conn: &Connection, fts: &str, candidates: &HashSet<i64>, count: bool) -> Result<(Scored, i64)> {
    let json = serde_json::to_string(&candidates.iter().collect::<Vec<_>>())?;
    let mut stmt = conn.prepare_cached(if count { SEARCH_SWEEP } else { SEARCH_SWEEP_CANDIDATES })?;
    let err = fts_error(fts);
    let mut rows = stmt.query(named_params! {":query": fts, ":candidates": json}).map_err(&err)?;
    let mut found = HashMap::new();
    let mut n = 0;
    while let Some(row) = rows.next().map_err(&err)? {
        n += 1;
        let blob: Option<Vec<u8>> = row.get(1)?;
        if let Some((d, f)) = blob.as_deref().and_then(fts5::decode_freqs) {
            found.insert(row.get(0)?, (d, f));
        }
    }
    Ok((found, n))
}

fn fts_error(query: &str) -> impl Fn(rusqlite::Error) -> Error + '_ {
    super::search::fts_error(query)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::search::parse_query;

    /// 160 articles over a small skewed vocabulary, so that common words are in most
    /// of them, built into a database whose lists are then cut to 6 documents a token.
    fn corpus(dir: &std::path::Path) -> Result<Connection> {
        let words = [
            "committee",
            "members",
            "consultation",
            "living",
            "room",
            "studio",
            "station",
            "liaison",
            "member",
            "people",
            "congress",
            "forum",
            "council",
            "study",
            "students",
            "studied",
            "proposal",
            "river",
        ];
        fn rnd(seed: &mut u64, n: usize) -> usize {
            *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((*seed >> 33) as usize) % n
        }
        fn pick(seed: &mut u64, words: &[&str], k: usize) -> String {
            // Skewed: the lower of two draws, so early words are common.
            (0..k).map(|_| words[rnd(seed, words.len()).min(rnd(seed, words.len()))]).collect::<Vec<_>>().join(" ")
        }
        let mut seed: u64 = 7;
        let input = dir.join("in");
        std::fs::create_dir_all(&input)?;
        for i in 0..160 {
            let title = format!("Report {i} on the {}", pick(&mut seed, &words, 3));
            let mut body = String::new();
            for _ in 0..(3 + rnd(&mut seed, 12)) {
                let (a, b, c) = (pick(&mut seed, &words, 2), pick(&mut seed, &words, 2), pick(&mut seed, &words, 3));
                body.push_str(&format!("The {a} met the {b} about {c}. "));
                if rnd(&mut seed, 4) == 0 {
                    body.push_str("A living room and a member studio opened. ");
                }
            }
            let text = format!(
                "Home > News > Local\n{title}\nRelease date: 2023-05-{:02}\nInformation source: Test Daily\n\n{body}\n\nLeave a Reply\n",
                1 + i % 28
            );
            std::fs::write(input.join(format!("{i:03}.txt")), text)?;
        }
        let db = dir.join("t.db");
        super::super::ingest::build(&[input], &db, &super::super::BuildOptions::default())?;
        let conn = Connection::open(&db)?;
        super::super::set_pragmas(&conn)?;
        refresh_with(&conn, 6)?;
        Ok(conn)
    }

    fn all(conn: &Connection, q: &str, fast: bool) -> Result<Vec<(i64, f64)>> {
        let parsed = parse_query(q)?;
        let fts = parsed.to_fts();
        let mut out = Vec::new();
        let mut take = |pk: i64, rank: f64| {
            out.push((pk, rank));
            Ok(true)
        };
        if fast {
            stream_ranked(conn, &parsed, &fts, &mut take)?;
        } else {
            stream_words(conn, &fts, take)?;
        }
        Ok(out)
    }

    #[test]
    fn lists_and_fallback_give_plain_bm25_exactly() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let conn = corpus(dir.path())?;
        assert!(is_fresh(&conn)?);
        let queries = [
            "committee",
            "members",
            "river",
            "\"living room\"",
            "\"member studio\"",
            "stud*",
            "\"member stud\"*",
            "committee AND members",
            "living OR studio",
            "committee NOT studio",
            "\"living room\" OR forum",
            "(studio OR station) AND people",
            "people proposal council",
            "nosuchword",
            "a OR b c",
        ];
        for q in queries {
            let plain = all(&conn, q, false)?;
            let ours = all(&conn, q, true)?;
            // The same ranks in the same order; ties may come in another order.
            let ranks = |v: &[(i64, f64)]| v.iter().map(|x| x.1).collect::<Vec<_>>();
            assert_eq!(ranks(&ours), ranks(&plain), "{q}");
            let sorted = |v: &[(i64, f64)]| {
                let mut v = v.to_vec();
                v.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
                v
            };
            assert_eq!(sorted(&ours), sorted(&plain), "{q}");
        }
        Ok(())
    }

    #[test]
    fn a_common_word_is_answered_from_its_list() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let conn = corpus(dir.path())?;
        let parsed = parse_query("committee")?;
        let mut got = Vec::new();
        let mut take = |pk: i64, rank: f64| {
            got.push((pk, rank));
            Ok(got.len() < 3)
        };
        let mut emitted = HashSet::new();
        assert!(matches!(fast(&conn, &parsed, &parsed.to_fts(), 1024, &mut emitted, &mut take)?, Step::Done));
        assert_eq!(got, all(&conn, "committee", false)?[..3].to_vec());
        Ok(())
    }

    #[test]
    fn stale_lists_are_not_used() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let conn = corpus(dir.path())?;
        conn.execute("UPDATE corpus_meta SET value = x'00' WHERE key = 'search_terms_index'", [])?;
        assert!(!is_fresh(&conn)?);
        let parsed = parse_query("committee")?;
        let mut take = |_: i64, _: f64| Ok(true);
        let mut emitted = HashSet::new();
        assert!(matches!(fast(&conn, &parsed, &parsed.to_fts(), 1024, &mut emitted, &mut take)?, Step::Plain));
        assert_eq!(all(&conn, "committee", true)?, all(&conn, "committee", false)?);
        Ok(())
    }

    #[test]
    fn varints_read_as_sqlite_writes_them() {
        assert_eq!(varint(&[0x05]), Some((5, 1)));
        assert_eq!(varint(&[0x81, 0x00]), Some((128, 2)));
        assert_eq!(varints(&[0x81, 0x00, 0x07]), Some(vec![128, 7]));
        assert_eq!(varint(&[0x81]), None);
    }

    #[test]
    fn prefix_bound_of_one_expansion_is_its_own() {
        for beta in [0.1, 1.0, 2.0, 2.19] {
            assert!((prefix_bound(f_cap(beta)) - beta).abs() < 1e-12, "{beta}");
        }
    }

    #[test]
    fn idf_has_a_floor() {
        assert_eq!(idf(100, 60), 1e-6);
        assert!((idf(100, 10) - (90.5f64 / 10.5).ln()).abs() < 1e-15);
    }
}
