//! Near-duplicate (syndicated copy) detection: MinHash signatures, LSH banding, grouping.
//!
//! Pure: no I/O, no SQL. Feed it the **clean body** of each article
//! ([`Normalized::body`](crate::Normalized)), not the raw page: site chrome (menus,
//! footers, bylines) differs between copies of the same story and would only add noise.
//!
//! * [`signature`] turns a text into a [`Signature`]: [`NUM_HASHES`] one-permutation
//!   MinHash values over shingles of [`SHINGLE`] consecutive tokens. A token is a lower-cased run of letters
//!   and digits (apostrophes folded away, full-width forms folded to ASCII) or a single
//!   CJK character, so Chinese text gets character shingles.
//! * [`estimate_similarity`] estimates the Jaccard similarity of the two shingle sets.
//! * [`group`] clusters a batch: LSH banding ([`BANDS`] × [`ROWS`]) proposes candidate
//!   pairs, a pair is kept when its estimate reaches `threshold`, and union-find closes
//!   the kept pairs into stories. Memory: the signatures (512 bytes each) plus ~20 bytes
//!   of working memory and a 16-byte [`Assignment`] per document.
//! * [`Deduper`] does the same one document at a time (incremental use): load the stored
//!   signatures in their stored order, then add the new ones. [`Index`] is its LSH part
//!   (~560 bytes per document on top of the signature).
//!
//! Indices are `usize` but held as `u32` inside: up to 4,294,967,294 documents.
//!
//! **Canonical copy.** The story of a document is the *lowest index* in its group, i.e.
//! the first one in input order. Feed documents oldest first (by publication date, then
//! id) and the story is the earliest copy, which is what a syndicated original is.
//!
//! ```
//! use xieshang::dedup::{group, signature, DEFAULT_THRESHOLD};
//!
//! let a = "The consultation and deliberation room in Baiyang Town focuses on grassroots \
//!          governance and collects public opinion to speak out for the people.";
//! let b = "The consultation and deliberation room in Baiyang Town focuses on grassroots \
//!          governance and collects public opinion to speak out for the residents.";
//! let c = "Deputies inspected the new water treatment plant and asked for quarterly reports.";
//! let sigs = [signature(a), signature(b), signature(c)];
//! let stories = group(&sigs, DEFAULT_THRESHOLD);
//! assert_eq!(stories[1].story, 0); // b is a copy of a
//! assert_eq!(stories[2].story, 2); // c stands alone
//! ```

use std::collections::HashMap;

/// Number of MinHash values per signature.
pub const NUM_HASHES: usize = 128;
/// Tokens per shingle (words; CJK characters count one token each).
pub const SHINGLE: usize = 5;
/// LSH bands; `BANDS * ROWS <= NUM_HASHES`.
pub const BANDS: usize = 25;
/// MinHash values per LSH band.
pub const ROWS: usize = 5;
/// Similarity at or above which two documents are copies of one story. On the synthetic
/// corpus (100,000 articles), copies score about 0.7 and up, unrelated articles up to
/// about 0.5 (shared boilerplate phrasing); any threshold in 0.55..=0.65 scored P = R = 1.
pub const DEFAULT_THRESHOLD: f64 = 0.6;
/// At most this many earlier members of one LSH bucket are verified against a new member
/// (guards against quadratic work on degenerate buckets, e.g. many boilerplate-only texts).
pub const MAX_BUCKET_SCAN: usize = 64;

/// Format version written by [`Signature::to_bytes`]; bump when hashing changes.
const FORMAT_VERSION: u8 = 1;
/// Byte length of [`Signature::to_bytes`].
pub const SIGNATURE_BYTES: usize = 1 + 4 * NUM_HASHES;

const EMPTY: u32 = u32::MAX;

/// A MinHash signature of one document: [`NUM_HASHES`] minima, 512 bytes.
///
/// The tokenizer and hashing are frozen for byte format version 1 ([`Signature::to_bytes`]):
/// stored signatures stay comparable with new ones.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Signature {
    mins: [u32; NUM_HASHES],
}

impl std::fmt::Debug for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signature({:08x} {:08x} …)", self.mins[0], self.mins[1])
    }
}

