//! The posting-list engine: exact bm25 ranking from complete posting lists
//! (`search_postings`, see `sql/migrations/0008_search_postings.sql`), without scoring
//! matches through FTS5 (why, and what it gains: `docs/search.md`).
//!
//! FTS5's `bm25()` gives a document `d` the score `Σ_p idf_p · F(f_pd, D_d)` over the
//! phrases `p` of the query, where `f_pd` is the phrase's column-weighted hit count in
//! `d` (title 10, body 1), `D_d` the document's size in tokens,
//! `F(f, D) = f (k1 + 1) / (f + k1 (1 - b + b D / avgdl))`, and `idf_p` comes from the
//! number of documents holding the phrase. Through SQL that costs a virtual-table row per
//! match, and a phrase's document count one more pass over its matches.
//!
//! The build stores every token's documents with its hits per column and their offsets
//! (fixed-width, so a document is stepped over by arithmetic), and every document's size,
//! read from the merged word index's leaf pages ([`segment`]) rather than a `fts5vocab`
//! row per occurrence. A search decodes the lists of its tokens in memory; finds each
//! phrase's documents and hits (from the offsets for a phrase of several tokens, summed
//! over the expansions of a prefix; the phrases of a query side by side, and a large one
//! in two halves, on rayon's threads); evaluates AND / OR / NOT on sets of documents; and
//! scores every match with the very floating-point operations FTS5 uses, so the ranks
//! are bm25's to the last bit (the order of equal ranks aside).
//!
//! [`rank`] answers `None`, and plain FTS5 (plain.rs) ranks the query, when the
//! lists are stale (the word index changed since the build), when a query term tokenizes
//! to nothing, when the lists to decode are huge (a one-letter prefix), and for query
//! shapes whose FTS5 scores depend on how its iterators happen to be positioned: an `AND`
//! or `NOT` inside an `OR`, or on the right of a `NOT` (a matching document may then hold
//! some of the excluded phrases).

use rayon::prelude::*;
use rusqlite::{named_params, params, Connection, OptionalExtension, Statement};

use super::fts5;
use super::query::Query;
use super::segment::{self, varint};
use crate::error::Result;

const FRESH: &str = sql!("search_postings_fresh");
const GET: &str = sql!("search_postings_get");
const PREFIX: &str = sql!("search_postings_prefix");
const CLEAR: &str = sql!("search_postings_clear");
const INSERT: &str = sql!("search_postings_insert");
const STAMP: &str = sql!("search_postings_stamp");
const SIZES: &str = sql!("search_postings_sizes");
const VOCAB: &str = sql!("search_postings_vocab");
const SCAN: &str = sql!("search_postings_scan");
const VOCAB_DROP: &str = sql!("search_postings_vocab_drop");
const FTS_OPTIMIZE: &str = sql!("fts_optimize");

/// Column weights of the rank (0004_search.sql): title, body.
const WEIGHTS: [u32; 2] = [10, 1];
/// bm25 constants, as in FTS5.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Bytes of lists a query decodes at most; beyond that (a prefix of one or two letters
/// on a large corpus) it runs as a plain FTS5 query.
const MAX_BYTES: usize = 256 << 20;
/// Slots of the size table at most (pks far apart would make it mostly empty).
const MAX_SLOTS: i64 = 1 << 28;
/// The size-table slot of a pk with no document.
const NO_DOC: u32 = u32::MAX;

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

