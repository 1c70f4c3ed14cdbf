//! Reads the word index's occurrences straight from its leaf pages, in the order the
//! `fts5vocab` `instance` table gives them (token, document, column, offset), for the
//! search's posting lists (`refresh` in topk.rs).
//!
//! Going through `fts5vocab` costs a virtual-table row per occurrence (tens of millions
//! for 100,000 articles: most of the time of making the lists). After `optimize` the
//! index is a single segment whose leaves are rows of `articles_fts_data`; this module
//! decodes them as FTS5 writes them (`fts5_index.c`, the "Segment leaves" comment of
//! SQLite 3.50, bundled with rusqlite):
//!
//! - the structure record (id 10): a 4-byte cookie, then varints: levels, segments,
//!   write counter, and per level the segments being merged, the segments, and per
//!   segment its id and first and last leaf page;
//! - a leaf page (id `segid << 37 | pgno`): two big-endian u16, the offset of the first
//!   rowid if it comes before the page's first term (else 0) and the size of the leaf
//!   without its footer; the footer lists the offsets of the page's terms (delta varints);
//! - a term: `len, bytes` when first on its page, else `shared prefix, len, bytes`; a
//!   main-index term starts with the byte `0`. Then its doclist: the first rowid, then
//!   deltas; a page's first rowid is stored whole. Each rowid is followed by `size * 2 +
//!   delete flag` and a position list: `offset + 2`, then `delta + 2`, with `1, column`
//!   switching columns. A doclist (and a position list) may run on over following pages,
//!   cut only between varints.
//!
//! Anything else (more than one segment, a delete flag, an offset that does not add up)
//! makes [`read`] answer `false`, and the caller reads the index through `fts5vocab`.

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;

const STRUCTURE: &str = sql!("fts_structure");
const LEAVES: &str = sql!("fts_leaves");

/// What the leaves tell, in index order.
pub(super) enum Event<'a> {
    /// A new token (without the index's prefix byte).
    Token(&'a str),
    /// An occurrence of the current token: document, column, offset.
    At(i64, u32, u32),
}

/// The leaf pages of segment `segid` are the rows `segid << PAGE_BITS | pgno`.
const PAGE_BITS: u32 = 31 + 5 + 1;