impl Default for Signature {
    fn default() -> Self {
        Signature { mins: [EMPTY; NUM_HASHES] }
    }
}

/// Why [`Signature::from_bytes`] refused its input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    #[error("signature has {found} bytes, expected {expected}")]
    BadLength { found: usize, expected: usize },
    #[error("signature format version {found} is not supported (expected {expected})")]
    BadVersion { found: u8, expected: u8 },
}

impl Signature {
    /// True when the text had no token (empty or punctuation only). An empty signature
    /// is similar to nothing, not even another empty one.
    pub fn is_empty(&self) -> bool {
        self.mins.iter().all(|&m| m == EMPTY)
    }

    /// The raw MinHash values.
    pub fn values(&self) -> &[u32; NUM_HASHES] {
        &self.mins
    }

    /// Serializes to [`SIGNATURE_BYTES`] bytes: a version byte, then the minima as
    /// little-endian `u32`. Suitable for a BLOB column.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(SIGNATURE_BYTES);
        out.push(FORMAT_VERSION);
        for m in &self.mins {
            out.extend_from_slice(&m.to_le_bytes());
        }
        out
    }

    /// Reads what [`Signature::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<Signature, SignatureError> {
        if bytes.len() != SIGNATURE_BYTES {
            return Err(SignatureError::BadLength { found: bytes.len(), expected: SIGNATURE_BYTES });
        }
        if bytes[0] != FORMAT_VERSION {
            return Err(SignatureError::BadVersion { found: bytes[0], expected: FORMAT_VERSION });
        }
        let mut mins = [EMPTY; NUM_HASHES];
        for (m, chunk) in mins.iter_mut().zip(bytes[1..].chunks_exact(4)) {
            *m = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        Ok(Signature { mins })
    }

    /// Hash of band `band` (rows `band*ROWS ..`), with the band number mixed in.
    fn band_key(&self, band: usize) -> u64 {
        let mut h = (band as u64).wrapping_add(1).wrapping_mul(K1);
        for &m in &self.mins[band * ROWS..(band + 1) * ROWS] {
            h = (h.rotate_left(23) ^ u64::from(m)).wrapping_mul(K1);
        }
        fmix64(h)
    }
}

// ---------------------------------------------------------------- hashing

const K1: u64 = 0x517c_c1b7_2722_0a95; // FxHash multiplier
const K2: u64 = 0x9e37_79b9_7f4a_7c15; // golden ratio

/// MurmurHash3 64-bit finalizer.
#[inline]
fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

// ---------------------------------------------------------------- tokens and shingles

/// A letter or digit of East Asian text (an ideograph, kana, Hangul, `〇`): one token per
/// character. CJK punctuation separates tokens like any other punctuation.
#[inline]
fn is_cjk(c: char) -> bool {
    crate::text::is_cjk(c) && c.is_alphanumeric()
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{FF07}')
}

/// Folds full-width ASCII forms (U+FF01..U+FF5E) and the ideographic space.
#[inline]
fn fold_width(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// Streams shingle hashes: a ring of the last [`SHINGLE`] token hashes.
struct Shingler<F: FnMut(u64)> {
    ring: [u64; SHINGLE],
    tokens: usize,
    word: u64,
    in_word: bool,
    sink: F,
}

impl<F: FnMut(u64)> Shingler<F> {
    fn new(sink: F) -> Self {
        Shingler { ring: [0; SHINGLE], tokens: 0, word: K2, in_word: false, sink }
    }

    #[inline]
    fn word_char(&mut self, c: char) {
        self.word = (self.word.rotate_left(5) ^ u64::from(c as u32)).wrapping_mul(K1);
        self.in_word = true;
    }

    #[inline]
    fn end_word(&mut self) {
        if self.in_word {
            let h = fmix64(self.word);
            self.token(h);
            self.word = K2;
            self.in_word = false;
        }
    }

    #[inline]
    fn token(&mut self, h: u64) {
        self.ring[self.tokens % SHINGLE] = h;
        self.tokens += 1;
        if self.tokens >= SHINGLE {
            let start = self.tokens % SHINGLE; // oldest token
            self.emit(start, SHINGLE);
        }
    }

    #[inline]
    fn emit(&mut self, start: usize, len: usize) {
        let mut h = K2 ^ len as u64;
        for k in 0..len {
            h = (h.rotate_left(17) ^ self.ring[(start + k) % SHINGLE]).wrapping_mul(K1);
        }
        (self.sink)(fmix64(h));
    }

    fn feed(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    self.word_char(c.to_ascii_lowercase());
                } else if c == '\'' {
                    // folded: "people's" and "peoples" are one token
                } else {
                    self.end_word();
                }
                continue;
            }
            let c = fold_width(c);
            if is_cjk(c) {
                self.end_word();
                self.token(fmix64(u64::from(c as u32) ^ K1));
            } else if c.is_alphanumeric() {
                for l in c.to_lowercase() {
                    self.word_char(l);
                }
            } else if !is_apostrophe(c) {
                self.end_word();
            }
        }
        self.end_word();
        if self.tokens > 0 && self.tokens < SHINGLE {
            self.emit(0, self.tokens); // a short text is one shingle
        }
    }
}