/// Appends `v` in the lists' own varint: 7 bits a byte, low bits first, high bit set on
/// every byte but the last.
fn put(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

/// Reads one [`put`] varint at `*at`, moving past it.
#[inline]
fn get(buf: &[u8], at: &mut usize) -> Option<u64> {
    let first = *buf.get(*at)?;
    if first < 0x80 {
        *at += 1;
        return Some(u64::from(first));
    }
    let mut v: u64 = 0;
    let mut shift = 0;
    loop {
        let byte = *buf.get(*at)?;
        *at += 1;
        v |= u64::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(v);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

/// A positions blob starts with the width of its offsets: 2 bytes, or 4 when some
/// offset in the list is past 16 bits.
const NARROW: u8 = 2;
const WIDE: u8 = 4;

/// A positions blob's offsets past its width byte, and log2 of their width.
fn offset_bytes(positions: &[u8]) -> Option<(&[u8], u32)> {
    match positions.split_first()? {
        (&NARROW, rest) => Some((rest, 1)),
        (&WIDE, rest) => Some((rest, 2)),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Build: refreshing the lists

/// Whether the posting lists were made for the word index as it is.
pub(crate) fn is_fresh(conn: &Connection) -> Result<bool> {
    let fresh: Option<bool> = conn.prepare_cached(FRESH)?.query_row([], |r| r.get(1)).optional()?;
    Ok(fresh.unwrap_or(false))
}

/// Merges the word index and rewrites every posting list and the size table, at the
/// end of a build. Costs one pass over all token occurrences.
pub(crate) fn refresh(conn: &Connection) -> Result<()> {
    refresh_with(conn, Reader::Leaves)
}

/// How [`refresh`] reads the word index's occurrences.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Reader {
    /// Decoding its leaf pages ([`super::segment`]), and through `fts5vocab` if they are
    /// not laid out as expected.
    Leaves,
    /// Through the `fts5vocab` `instance` table only: a virtual-table row per occurrence
    /// (the reference the tests hold the leaves to).
    #[cfg_attr(not(test), allow(dead_code))]
    Vocab,
}

fn refresh_with(conn: &Connection, reader: Reader) -> Result<()> {
    conn.execute(FTS_OPTIMIZE, [])?;
    let tx = conn.unchecked_transaction()?;
    tx.execute(CLEAR, [])?;
    let sizes = size_table(&tx)?;
    let decoded = reader == Reader::Leaves && lists_from_leaves(&tx)?;
    if !decoded {
        // Whatever the leaves gave before they stopped adding up goes.
        tx.execute(CLEAR, [])?;
        lists_from_vocab(&tx)?;
    }
    tx.execute(STAMP, named_params! {":sizes": sizes})?;
    Ok(tx.commit()?)
}

/// Writes the lists from the index's leaf pages; `false` if they could not be read so.
fn lists_from_leaves(conn: &Connection) -> Result<bool> {
    let mut list = ListWriter::new(conn.prepare(INSERT)?);
    let read = segment::read(conn, 2, &mut |event| {
        match event {
            segment::Event::Token(token) => {
                list.finish()?;
                list.term.push_str(token);
            }
            segment::Event::At(pk, col, offset) => list.add(pk, col == 0, i64::from(offset)),
        }
        Ok(())
    })?;
    if read {
        list.finish()?;
    }
    Ok(read)
}

/// Writes the lists from the `fts5vocab` `instance` table.
fn lists_from_vocab(conn: &Connection) -> Result<()> {
    conn.execute_batch(VOCAB)?;
    {
        let mut list = ListWriter::new(conn.prepare(INSERT)?);
        let mut stmt = conn.prepare(SCAN)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let term = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            if term != list.term {
                list.finish()?;
                list.term.push_str(term);
            }
            let title = row.get_ref(2)?.as_str().map_err(rusqlite::Error::from)? == "title";
            list.add(row.get(1)?, title, row.get(3)?);
        }
        list.finish()?;
    }
    Ok(conn.execute_batch(VOCAB_DROP)?)
}

/// Every document's size in tokens, as stored in `corpus_meta.search_postings_sizes`:
/// the first pk (i64), then a u32 per pk from it, [`NO_DOC`] where there is none; empty
/// when the pks are too far apart for a table (searches then run plain).
fn size_table(conn: &Connection) -> Result<Vec<u8>> {
    let mut sizes: Vec<(i64, u32)> = Vec::new();
    let mut stmt = conn.prepare(SIZES)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let sz = row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?;
        let d: u64 = varints(sz).unwrap_or_default().iter().sum();
        sizes.push((row.get(0)?, u32::try_from(d).unwrap_or(NO_DOC - 1)));
    }
    sizes.sort_unstable();
    let (Some(&(first, _)), Some(&(last, _))) = (sizes.first(), sizes.last()) else {
        return Ok(Vec::new());
    };
    let slots = last.saturating_sub(first).saturating_add(1);
    if slots > MAX_SLOTS {
        return Ok(Vec::new());
    }
    let mut table = vec![NO_DOC; slots as usize];
    for (pk, d) in sizes {
        table[(pk - first) as usize] = d;
    }
    let mut blob = Vec::with_capacity(8 + table.len() * 4);
    blob.extend_from_slice(&first.to_le_bytes());
    for d in table {
        blob.extend_from_slice(&d.to_le_bytes());
    }
    Ok(blob)
}

/// Encodes one token's list as the scan of the index delivers its occurrences (by
/// document, then column and offset) and inserts it.
struct ListWriter<'c> {
    insert: Statement<'c>,
    term: String,
    docs: i64,
    /// The pk of the last document written.
    prev: i64,
    /// The document being read and its offsets per column.
    doc: Option<i64>,
    title: Vec<u32>,
    body: Vec<u32>,
    postings: Vec<u8>,
    /// The width byte ([`NARROW`] or [`WIDE`]), then the offsets written so far.
    positions: Vec<u8>,
}

impl<'c> ListWriter<'c> {
    fn new(insert: Statement<'c>) -> Self {
        ListWriter {
            insert,
            term: String::new(),
            docs: 0,
            prev: 0,
            doc: None,
            title: Vec::new(),
            body: Vec::new(),
            postings: Vec::new(),
            positions: vec![NARROW],
        }
    }

    fn add(&mut self, pk: i64, title: bool, offset: i64) {
        if self.doc != Some(pk) {
            self.end_doc();
            self.doc = Some(pk);
        }
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        if title {
            self.title.push(offset);
        } else {
            self.body.push(offset);
        }
    }

    fn end_doc(&mut self) {
        let Some(pk) = self.doc.take() else {
            return;
        };
        put(&mut self.postings, pk.wrapping_sub(self.prev) as u64);
        put(&mut self.postings, self.title.len() as u64);
        put(&mut self.postings, self.body.len() as u64);
        for col in [&mut self.title, &mut self.body] {
            col.sort_unstable();
            let mut wide = self.positions.first() == Some(&WIDE);
            if !wide && col.last().is_some_and(|&o| o > u32::from(u16::MAX)) {
                // An offset past 16 bits: the whole list goes 4 bytes wide.
                let narrow: Vec<u8> = self.positions.drain(1..).collect();
                self.positions[0] = WIDE;
                for two in narrow.chunks_exact(2) {
                    self.positions.extend_from_slice(&u32::from(u16::from_le_bytes([two[0], two[1]])).to_le_bytes());
                }
                wide = true;
            }
            for &o in col.iter() {
                if wide {
                    self.positions.extend_from_slice(&o.to_le_bytes());
                } else {
                    self.positions.extend_from_slice(&(o as u16).to_le_bytes());
                }
            }
            col.clear();
        }
        self.prev = pk;
        self.docs += 1;
    }

    /// Writes the current token's list and starts afresh.
    fn finish(&mut self) -> Result<()> {
        self.end_doc();
        if self.docs > 0 {
            self.insert.execute(params![self.term, self.docs, self.postings, self.positions])?;
        }
        self.term.clear();
        self.docs = 0;
        self.prev = 0;
        self.postings.clear();
        self.positions.clear();
        self.positions.push(NARROW);
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Search

/// One document of a posting list: pk, hits in the title, hits in the body.
type Posting = (i64, u32, u32);

/// A phrase's matches: pk and column-weighted hits (more than 0), in pk order.
type Hits = Vec<(i64, u32)>;

fn weighted(title: u32, body: u32) -> u32 {
    title.saturating_mul(WEIGHTS[0]).saturating_add(body.saturating_mul(WEIGHTS[1]))
}

/// One stored list: its postings and, when asked for, positions.
struct List {
    postings: Vec<u8>,
    positions: Option<Vec<u8>>,
}

/// The documents of a postings blob: `(pk, title hits, body hits)`.
fn postings(blob: &[u8]) -> impl Iterator<Item = Option<Posting>> + '_ {
    let (mut at, mut pk) = (0usize, 0i64);
    std::iter::from_fn(move || {
        if at >= blob.len() {
            return None;
        }
        let mut one = || -> Option<Posting> {
            pk = pk.wrapping_add(get(blob, &mut at)? as i64);
            let title = u32::try_from(get(blob, &mut at)?).ok()?;
            let body = u32::try_from(get(blob, &mut at)?).ok()?;
            Some((pk, title, body))
        };
        let p = one();
        if p.is_none() {
            at = blob.len(); // malformed: stop after reporting it
        }
        Some(p)
    })
}

#[cfg(test)]
fn decode(blob: &[u8]) -> Option<Vec<Posting>> {
    postings(blob).collect()
}

impl List {
    /// How many offsets its positions hold (0 without them).
    fn offsets(&self) -> usize {
        self.positions.as_deref().and_then(offset_bytes).map_or(0, |(bytes, shift)| bytes.len() >> shift)
    }

    /// Its documents with their weighted hits.
    fn hits(&self) -> Option<Hits> {
        // At least three bytes a document: room for all at once (see `unit_keys`).
        let mut out = Vec::with_capacity(self.postings.len() / 3);
        for p in postings(&self.postings) {
            let (pk, t, b) = p?;
            out.push((pk, weighted(t, b)));
        }
        Some(out)
    }
}

/// The document sizes recorded with the lists: the stored blob, read in place.
struct Sizes {
    first: i64,
    blob: Vec<u8>,
}

impl Sizes {
    fn parse(blob: Vec<u8>) -> Option<Sizes> {
        let first = i64::from_le_bytes(blob.get(..8)?.try_into().ok()?);
        Some(Sizes { first, blob })
    }

    fn get(&self, pk: i64) -> Option<u32> {
        let at = usize::try_from(pk.checked_sub(self.first)?).ok()?.checked_mul(4)?.checked_add(8)?;
        let d = u32::from_le_bytes(self.blob.get(at..at + 4)?.try_into().ok()?);
        (d != NO_DOC).then_some(d)
    }

    fn slots(&self) -> usize {
        self.blob.len().saturating_sub(8) / 4
    }
}

/// Reads the lists of one query token (every token it starts, for a prefix), counting
/// their bytes against `budget`; `None` past it.
fn load(
    conn: &Connection,
    token: &str,
    prefix: bool,
    positions: bool,
    budget: &mut usize,
) -> Result<Option<Vec<List>>> {
    let mut stmt = conn.prepare_cached(if prefix { PREFIX } else { GET })?;
    let hi = format!("{token}\u{10FFFF}");
    let mut rows = if prefix {
        stmt.query(named_params! {":lo": token, ":hi": hi, ":positions": positions})?
    } else {
        stmt.query(named_params! {":term": token, ":positions": positions})?
    };
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let postings: Vec<u8> = row.get(0)?;
        let pos: Option<Vec<u8>> = row.get(1)?;
        let bytes = postings.len() + pos.as_ref().map_or(0, Vec::len);
        if bytes > *budget {
            return Ok(None);
        }
        *budget -= bytes;
        out.push(List { postings, positions: pos });
    }
    Ok(Some(out))
}

/// Adds up per-document hits from several lists (the expansions of a prefix).
fn merge_sum(mut lists: Vec<Hits>, sizes: &Sizes) -> Hits {
    if lists.len() <= 1 {
        return lists.pop().unwrap_or_default();
    }
    let total: usize = lists.iter().map(Vec::len).sum();
    let slot = |pk: i64| usize::try_from(pk - sizes.first).ok().filter(|&i| i < sizes.slots());
    let all_slotted = lists
        .iter()
        .all(|l| l.first().map_or(true, |h| slot(h.0).is_some()) && l.last().map_or(true, |h| slot(h.0).is_some()));
    if total * 8 < sizes.slots() || !all_slotted {
        let mut all: Hits = lists.concat();
        all.sort_unstable_by_key(|h| h.0);
        let mut out: Hits = Vec::with_capacity(all.len());
        for (pk, f) in all {
            match out.last_mut() {
                Some(last) if last.0 == pk => last.1 = last.1.saturating_add(f),
                _ => out.push((pk, f)),
            }
        }
        return out;
    }
    // Many: one slot per document (every pk has one: each list is sorted and its ends do).
    let mut acc = vec![0u32; sizes.slots()];
    for (pk, f) in lists.into_iter().flatten() {
        if let Some(a) = slot(pk).and_then(|i| acc.get_mut(i)) {
            *a = a.saturating_add(f);
        }
    }
    acc.iter().enumerate().filter(|(_, &f)| f > 0).map(|(i, &f)| (sizes.first + i as i64, f)).collect()
}

/// A position of a token in the corpus as one sortable number: pk, column (title 0,
/// body 1), offset. Positions of a phrase's units line up as `key + k` for unit `k`.
fn key(pk: u64, col: u64, offset: u32) -> u64 {
    (pk << 33) | (col << 32) | u64::from(offset)
}

/// The positions of one phrase unit (a token's list, or the lists of a prefix's
/// expansions) as ascending [`key`]s; only in the documents of `only` when given (both
/// ascending), and in `pks`. A document not wanted is stepped over by arithmetic: its
/// offsets are fixed-width. `None` for a malformed list or a pk outside `0..2^31`.
fn unit_keys(lists: &[List], only: Option<&[i64]>, pks: &std::ops::Range<i64>) -> Option<Vec<u64>> {
    // Room for every offset at once: pages never written are never mapped in, and
    // growing by doubling would copy (and fault in) the keys again and again.
    let mut keys = Vec::with_capacity(lists.iter().map(List::offsets).sum());
    for list in lists {
        let (positions, shift) = offset_bytes(list.positions.as_deref()?)?;
        let (mut at, mut wanted) = (0usize, 0usize);
        for posting in postings(&list.postings) {
            let (pk, title, body) = posting?;
            let start = at;
            let mid = start.checked_add((title as usize) << shift)?;
            at = mid.checked_add((body as usize) << shift)?;
            if pk < pks.start {
                continue;
            } else if pk >= pks.end {
                break;
            }
            if let Some(only) = only {
                while only.get(wanted).is_some_and(|&w| w < pk) {
                    wanted += 1;
                }
                match only.get(wanted) {
                    Some(&w) if w == pk => {}
                    Some(_) => continue,
                    None => break,
                }
            }
            let pk = u64::try_from(pk).ok().filter(|&p| p < 1 << 31)?;
            for (col, bytes) in [(0, positions.get(start..mid)?), (1, positions.get(mid..at)?)] {
                if shift == 1 {
                    keys.extend(
                        bytes.chunks_exact(2).map(|b| key(pk, col, u32::from(u16::from_le_bytes([b[0], b[1]])))),
                    );
                } else {
                    keys.extend(
                        bytes.chunks_exact(4).map(|b| key(pk, col, u32::from_le_bytes([b[0], b[1], b[2], b[3]]))),
                    );
                }
            }
        }
    }
    if lists.len() > 1 {
        keys.sort(); // runs of ascending keys, one per list: merged, not sorted afresh
    }
    Some(keys)
}

/// The first index from `from` of ascending `keys` whose key is not below `want`
/// (every key before `from` being below it): a galloping search, as the wanted keys rise.
fn seek_key(keys: &[u64], from: usize, want: u64) -> usize {
    let (mut lo, mut step) = (from, 1);
    while keys.get(lo + step - 1).is_some_and(|&x| x < want) {
        lo += step;
        step *= 2;
    }
    let hi = (lo + step).min(keys.len());
    lo + keys.get(lo..hi).map_or(0, |k| k.partition_point(|&x| x < want))
}

/// The pks of ascending keys, once each.
fn key_docs(keys: &[u64]) -> Vec<i64> {
    let mut docs: Vec<i64> = keys.iter().map(|k| (k >> 33) as i64).collect();
    docs.dedup();
    docs
}

/// Sorted pks in both.
fn intersect(a: &[i64], b: &[i64]) -> Vec<i64> {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Sorted pks in either.
fn union(a: &[i64], b: &[i64]) -> Vec<i64> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                out.push(*x);
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => {
                out.push(*x);
                i += 1;
            }
            (Some(_), Some(y)) | (None, Some(y)) => {
                out.push(*y);
                j += 1;
            }
            (Some(x), None) => {
                out.push(*x);
                i += 1;
            }
            (None, None) => break,
        }
    }
    out
}