/// A SQLite varint (as FTS5 writes them): value and length.
pub(super) fn varint(buf: &[u8]) -> Option<(u64, usize)> {
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

/// The SQLite varint at `at`, moving `at` past it.
fn varint_at(buf: &[u8], at: &mut usize) -> Option<u64> {
    let (v, n) = varint(buf.get(*at..)?)?;
    *at += n;
    Some(v)
}

/// The single segment of an optimized index: (id, first leaf, last leaf); `None` for
/// any other structure (several segments, a merge under way, the V2 format).
fn single_segment(record: &[u8]) -> Option<(u64, u64, u64)> {
    if record.get(4..8)? == b"\xff\x00\x00\x01" {
        return None;
    }
    let mut at = 4;
    let levels = varint_at(record, &mut at)?;
    if varint_at(record, &mut at)? != 1 {
        return None;
    }
    varint_at(record, &mut at)?; // write counter
    let mut found = None;
    for _ in 0..levels {
        let merging = varint_at(record, &mut at)?;
        let segments = varint_at(record, &mut at)?;
        if merging != 0 || segments > 1 {
            return None;
        }
        if segments == 1 {
            let id = varint_at(record, &mut at)?;
            let first = varint_at(record, &mut at)?;
            let last = varint_at(record, &mut at)?;
            // Segment ids are 16 bits, page numbers 31.
            if found.is_some() || id == 0 || id > 0xffff || first == 0 || last < first || last >= 1 << 31 {
                return None;
            }
            found = Some((id, first, last));
        }
    }
    found
}

/// The decoder's state between pages.
#[derive(Default)]
struct Leaves {
    /// The current term as stored (prefix byte included).
    term: Vec<u8>,
    /// A term has been read: the pages go on with its doclist.
    listing: bool,
    /// The next rowid is the first of a doclist (stored whole).
    whole_next: bool,
    /// The current document.
    pk: i64,
    /// Bytes of its position list not read yet.
    left: usize,
    /// The next varint of the position list is a column number.
    column_next: bool,
    col: u32,
    offset: u32,
    /// The page's term offsets (reused).
    terms: Vec<usize>,
    /// The index's column count.
    columns: u32,
}

/// Reads every occurrence of the index into `sink`, in index order; `false` (having
/// sent part of them, or none) if the index is not laid out as this module expects.
/// `columns`: how many the index has (an occurrence in another is not expected).
pub(super) fn read(conn: &Connection, columns: u32, sink: &mut dyn FnMut(Event<'_>) -> Result<()>) -> Result<bool> {
    let record: Option<Vec<u8>> = conn.query_row(STRUCTURE, [], |r| r.get(0)).optional()?;
    let Some((segid, first, last)) = record.as_deref().and_then(single_segment) else {
        return Ok(false);
    };
    // Within i64: segid < 2^16, pages < 2^31.
    let (first, last) = (((segid << PAGE_BITS) | first) as i64, ((segid << PAGE_BITS) | last) as i64);
    let mut stmt = conn.prepare(LEAVES)?;
    let mut rows = stmt.query([first, last])?;
    let mut state = Leaves { columns, ..Leaves::default() };
    let mut expect = first;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        if id != expect {
            return Ok(false);
        }
        expect += 1;
        let page = row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?;
        if !state.page(page, sink)? {
            return Ok(false);
        }
    }
    Ok(expect == last + 1 && state.left == 0 && !state.column_next)
}

impl Leaves {
    /// Decodes one leaf page; `false` if it does not add up.
    fn page(&mut self, p: &[u8], sink: &mut dyn FnMut(Event<'_>) -> Result<()>) -> Result<bool> {
        let (Some(head), Some(size)) = (p.get(0..2), p.get(2..4)) else {
            return Ok(false);
        };
        let first_rowid = usize::from(u16::from_be_bytes([head[0], head[1]]));
        let leaf = usize::from(u16::from_be_bytes([size[0], size[1]]));
        if leaf < 4 || leaf > p.len() || (first_rowid != 0 && (first_rowid < 4 || first_rowid >= leaf)) {
            return Ok(false);
        }
        let mut terms = std::mem::take(&mut self.terms);
        terms.clear();
        let (mut at, mut offset) = (leaf, 0usize);
        while at < p.len() {
            let Some(delta) = varint_at(p, &mut at) else {
                return Ok(false);
            };
            offset = offset.saturating_add(usize::try_from(delta).unwrap_or(usize::MAX));
            terms.push(offset);
        }
        let data = &p[..leaf];
        let ok = self.page_data(data, first_rowid, &terms, sink);
        self.terms = terms;
        ok
    }

    fn page_data(
        &mut self,
        data: &[u8],
        first_rowid: usize,
        terms: &[usize],
        sink: &mut dyn FnMut(Event<'_>) -> Result<()>,
    ) -> Result<bool> {
        let mut at = 4;
        let end = terms.first().copied().unwrap_or(data.len());
        if end > data.len() || (end > 4 && !self.listing) {
            return Ok(false);
        }
        // The rest of the last page's doclist.
        let mut rowid_seen = false;
        if !self.doclist(data, &mut at, end, first_rowid, &mut rowid_seen, sink)? {
            return Ok(false);
        }
        for (k, &start) in terms.iter().enumerate() {
            if at != start {
                return Ok(false);
            }
            let shared = if k == 0 { Some(0) } else { varint_at(data, &mut at) };
            let (Some(shared), Some(len)) = (shared, varint_at(data, &mut at)) else {
                return Ok(false);
            };
            let (Ok(shared), Ok(len)) = (usize::try_from(shared), usize::try_from(len)) else {
                return Ok(false);
            };
            let Some(bytes) = data.get(at..at.saturating_add(len)) else {
                return Ok(false);
            };
            if shared > self.term.len() || self.left != 0 || self.column_next {
                return Ok(false);
            }
            at += len;
            self.term.truncate(shared);
            self.term.extend_from_slice(bytes);
            // Only the main index (prefix byte '0'); the table has no prefix indexes.
            let Some((b'0', token)) = self.term.split_first() else {
                return Ok(false);
            };
            let Ok(token) = std::str::from_utf8(token) else {
                return Ok(false);
            };
            sink(Event::Token(token))?;
            self.listing = true;
            self.whole_next = true;
            let end = terms.get(k + 1).copied().unwrap_or(data.len());
            if end > data.len() || !self.doclist(data, &mut at, end, first_rowid, &mut rowid_seen, sink)? {
                return Ok(false);
            }
        }
        Ok(at == data.len())
    }

    /// Reads doclist bytes in `[at, end)`: the rest of a position list, then rowids with
    /// their position lists.
    fn doclist(
        &mut self,
        data: &[u8],
        at: &mut usize,
        end: usize,
        first_rowid: usize,
        rowid_seen: &mut bool,
        sink: &mut dyn FnMut(Event<'_>) -> Result<()>,
    ) -> Result<bool> {
        while *at < end {
            if self.left == 0 {
                // A rowid: whole if first on the page or in its doclist, else a delta.
                let whole = *at == first_rowid || self.whole_next;
                if (first_rowid != 0 && !*rowid_seen && *at != first_rowid) || (!whole && !*rowid_seen) {
                    return Ok(false);
                }
                let Some(v) = varint_at(data, at) else {
                    return Ok(false);
                };
                let v = v as i64;
                self.pk = if whole { v } else { self.pk.wrapping_add(v) };
                *rowid_seen = true;
                self.whole_next = false;
                let Some(size) = varint_at(data, at) else {
                    return Ok(false);
                };
                // A delete flag, or an entry without positions: not an optimized index.
                if size & 1 == 1 || size < 2 {
                    return Ok(false);
                }
                self.left = usize::try_from(size >> 1).unwrap_or(usize::MAX);
                self.col = 0;
                self.offset = 0;
                self.column_next = false;
                continue;
            }
            if *at == first_rowid && !*rowid_seen {
                return Ok(false);
            }
            let before = *at;
            let Some(v) = varint_at(data, at) else {
                return Ok(false);
            };
            let used = *at - before;
            if used > self.left {
                return Ok(false);
            }
            self.left -= used;
            if self.column_next {
                let Some(col) = u32::try_from(v).ok().filter(|&c| c < self.columns) else {
                    return Ok(false);
                };
                self.col = col;
                self.offset = 0;
                self.column_next = false;
            } else if v == 1 {
                self.column_next = true;
            } else if v == 0 {
                return Ok(false);
            } else {
                let Some(offset) = u32::try_from(v - 2).ok().and_then(|d| self.offset.checked_add(d)) else {
                    return Ok(false);
                };
                self.offset = offset;
                sink(Event::At(self.pk, self.col, offset))?;
            }
        }
        Ok(*at == end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_single_segment_structure_is_read() {
        // cookie, 2 levels, 1 segment, write counter 7; level 0 empty; level 1: segment 3, pages 1..=9
        let one = [0, 0, 0, 1, 2, 1, 7, 0, 0, 0, 1, 3, 1, 9];
        assert_eq!(single_segment(&one), Some((3, 1, 9)));
        // two segments
        let two = [0, 0, 0, 1, 1, 2, 7, 0, 2, 3, 1, 9, 4, 1, 2];
        assert_eq!(single_segment(&two), None);
        // a merge under way
        let merging = [0, 0, 0, 1, 1, 1, 7, 1, 1, 3, 1, 9];
        assert_eq!(single_segment(&merging), None);
        // the V2 format
        let v2 = [0, 0, 0, 1, 0xff, 0, 0, 1, 1, 1, 7, 0, 1, 3, 1, 9, 0, 0, 0, 0, 0];
        assert_eq!(single_segment(&v2), None);
        assert_eq!(single_segment(&one[..10]), None);
    }
}