/// MinHash signature of `text` (the clean body of an article). Never panics; an empty or
/// punctuation-only text gives an empty signature (see [`Signature::is_empty`]).
///
/// One-permutation MinHash: each shingle is hashed once; its top bits pick one of the
/// [`NUM_HASHES`] bins and its low 32 bits compete for that bin's minimum. Bins left empty
/// (texts with few shingles) borrow from a donor bin chosen by a document-independent
/// sequence ("optimal densification", Shrivastava 2017), which keeps the share of equal
/// bins an unbiased estimate of Jaccard similarity. Cost: O(length), about one hash per
/// character.
pub fn signature(text: &str) -> Signature {
    const BIN_SHIFT: u32 = 64 - NUM_HASHES.trailing_zeros();
    let mut mins = [EMPTY; NUM_HASHES];
    let mut any = false;
    let mut shingler = Shingler::new(|h: u64| {
        let bin = (h >> BIN_SHIFT) as usize;
        mins[bin] = mins[bin].min(h as u32);
        any = true;
    });
    shingler.feed(text);
    if !any {
        return Signature::default();
    }
    let filled = mins;
    for (j, m) in mins.iter_mut().enumerate() {
        if *m != EMPTY {
            continue;
        }
        for attempt in 0u64.. {
            let donor = if attempt < 4096 {
                (fmix64(((j as u64) << 32 | attempt) ^ K2) >> BIN_SHIFT) as usize
            } else {
                // unreachable in practice (at least one bin is filled); stay total
                (j + attempt as usize) % NUM_HASHES
            };
            if filled[donor] != EMPTY {
                *m = filled[donor];
                break;
            }
        }
    }
    Signature { mins }
}

/// Estimated Jaccard similarity of the shingle sets behind `a` and `b`: the share of equal
/// MinHash values, in `[0, 1]`. 0.0 when either signature is empty.
pub fn estimate_similarity(a: &Signature, b: &Signature) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let same = a.mins.iter().zip(&b.mins).filter(|(x, y)| x == y).count();
    same as f64 / NUM_HASHES as f64
}

// ---------------------------------------------------------------- union-find

#[derive(Debug, Clone, Default)]
struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn push(&mut self) {
        let n = self.parent.len() as u32;
        self.parent.push(n);
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let up = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = up; // path halving
            x = up;
        }
        x
    }

    /// Joins the sets of `a` and `b`; the root is always the lower index, so the root of a
    /// set is its first document. Returns the root that lost (if the sets differed).
    fn union(&mut self, a: u32, b: u32) -> Option<u32> {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return None;
        }
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[hi as usize] = lo;
        Some(hi)
    }
}

// ---------------------------------------------------------------- grouping

/// The story a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Assignment {
    /// Index of the canonical document of the group: the lowest index (first in input
    /// order). Equal to the document's own index when it is an original or unique.
    pub story: usize,
    /// Estimated similarity to the canonical document (1.0 for the canonical itself). May
    /// fall below the threshold when the document joined through another copy.
    pub similarity: f64,
}