/// Sorted pks in `a` and not in `b`.
fn difference(a: &[i64], b: &[i64]) -> Vec<i64> {
    let mut out = Vec::with_capacity(a.len());
    let mut j = 0;
    for &x in a {
        while j < b.len() && b[j] < x {
            j += 1;
        }
        if b.get(j) != Some(&x) {
            out.push(x);
        }
    }
    out
}

/// When a search splits its work in two halves for two threads: from how many offsets
/// in a phrase's rarest unit (matched by document range), and from how many matching
/// documents (scored).
#[derive(Clone, Copy)]
struct Split {
    offsets: usize,
    matches: usize,
}

/// Splits where each half is about 1 ms of work.
const SPLIT: Split = Split { offsets: 100_000, matches: 20_000 };

/// A phrase's hits from its units (tokens; the last may be a prefix with its lists);
/// matched in two halves at once from `parallel` offsets in its rarest unit.
fn phrase_hits(units: Vec<Vec<List>>, sizes: &Sizes, parallel: usize) -> Option<Hits> {
    if let [lists] = units.as_slice() {
        let per = lists.iter().map(List::hits).collect::<Option<Vec<Hits>>>()?;
        return Some(merge_sum(per, sizes));
    }
    let offsets = |lists: &Vec<List>| -> usize { lists.iter().map(List::offsets).sum() };
    let mut order: Vec<(usize, usize)> = units.iter().map(offsets).enumerate().collect();
    order.sort_by_key(|&(k, n)| (n, k));
    let order: Vec<usize> = order.iter().map(|&(k, _)| k).collect();
    let fewest = units.get(*order.first()?).map_or(0, offsets);
    if fewest < parallel || sizes.slots() < 2 {
        return phrase_hits_in(&units, &order, i64::MIN..i64::MAX);
    }
    let mid = sizes.first.saturating_add(sizes.slots() as i64 / 2);
    let (mut a, b) =
        rayon::join(|| phrase_hits_in(&units, &order, i64::MIN..mid), || phrase_hits_in(&units, &order, mid..i64::MAX));
    a.as_mut()?.extend(b?);
    a
}

/// A phrase's hits in the documents of `pks`, its units taken in `order` (the first with
/// the fewest offsets). Each position `q` of the first, the anchor, names one start,
/// `q - anchor`, which every other unit `k` must confirm by holding `start + k`. The other
/// units are read only in the documents still in play; all are ascending, so each is
/// walked once.
fn phrase_hits_in(units: &[Vec<List>], order: &[usize], pks: std::ops::Range<i64>) -> Option<Hits> {
    let (&anchor, rest) = order.split_first()?;
    let lag = anchor as u64;
    let mut starts: Vec<u64> = unit_keys(units.get(anchor)?, None, &pks)?
        .into_iter()
        .filter(|&q| q & 0xFFFF_FFFF >= lag)
        .map(|q| q - lag)
        .collect();
    for &k in rest {
        if starts.is_empty() {
            break;
        }
        let keys = unit_keys(units.get(k)?, Some(&key_docs(&starts)), &pks)?;
        let (lead, mut j) = (k as u64, 0);
        starts.retain(|&start| {
            if (start & 0xFFFF_FFFF) + lead > 0xFFFF_FFFF {
                return false;
            }
            let want = start + lead;
            j = seek_key(&keys, j, want);
            keys.get(j) == Some(&want)
        });
    }
    // Count the starts per document and column.
    let mut out: Hits = Vec::new();
    let mut at = 0;
    while let Some(&first) = starts.get(at) {
        let pk = first >> 33;
        let mut counts = [0u32; 2];
        while let Some(&s) = starts.get(at).filter(|&&s| s >> 33 == pk) {
            counts[((s >> 32) & 1) as usize] += 1;
            at += 1;
        }
        out.push((pk as i64, weighted(counts[0], counts[1])));
    }
    Some(out)
}