fn assignments_from(uf: &mut UnionFind, signatures: &[Signature]) -> Vec<Assignment> {
    (0..signatures.len())
        .map(|i| {
            let story = uf.find(i as u32) as usize;
            let similarity = if story == i { 1.0 } else { estimate_similarity(&signatures[i], &signatures[story]) };
            Assignment { story, similarity }
        })
        .collect()
}

/// Groups copies of one story: for every document, its [`Assignment`] (story = lowest index
/// of its group). Two documents are linked when LSH proposes them and their estimated
/// similarity is at least `threshold` ([`DEFAULT_THRESHOLD`] is a good start); groups are
/// the connected components of those links.
///
/// LSH proposes pairs above about 0.5 similarity ((1/BANDS)^(1/ROWS) = 0.53); thresholds
/// much below that lose recall, not precision.
///
/// Memory beyond `signatures`: 4 bytes of union-find and, one band at a time, 16 bytes of
/// bucket keys per document. Time: `O(BANDS · N log N)` plus the verified candidates
/// (100,000 articles: under 1 s).
pub fn group(signatures: &[Signature], threshold: f64) -> Vec<Assignment> {
    let n = signatures.len();
    let members: Vec<(u32, &Signature)> = signatures.iter().enumerate().map(|(i, s)| (i as u32, s)).collect();
    let mut uf = link(n, &members, threshold);
    assignments_from(&mut uf, signatures)
}

/// The LSH linking of [`group`] over `members` (document index and signature, ascending
/// by index) out of `n` documents; the others are left alone.
fn link(n: usize, members: &[(u32, &Signature)], threshold: f64) -> UnionFind {
    let mut uf = UnionFind::default();
    for _ in 0..n {
        uf.push();
    }
    let sig = |i: u32| -> &Signature {
        match members.binary_search_by_key(&i, |m| m.0) {
            Ok(k) => members[k].1,
            Err(_) => &EMPTY_SIGNATURE,
        }
    };
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(members.len());
    for band in 0..BANDS {
        keys.clear();
        keys.extend(members.iter().filter(|(_, s)| !s.is_empty()).map(|&(i, s)| (s.band_key(band), i)));
        keys.sort_unstable();
        for run in keys.chunk_by(|x, y| x.0 == y.0) {
            for (k, &(_, j)) in run.iter().enumerate().skip(1) {
                // newest earlier members first, as Index does
                for &(_, i) in run[..k].iter().rev().take(MAX_BUCKET_SCAN) {
                    if uf.find(i) == uf.find(j) {
                        continue;
                    }
                    let sim = estimate_similarity(sig(i), sig(j));
                    if sim >= threshold {
                        uf.union(i, j);
                    }
                }
            }
        }
    }
    uf
}

static EMPTY_SIGNATURE: Signature = Signature { mins: [EMPTY; NUM_HASHES] };

/// The LSH band keys of a signature cut to 32 bits (100 bytes in all), or `None` for an
/// empty signature. Two documents that share a band in [`group`] share its 32-bit key
/// too, so these keys find every document that [`group`] could link to another.
pub fn band_keys32(sig: &Signature) -> Option<[u32; BANDS]> {
    if sig.is_empty() {
        return None;
    }
    let mut keys = [0u32; BANDS];
    for (band, k) in keys.iter_mut().enumerate() {
        *k = sig.band_key(band) as u32;
    }
    Some(keys)
}

/// Which documents share at least one 32-bit band key ([`band_keys32`]) with another
/// document: the only ones [`group`] may put in a story with others. Working memory:
/// 8 bytes per document, one band at a time.
pub fn colliding(keys: &[Option<[u32; BANDS]>]) -> Vec<bool> {
    let mut out = vec![false; keys.len()];
    let mut band_keys: Vec<(u32, u32)> = Vec::with_capacity(keys.len());
    for band in 0..BANDS {
        band_keys.clear();
        band_keys.extend(keys.iter().enumerate().filter_map(|(i, k)| k.map(|k| (k[band], i as u32))));
        band_keys.sort_unstable();
        for run in band_keys.chunk_by(|x, y| x.0 == y.0).filter(|r| r.len() > 1) {
            for &(_, i) in run {
                out[i as usize] = true;
            }
        }
    }
    out
}

/// [`group`] with bounded memory: `n` documents, of which only `members` (document index
/// and signature, ascending by index, typically the [`colliding`] ones) can be linked;
/// every other document is its own story. Gives the same assignments as [`group`] over all
/// signatures whenever `members` holds every document that shares a band with another.
pub fn group_sparse(n: usize, members: &[(u32, Signature)], threshold: f64) -> Vec<Assignment> {
    let refs: Vec<(u32, &Signature)> = members.iter().map(|(i, s)| (*i, s)).collect();
    let mut uf = link(n, &refs, threshold);
    let sig = |i: usize| match refs.binary_search_by_key(&(i as u32), |m| m.0) {
        Ok(k) => refs[k].1,
        Err(_) => &EMPTY_SIGNATURE,
    };
    (0..n)
        .map(|i| {
            let story = uf.find(i as u32) as usize;
            let similarity = if story == i { 1.0 } else { estimate_similarity(sig(i), sig(story)) };
            Assignment { story, similarity }
        })
        .collect()
}

/// LSH banding index: remembers which earlier documents share a band with a new one.
///
/// Each bucket is a linked list through `next`, newest first, so memory is one hash-map
/// entry per distinct band value plus 4 bytes per document and band.
#[derive(Debug, Clone, Default)]
pub struct Index {
    heads: HashMap<u64, u32, BuildKeyHasher>,
    next: Vec<u32>,
    docs: Vec<usize>,
}

const NONE: u32 = u32::MAX;

/// Band keys are already well mixed: hash them as they are.
#[derive(Debug, Clone, Copy, Default)]
struct BuildKeyHasher;

#[derive(Debug, Clone, Copy, Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(K1);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }
}

impl std::hash::BuildHasher for BuildKeyHasher {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(0)
    }
}

impl Index {
    pub fn new() -> Self {
        Index::default()
    }

    /// Number of inserted documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Earlier documents (caller's indices) that share at least one band with `sig`, at
    /// most [`MAX_BUCKET_SCAN`] per band, newest first per band; may hold repeats.
    pub fn candidates(&self, sig: &Signature) -> Vec<usize> {
        let mut out = Vec::new();
        if sig.is_empty() {
            return out;
        }
        for band in 0..BANDS {
            let mut slot = self.heads.get(&sig.band_key(band)).copied().unwrap_or(NONE);
            let mut seen = 0;
            while slot != NONE && seen < MAX_BUCKET_SCAN {
                out.push(self.docs[slot as usize]);
                slot = self.next[slot as usize * BANDS + band];
                seen += 1;
            }
        }
        out
    }

    /// Adds document `doc_idx` and returns its candidates (see [`Index::candidates`]),
    /// i.e. the candidate pairs `(c, doc_idx)`. Empty signatures are remembered but never
    /// bucketed.
    pub fn insert(&mut self, doc_idx: usize, sig: &Signature) -> Vec<usize> {
        let found = self.candidates(sig);
        let slot = self.docs.len() as u32;
        self.docs.push(doc_idx);
        for band in 0..BANDS {
            let prev = if sig.is_empty() { NONE } else { self.heads.insert(sig.band_key(band), slot).unwrap_or(NONE) };
            self.next.push(prev);
        }
        found
    }
}

/// Incremental grouping: add documents one at a time (oldest first) and get each one's
/// story at once. Adding the same signatures in the same order as [`group`] gives the
/// same groups.
///
/// For a store: add every stored signature in stored order (fast, ~1 µs each), then the
/// new documents. A new document either starts its own story or joins an existing one;
/// rarely it bridges two existing stories, which [`Added::merged`] reports.
#[derive(Debug, Clone)]
pub struct Deduper {
    threshold: f64,
    index: Index,
    signatures: Vec<Signature>,
    uf: UnionFind,
}

/// What [`Deduper::add`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Added {
    /// Index of the new document.
    pub doc: usize,
    /// Its story and similarity to the story's canonical document.
    pub assignment: Assignment,
    /// Earlier stories (canonical indices) that this document joined into
    /// `assignment.story`: their members now belong to `assignment.story`.
    pub merged: Vec<usize>,
}

impl Deduper {
    pub fn new(threshold: f64) -> Self {
        Deduper { threshold, index: Index::new(), signatures: Vec::new(), uf: UnionFind::default() }
    }