/// The query's boolean structure over phrase indexes.
enum Node {
    Phrase(usize),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>, Box<Node>),
}

impl Node {
    /// The matching documents, in pk order.
    fn docs(&self, hits: &[Hits]) -> Vec<i64> {
        match self {
            Node::Phrase(i) => hits.get(*i).map(|h| h.iter().map(|x| x.0).collect()).unwrap_or_default(),
            Node::And(parts) => {
                let mut sets: Vec<Vec<i64>> = parts.iter().map(|p| p.docs(hits)).collect();
                sets.sort_by_key(Vec::len);
                let mut it = sets.into_iter();
                let first = it.next().unwrap_or_default();
                it.fold(first, |acc, s| intersect(&acc, &s))
            }
            Node::Or(parts) => parts.iter().fold(Vec::new(), |acc, p| union(&acc, &p.docs(hits))),
            Node::Not(l, r) => difference(&l.docs(hits), &r.docs(hits)),
        }
    }
}

/// Flattens a query into FTS5's phrase order: (text, prefix, positive) per phrase;
/// `None` for the shapes left to FTS5 (see the module doc).
fn shape(q: &Query, positive: bool, nested: bool, out: &mut Vec<(String, bool, bool)>) -> Option<Node> {
    Some(match q {
        Query::Term { text, prefix } => {
            out.push((text.clone(), *prefix, positive));
            Node::Phrase(out.len() - 1)
        }
        Query::And(parts) if !nested => {
            Node::And(parts.iter().map(|p| shape(p, positive, false, out)).collect::<Option<_>>()?)
        }
        Query::Or(parts) => Node::Or(parts.iter().map(|p| shape(p, positive, true, out)).collect::<Option<_>>()?),
        Query::Not(l, r) if !nested => {
            let l = shape(l, positive, false, out)?;
            Node::Not(Box::new(l), Box::new(shape(r, false, true, out)?))
        }
        Query::And(_) | Query::Not(..) => return None,
    })
}

/// Whether the query has a shape the lists rank (see the module doc): one whose matches
/// hold every positive phrase FTS5 reports in them, whichever other rows there are.
pub(super) fn fixed_shape(query: &Query) -> bool {
    shape(query, true, false, &mut Vec::new()).is_some()
}

fn trace(what: &str) {
    if std::env::var_os("XIESHANG_SEARCH_TRACE").is_some() {
        eprintln!("topk: {what}");
    }
}