    pub fn len(&self) -> usize {
        self.signatures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.signatures.is_empty()
    }

    /// Adds the next document (index [`Deduper::len`]) and assigns it to a story.
    pub fn add(&mut self, sig: Signature) -> Added {
        let j = self.signatures.len();
        self.uf.push();
        let mut merged = Vec::new();
        for i in self.index.insert(j, &sig) {
            let (ri, rj) = (self.uf.find(i as u32), self.uf.find(j as u32));
            if ri == rj {
                continue;
            }
            if estimate_similarity(&self.signatures[i], &sig) >= self.threshold {
                if let Some(lost) = self.uf.union(i as u32, j as u32) {
                    if lost as usize != j {
                        merged.push(lost as usize);
                    }
                }
            }
        }
        self.signatures.push(sig);
        let story = self.uf.find(j as u32) as usize;
        merged.retain(|&m| m != story);
        merged.sort_unstable();
        let similarity =
            if story == j { 1.0 } else { estimate_similarity(&self.signatures[j], &self.signatures[story]) };
        Added { doc: j, assignment: Assignment { story, similarity }, merged }
    }

    /// Current assignment of document `doc`, `None` if out of range.
    pub fn assignment(&mut self, doc: usize) -> Option<Assignment> {
        let story = self.uf.find(u32::try_from(doc).ok().filter(|&d| (d as usize) < self.len())?) as usize;
        let similarity =
            if story == doc { 1.0 } else { estimate_similarity(&self.signatures[doc], &self.signatures[story]) };
        Some(Assignment { story, similarity })
    }

    /// Current assignments of all documents.
    pub fn assignments(&mut self) -> Vec<Assignment> {
        assignments_from(&mut self.uf, &self.signatures)
    }

    /// The stored signatures, in document order.
    pub fn signatures(&self) -> &[Signature] {
        &self.signatures
    }
}

// ---------------------------------------------------------------- scoring

/// Pairwise precision and recall of a clustering against gold: over all pairs of documents
/// put in one story by `predicted`, the share also in one gold story (precision), and over
/// all gold pairs, the share found (recall). Labels are any ids (e.g. story indices);
/// slices must have equal length (extra entries are ignored). 1.0 when there are no pairs.
pub fn pairwise_scores(predicted: &[usize], gold: &[usize]) -> (f64, f64) {
    fn pairs(n: u64) -> u64 {
        n * n.saturating_sub(1) / 2
    }
    let mut both: HashMap<(usize, usize), u64> = HashMap::new();
    let mut pred: HashMap<usize, u64> = HashMap::new();
    let mut gold_n: HashMap<usize, u64> = HashMap::new();
    for (&p, &g) in predicted.iter().zip(gold) {
        *both.entry((p, g)).or_default() += 1;
        *pred.entry(p).or_default() += 1;
        *gold_n.entry(g).or_default() += 1;
    }
    let tp: u64 = both.values().map(|&n| pairs(n)).sum();
    let pp: u64 = pred.values().map(|&n| pairs(n)).sum();
    let gp: u64 = gold_n.values().map(|&n| pairs(n)).sum();
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    (ratio(tp, pp), ratio(tp, gp))
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "Recently, a training session for consultation and deliberation room conveners \
        was held in Wenzhou to solicit advice on water pollution control from members and residents. \
        Fan Bo, head of the United Front Work Department of the CPC Wenzhou Municipal Committee, \
        attended the meeting and delivered a speech. CPPCC Vice Chairman Long Yan, Feng Guangru and \
        Deng Zhi participated. To gain a better understanding of local practices, participants took \
        part in field visits from October 10th to 12th. They visited Yueqing City, Longwan District \
        and Wenzhou City, where they observed firsthand the efforts being made to promote effective \
        communication between CPPCC consultations and grassroots consultations.";

    fn edited(a: &str) -> String {
        a.replacen(" members ", " committee members ", 1)
            .replacen(" meeting", " session", 1)
            .replace("Wenzhou City,", "Wenzhou City ,")
            .to_uppercase()
    }

    #[test]
    fn identical_texts_are_fully_similar() {
        assert_eq!(estimate_similarity(&signature(A), &signature(A)), 1.0);
        assert_eq!(signature(A), signature(A));
    }

    #[test]
    fn light_edit_is_highly_similar() {
        let sim = estimate_similarity(&signature(A), &signature(&edited(A)));
        assert!(sim > 0.7, "{sim}");
        let trimmed = &A[..A.find("To gain").unwrap_or(A.len())];
        let sim = estimate_similarity(&signature(A), &signature(trimmed));
        assert!(sim > 0.4, "{sim}");
    }

    #[test]
    fn apostrophes_and_width_are_folded() {
        let a = signature("the people's congress deputies met 100 residents");
        let b = signature("THE PEOPLE\u{2019}S CONGRESS DEPUTIES MET \u{FF11}\u{FF10}\u{FF10} RESIDENTS");
        assert_eq!(a, b);
    }

    #[test]
    fn unrelated_texts_are_dissimilar() {
        let b = "The provincial people's congress standing committee reviewed the draft regulation \
            on rural road maintenance, heard a report on the budget and approved personnel changes \
            after a vote of the deputies present at the session on Friday afternoon.";
        let sim = estimate_similarity(&signature(A), &signature(b));
        assert!(sim < 0.1, "{sim}");
    }

    #[test]
    fn cjk_text_uses_character_shingles() {
        let a =
            "近日，温州市政协召开茶产业提质升级专题协商会，委员们围绕茶叶品牌建设、市场拓展和人才培养等问题建言献策。";
        let b = "近日，温州市政协召开茶产业提质升级专题协商会，政协委员们围绕茶叶品牌建设、市场拓展和人才培养等问题建言献策。";
        let c = "衡阳市人大常委会组织代表视察农村公路养护工作，听取有关部门情况汇报并提出意见建议。";
        let (sa, sb, sc) = (signature(a), signature(b), signature(c));
        assert!(!sa.is_empty());
        assert!(estimate_similarity(&sa, &sb) > 0.7, "{}", estimate_similarity(&sa, &sb));
        assert!(estimate_similarity(&sa, &sc) < 0.1);
        let groups = group(&[sa, sc, sb], DEFAULT_THRESHOLD);
        assert_eq!(groups.iter().map(|g| g.story).collect::<Vec<_>>(), [0, 1, 0]);
    }

    #[test]
    fn empty_and_odd_inputs_do_not_panic() {
        for t in ["", "   \n\t", "!!! ... ——", "a", "ä ß ǅ İ", "\u{0}\u{FFFF}\u{10FFFF}", "一"] {
            let s = signature(t);
            let _ = estimate_similarity(&s, &s);
            assert_eq!(Signature::from_bytes(&s.to_bytes()), Ok(s));
        }
        let e = signature("");
        assert!(e.is_empty());
        assert_eq!(estimate_similarity(&e, &e), 0.0);
        assert!(!signature("a").is_empty());
        assert_eq!(estimate_similarity(&signature("a b"), &signature("a b")), 1.0);
        let g = group(&[e.clone(), e.clone(), signature("a")], DEFAULT_THRESHOLD);
        assert_eq!(g.iter().map(|a| a.story).collect::<Vec<_>>(), [0, 1, 2]);
        assert!(group(&[], 0.5).is_empty());
    }

    #[test]
    fn bytes_round_trip_and_reject_garbage() {
        let s = signature(A);
        let b = s.to_bytes();
        assert_eq!(b.len(), SIGNATURE_BYTES);
        assert_eq!(Signature::from_bytes(&b), Ok(s));
        assert!(matches!(Signature::from_bytes(&b[1..]), Err(SignatureError::BadLength { .. })));
        let mut bad = b.clone();
        bad[0] = 99;
        assert!(matches!(Signature::from_bytes(&bad), Err(SignatureError::BadVersion { .. })));
        assert!(Signature::from_bytes(&[]).is_err());
    }

    #[test]
    fn group_and_deduper_agree() {
        let other = "The provincial people's congress standing committee reviewed the draft \
            regulation on rural road maintenance and heard a report on the budget.";
        let texts = [other.to_string(), A.to_string(), edited(A), other.replace("budget", "plan"), A.to_string()];
        let sigs: Vec<Signature> = texts.iter().map(|t| signature(t)).collect();
        let g = group(&sigs, DEFAULT_THRESHOLD);
        assert_eq!(g.iter().map(|a| a.story).collect::<Vec<_>>(), [0, 1, 1, 0, 1]);
        assert_eq!(g[4].similarity, 1.0);
        let mut d = Deduper::new(DEFAULT_THRESHOLD);
        let added: Vec<Added> = sigs.iter().cloned().map(|s| d.add(s)).collect();
        assert_eq!(added[2].assignment.story, 1);
        assert_eq!(d.assignments(), g);
        assert_eq!(d.assignment(99), None);
    }

    #[test]
    fn sparse_grouping_matches_full_grouping() {
        // Stories with several lightly edited copies, among unrelated articles and empties.
        let mut texts = Vec::new();
        for story in 0..30 {
            let base = format!(
                "Story {story}: the consultation room of district {story} heard {n} residents on parking, \
                 water supply and the new school, and members of committee {story} promised replies within {d} days.",
                n = story * 7 + 3,
                d = story % 9 + 2
            );
            texts.push(base.clone());
            for copy in 0..(story % 4) {
                texts.push(format!("{base} Reported by outlet {copy}."));
            }
            texts.push(format!("Unrelated item {story} about weather number {} in a far province.", story * 13));
            if story % 7 == 0 {
                texts.push(String::new());
            }
        }
        let sigs: Vec<Signature> = texts.iter().map(|t| signature(t)).collect();
        let full = group(&sigs, DEFAULT_THRESHOLD);
        assert!(full.iter().enumerate().any(|(i, a)| a.story != i), "the corpus has copies");
        let keys: Vec<_> = sigs.iter().map(band_keys32).collect();
        let hit = colliding(&keys);
        let members: Vec<(u32, Signature)> =
            sigs.iter().enumerate().filter(|(i, _)| hit[*i]).map(|(i, s)| (i as u32, s.clone())).collect();
        assert!(members.len() < sigs.len());
        assert_eq!(group_sparse(sigs.len(), &members, DEFAULT_THRESHOLD), full);
    }

    #[test]
    fn bridge_reports_merged_story() {
        // x and y overlap little; z covers both, so it bridges their stories
        let words: Vec<String> = (0..100).map(|i| format!("w{i}")).collect();
        let x = words[..60].join(" ");
        let y = words[40..].join(" ");
        let z = words.join(" ");
        let mut d = Deduper::new(0.4);
        assert_eq!(d.add(signature(&x)).assignment.story, 0);
        assert_eq!(d.add(signature(&y)).assignment.story, 1);
        let added = d.add(signature(&z));
        assert_eq!(added.assignment.story, 0);
        assert_eq!(added.merged, [1]);
        assert_eq!(d.assignment(1).map(|a| a.story), Some(0));
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_a_valid_signature(a in "\\PC{0,300}", b in "\\PC{0,300}") {
            let (sa, sb) = (signature(&a), signature(&b));
            let sim = estimate_similarity(&sa, &sb);
            proptest::prop_assert!((0.0..=1.0).contains(&sim));
            proptest::prop_assert_eq!(sim, estimate_similarity(&sb, &sa));
            proptest::prop_assert_eq!(Signature::from_bytes(&sa.to_bytes()), Ok(sa.clone()));
            let g = group(&[sa.clone(), sb, sa.clone()], DEFAULT_THRESHOLD);
            proptest::prop_assert_eq!(g[2].story, if sa.is_empty() { 2 } else { 0 });
        }

        #[test]
        fn from_bytes_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let _ = Signature::from_bytes(&bytes);
        }
    }

    #[test]
    fn pairwise_scores_count_pairs() {
        assert_eq!(pairwise_scores(&[0, 0, 2], &[0, 0, 2]), (1.0, 1.0));
        let (p, r) = pairwise_scores(&[0, 0, 0], &[0, 0, 2]);
        assert!((p - 1.0 / 3.0).abs() < 1e-9 && r == 1.0);
        assert_eq!(pairwise_scores(&[0, 1, 2], &[0, 0, 2]), (1.0, 0.0));
    }
}