/// [`rank`], with the work split at `split`.
fn rank_all(conn: &Connection, query: &Query, split: Split) -> Result<Option<Vec<(i64, f64)>>> {
    let fresh: Option<(Vec<u8>, bool, Option<Vec<u8>>)> =
        conn.prepare_cached(FRESH)?.query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
    let Some((record, true, Some(sizes))) = fresh else {
        trace("lists stale");
        return Ok(None);
    };
    let (Some((rows, avgdl)), Some(sizes)) = (totals(&record), Sizes::parse(sizes)) else {
        return Ok(None);
    };
    let mut terms = Vec::new();
    let Some(tree) = shape(query, true, false, &mut terms) else {
        trace("query shape left to FTS5");
        return Ok(None);
    };
    let mut budget = MAX_BYTES;
    let mut loaded = Vec::with_capacity(terms.len());
    for (text, prefix, _) in &terms {
        let tokens = fts5::tokenize(conn, text)?;
        if tokens.is_empty() {
            trace("a term with no tokens");
            return Ok(None);
        }
        let last = tokens.len() - 1;
        let positions = tokens.len() > 1;
        let mut units = Vec::with_capacity(tokens.len());
        for (i, token) in tokens.iter().enumerate() {
            let Some(lists) = load(conn, token, *prefix && i == last, positions, &mut budget)? else {
                trace("lists too large");
                return Ok(None);
            };
            units.push(lists);
        }
        loaded.push(units);
    }
    // The phrases' matches, side by side on rayon's threads (and a large phrase in halves).
    let hits: Option<Vec<Hits>> =
        loaded.into_par_iter().map(|units| phrase_hits(units, &sizes, split.offsets)).collect();
    let Some(hits) = hits else {
        return Ok(None);
    };
    let idfs: Vec<Option<f64>> =
        terms.iter().zip(&hits).map(|((_, _, positive), h)| positive.then(|| idf(rows, h.len() as i64))).collect();
    let docs = match &tree {
        Node::Phrase(i) => hits.get(*i).map(|h| h.iter().map(|x| x.0).collect()).unwrap_or_default(),
        _ => tree.docs(&hits),
    };
    // Scores the documents of a stretch of `docs`.
    let score = |docs: &[i64]| -> Option<Vec<(i64, f64)>> {
        let Some(&first) = docs.first() else {
            return Some(Vec::new());
        };
        let mut cursors: Vec<usize> = hits.iter().map(|h| h.partition_point(|x| x.0 < first)).collect();
        let mut ranked = Vec::with_capacity(docs.len());
        for &pk in docs {
            let d = f64::from(sizes.get(pk)?);
            // FTS5 adds every phrase's term in phrase order; a phrase with no hits adds 0.
            let mut s = 0.0;
            for ((h, w), c) in hits.iter().zip(&idfs).zip(cursors.iter_mut()) {
                let Some(w) = w else {
                    continue;
                };
                while h.get(*c).is_some_and(|x| x.0 < pk) {
                    *c += 1;
                }
                if let Some(&(_, f)) = h.get(*c).filter(|x| x.0 == pk) {
                    s += w * tf(f64::from(f), d, avgdl);
                }
            }
            // FTS5's rank is the score negated (lower is better).
            ranked.push((pk, -s));
        }
        Some(ranked)
    };
    let ranked = if docs.len() < split.matches {
        score(&docs)
    } else {
        let (a, b) = docs.split_at(docs.len() / 2);
        let (a, b) = rayon::join(|| score(a), || score(b));
        a.zip(b).map(|(mut a, b)| {
            a.extend(b);
            a
        })
    };
    Ok(ranked)
}

/// Every match of a parsed word query with its rank (FTS5's bm25, lower is better),
/// from the posting lists; `None` when they do not apply (see the module doc).
pub(super) fn rank(conn: &Connection, query: &Query) -> Result<Option<Vec<(i64, f64)>>> {
    rank_all(conn, query, SPLIT)
}

#[cfg(test)]
mod tests {
    use super::super::plain;
    use super::super::query::parse_query;
    use super::*;

    /// 160 articles over a small skewed vocabulary, so that common words are in most of
    /// them, with repeated words and phrases across sentence ends.
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
                    body.push_str("A living room and a member studio opened for the people's congress. ");
                }
            }
            let text = format!(
                "Home > News > Local\n{title}\nRelease date: 2023-05-{:02}\nInformation source: Test Daily\n\n{body}\n\nLeave a Reply\n",
                1 + i % 28
            );
            std::fs::write(input.join(format!("{i:03}.txt")), text)?;
        }
        built(&[input], &dir.join("t.db"))
    }

    /// A database built from `inputs` (the sample with none), open for writing.
    fn built(inputs: &[std::path::PathBuf], db: &std::path::Path) -> Result<Connection> {
        crate::Corpus::build(inputs, db, &crate::BuildOptions::default())?;
        let conn = Connection::open(db)?;
        super::super::cjk::register_functions(&conn)?;
        Ok(conn)
    }

    fn all(conn: &Connection, q: &str, fast: bool) -> Result<Vec<(i64, f64)>> {
        let parsed = parse_query(q)?;
        if !fast {
            return plain::all(conn, &parsed.to_fts());
        }
        match rank(conn, &parsed)? {
            Some(mut out) => {
                // Best first, as FTS5 gives them (equal ranks by pk).
                out.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
                Ok(out)
            }
            None => plain::all(conn, &parsed.to_fts()),
        }
    }

    /// A stored list: token, documents, postings, positions.
    type StoredList = (String, i64, Vec<u8>, Vec<u8>);

    /// Every stored list, in token order.
    fn stored_lists(conn: &Connection) -> Result<Vec<StoredList>> {
        let mut stmt = conn.prepare("SELECT term, docs, postings, positions FROM search_postings ORDER BY term")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    #[test]
    fn the_leaf_pages_give_the_lists_fts5vocab_gives() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let generated = corpus(dir.path())?;
        // The embedded sample: Chinese tokens, long bodies, offsets in the thousands.
        let sample = built(&[], &dir.path().join("sample.db"))?;
        for conn in [&generated, &sample] {
            // FTS5's own page size (4050 bytes), then pages so small that nearly every
            // doclist, and many position lists, run on over several pages.
            for pgsz in [None, Some(64), Some(32)] {
                if let Some(pgsz) = pgsz {
                    conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('pgsz', ?1)", [pgsz])?;
                    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')", [])?;
                }
                refresh_with(conn, Reader::Vocab)?;
                let vocab = stored_lists(conn)?;
                // The leaves are read, not given up on for fts5vocab.
                let mut occurrences = 0usize;
                assert!(segment::read(conn, 2, &mut |e| {
                    occurrences += matches!(e, segment::Event::At(..)) as usize;
                    Ok(())
                })?);
                refresh_with(conn, Reader::Leaves)?;
                assert_eq!(stored_lists(conn)?, vocab, "page size {pgsz:?}");
                let instances: i64 = conn.query_row(
                    "SELECT sum(length(positions) - 1) / 2 FROM search_postings WHERE substr(positions, 1, 1) = x'02'",
                    [],
                    |r| r.get(0),
                )?;
                assert!(vocab.len() > 15 && occurrences as i64 >= instances, "{} lists", vocab.len());
            }
        }
        // A second segment (an article indexed after the merge) is not read from the leaves.
        generated.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (100000, 'late', 'news')", [])?;
        assert!(!segment::read(&generated, 2, &mut |_| Ok(()))?);
        Ok(())
    }

    #[test]
    fn the_lists_give_plain_bm25_exactly() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let conn = corpus(dir.path())?;
        assert!(is_fresh(&conn)?);
        // (query, answered from the lists)
        let queries = [
            ("committee", true),
            ("members", true),
            ("river", true),
            ("\"living room\"", true),
            ("\"member studio\"", true),
            ("\"people's congress\"", true),
            ("\"committee committee\"", true),
            ("\"the committee met\"", true),
            ("stud*", true),
            ("\"member stud\"*", true),
            ("\"the stud\"*", true),
            ("committee AND members", true),
            ("committee AND members AND people", true),
            ("living OR studio", true),
            ("committee OR members", true),
            ("committee NOT studio", true),
            ("committee NOT (studio OR station)", true),
            ("\"living room\" OR forum", true),
            ("\"living room\" OR \"member studio\"", true),
            ("(studio OR station) AND people", true),
            ("(stud* OR \"liaison station\") NOT river", true),
            ("people proposal council", true),
            ("nosuchword", true),
            ("committee OR nosuchword", true),
            ("a OR b c", false),
            ("committee NOT (studio AND station)", false),
        ];
        let (never, always) = (Split { offsets: usize::MAX, matches: usize::MAX }, Split { offsets: 0, matches: 0 });
        for (q, listed) in queries {
            assert_eq!(rank_all(&conn, &parse_query(q)?, SPLIT)?.is_some(), listed, "{q}");
            // Work split in halves gives the very same scores.
            assert_eq!(rank_all(&conn, &parse_query(q)?, always)?, rank_all(&conn, &parse_query(q)?, never)?, "{q}");
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
        // The corpus is what the comparison needs: common words in most documents, and
        // phrases whose words also occur apart.
        assert!(all(&conn, "committee", false)?.len() > 80);
        assert!(all(&conn, "living", false)?.len() > all(&conn, "\"living room\"", false)?.len());
        Ok(())
    }

    /// The document sizes stored with the lists.
    fn stored_sizes(conn: &Connection) -> Result<Sizes> {
        let blob: Vec<u8> =
            conn.query_row("SELECT value FROM corpus_meta WHERE key = 'search_postings_sizes'", [], |r| r.get(0))?;
        Ok(Sizes::parse(blob).ok_or(rusqlite::Error::InvalidQuery)?)
    }

    /// The lists, with positions, of a phrase's units: (token, is a prefix).
    fn phrase_units(conn: &Connection, phrase: &[(&str, bool)]) -> Result<Vec<Vec<List>>> {
        let mut budget = usize::MAX;
        let mut units = Vec::new();
        for &(token, prefix) in phrase {
            units.push(load(conn, token, prefix, true, &mut budget)?.unwrap_or_default());
        }
        Ok(units)
    }

    #[test]
    fn offsets_past_16_bits_widen_the_list_and_still_match() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let input = dir.path().join("in");
        std::fs::create_dir_all(&input)?;
        // One report of ~80,000 words with the phrase early and past offset 65,535.
        let mut body = String::from("A member studio opened. ");
        for i in 0..20_000 {
            body.push_str(if i % 7 == 0 { "the member spoke today. " } else { "the council met today. " });
        }
        body.push_str("The member studio of the people's congress closed.");
        std::fs::write(input.join("long.txt"), format!("Long report\nRelease date: 2023-05-01\n\n{body}\n"))?;
        for i in 0..6 {
            let text =
                format!("Short report {i}\nRelease date: 2023-05-02\n\nThe member studio met the council {i}.\n");
            std::fs::write(input.join(format!("s{i}.txt")), text)?;
        }
        let conn = built(&[input], &dir.path().join("t.db"))?;
        let width = |term: &str| -> Result<u8> {
            let blob: Vec<u8> =
                conn.query_row("SELECT positions FROM search_postings WHERE term = ?1", [term], |r| r.get(0))?;
            Ok(blob[0])
        };
        assert_eq!(width("member")?, 4);
        assert_eq!(width("short")?, 2);
        for q in
            ["\"member studio\"", "\"member stud\"*", "\"studio of the people's congress\"", "\"the member\" OR studio"]
        {
            assert!(rank_all(&conn, &parse_query(q)?, SPLIT)?.is_some(), "{q} must be answered from the lists");
            let fast = all(&conn, q, true)?;
            assert!(!fast.is_empty(), "{q}");
            assert_eq!(fast, all(&conn, q, false)?, "{q}");
        }
        // The long report holds "member studio" twice, past 16 bits once.
        let long: i64 =
            conn.query_row("SELECT rowid FROM articles WHERE body LIKE '%studio of the people%'", [], |r| r.get(0))?;
        let units = phrase_units(&conn, &[("member", false), ("studio", false)])?;
        let hits = phrase_hits(units, &stored_sizes(&conn)?, usize::MAX).unwrap_or_default();
        assert!(hits.contains(&(long, 2)), "{hits:?}");
        Ok(())
    }

    #[test]
    fn phrases_match_the_same_in_two_halves() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let conn = corpus(dir.path())?;
        let sizes = stored_sizes(&conn)?;
        let phrases: [&[(&str, bool)]; 4] = [
            &[("member", false), ("studio", false)],
            &[("peopl", false), ("s", false), ("congress", false)],
            &[("member", false), ("stud", true)],
            &[("live", false), ("room", false), ("and", false)],
        ];
        for phrase in phrases {
            let whole = phrase_hits(phrase_units(&conn, phrase)?, &sizes, usize::MAX);
            let halves = phrase_hits(phrase_units(&conn, phrase)?, &sizes, 0);
            assert!(whole.as_ref().is_some_and(|h| h.len() > 5), "{phrase:?}: {whole:?}");
            assert_eq!(whole, halves, "{phrase:?}");
        }
        Ok(())
    }

    #[test]
    fn stale_lists_are_not_used() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let conn = corpus(dir.path())?;
        conn.execute("UPDATE corpus_meta SET value = x'00' WHERE key = 'search_postings_index'", [])?;
        assert!(!is_fresh(&conn)?);
        assert!(rank_all(&conn, &parse_query("committee")?, SPLIT)?.is_none());
        assert_eq!(all(&conn, "committee", true)?, all(&conn, "committee", false)?);
        Ok(())
    }

    #[test]
    fn list_varints_round_trip() {
        let mut buf = Vec::new();
        let values = [0u64, 1, 127, 128, 300, 1 << 35, u64::from(u32::MAX)];
        for v in values {
            put(&mut buf, v);
        }
        let mut at = 0;
        for v in values {
            assert_eq!(get(&buf, &mut at), Some(v));
        }
        assert_eq!(at, buf.len());
        assert_eq!(get(&[0x80], &mut 0), None);
        assert_eq!(decode(&[0x05, 0x01, 0x02, 0x03, 0x00, 0x04]), Some(vec![(5, 1, 2), (8, 0, 4)]));
        assert_eq!(decode(&[0x05, 0x01]), None);
    }

    #[test]
    fn sqlite_varints_read_as_sqlite_writes_them() {
        assert_eq!(varint(&[0x05]), Some((5, 1)));
        assert_eq!(varint(&[0x81, 0x00]), Some((128, 2)));
        assert_eq!(varints(&[0x81, 0x00, 0x07]), Some(vec![128, 7]));
        assert_eq!(varint(&[0x81]), None);
    }

    #[test]
    fn document_sets_combine_in_pk_order() {
        assert_eq!(intersect(&[1, 3, 5, 9], &[2, 3, 9, 10]), vec![3, 9]);
        assert_eq!(union(&[1, 3, 5], &[2, 3, 9]), vec![1, 2, 3, 5, 9]);
        assert_eq!(difference(&[1, 3, 5, 9], &[3, 4, 9]), vec![1, 5]);
        let table = |n: usize| [1i64.to_le_bytes().to_vec(), vec![0; 4 * n]].concat();
        let sizes = Sizes { first: 1, blob: table(10) };
        // Few hits (sorted and added up) and many (one slot per document) agree.
        let lists = vec![vec![(2, 1), (5, 10)], vec![(5, 2), (7, 1)]];
        assert_eq!(merge_sum(lists.clone(), &sizes), vec![(2, 1), (5, 12), (7, 1)]);
        let wide = Sizes { first: 1, blob: table(1000) };
        assert_eq!(merge_sum(lists, &wide), vec![(2, 1), (5, 12), (7, 1)]);
    }

    #[test]
    fn idf_has_a_floor() {
        assert_eq!(idf(100, 60), 1e-6);
        assert!((idf(100, 10) - (90.5f64 / 10.5).ln()).abs() < 1e-15);
    }
}
