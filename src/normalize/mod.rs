//! Raw crawled text → [`Normalized`] article fields. Pure: no I/O.
//!
//! The entry point is [`normalize`]; [`Normalizer`] carries corpus-level evidence
//! (lines that recur across many documents of one build are site template, not article).
//!
//! The page is read as a reader would: lines are classified on their own evidence
//! (`boilerplate.rs`: metadata labels, navigation, widgets, comment forms, footers), short
//! lines that recur across the corpus are template, runs of short lines are menus, and
//! hard-wrapped lines are joined. The last metadata line of the page head marks where the
//! body begins; the headline is chosen from the lines above it (`title.rs`); the body runs to
//! the last paragraph, without teaser leads, repeated lines and footers (`body.rs`).
//! Dates are read by `dates.rs`, the outlet by `source.rs` and the dateline stamp by
//! `dateline.rs`.
//!
//! Event dates whose year cannot be known (no publication date to resolve against) keep
//! their text and span with `start: None`; a month and day without a year resolve to the
//! latest such date no more than half a year after publication.

mod body;
mod boilerplate;
mod counter;
mod dateline;
mod dates;
mod lines;
mod source;
mod title;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::extract::fxhash::{FxHashMap, FxHashSet};
use crate::model::{Extracted, Normalized, PartialDate, Span};
use body::{body_par_counted, sentence_par_counted};
use boilerplate::{classify_counted, Kind};
pub use dates::date_from_url;
pub use lines::fold_ws as fold_whitespace;
use lines::{cjk_count, ends_sentence, fold_ws, line_key, word_count, word_count_upto};
pub use source::canonical_source;

/// Normalizes one raw article with no corpus-level evidence.
pub fn normalize(raw: &str) -> Normalized {
    Normalizer::default().normalize(raw, None)
}

/// Lines with at least this many words are never treated as corpus template (syndicated
/// paragraphs recur across sites and are article text).
const TEMPLATE_MAX_WORDS: usize = 16;

/// A unit's word count is counted up to this: every test of it compares with at most 40
/// (`sentence_par_counted`), and a paragraph has hundreds.
const UNIT_WORDS_MAX: usize = 41;

/// Short lines remembered per thread by [`classify_short`], at most.
const VERDICTS_MAX: usize = 1 << 15;

thread_local! {
    /// The verdicts of short lines this thread classified: site template (menus, labels,
    /// footers) repeats the same lines on every page of a site.
    static VERDICTS: std::cell::RefCell<FxHashMap<Box<str>, boilerplate::Verdict>> =
        std::cell::RefCell::new(FxHashMap::default());
}

/// [`classify_counted`] for a line of fewer than [`TEMPLATE_MAX_WORDS`] words, remembered:
/// the verdict depends on the text alone.
fn classify_short(text: &str, words: usize) -> boilerplate::Verdict {
    VERDICTS.with(|cell| {
        let mut verdicts = cell.borrow_mut();
        if let Some(v) = verdicts.get(text) {
            return *v;
        }
        let v = classify_counted(text, words);
        if verdicts.len() >= VERDICTS_MAX {
            verdicts.clear();
        }
        verdicts.insert(text.into(), v);
        v
    })
}

/// A normalizer that may carry corpus-level evidence gathered over a whole build.
#[derive(Clone, Default)]
pub struct Normalizer {
    template: Arc<FxHashSet<u64>>,
}

impl std::fmt::Debug for Normalizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Normalizer").field("template_lines", &self.template.len()).finish()
    }
}

/// Counts, over the documents of a build, in how many documents each short line occurs.
///
/// Memory is bounded: only 64-bit hashes of lines are kept, at most `cap` of them. When
/// the table is full, the rarest lines are pruned (lossy counting): every line seen in at
/// most `k` documents is dropped, with `k` the smallest count that frees half the table.
/// Frequent lines keep their counts, and lines of sites that appear late in a build are
/// still counted (a pruned line that comes back starts again from one), so template
/// evidence is lost only for lines rarer than the pruning floor.
#[derive(Debug, Clone)]
pub struct CorpusCounter {
    counts: HashMap<u64, u32>,
    docs: usize,
    cap: usize,
    /// The highest count ever pruned: a count may be short by at most this much.
    pruned_floor: u32,
    min_docs: usize,
    fraction: f64,
}

/// Default table size: about 1.8 million line hashes (~36 MB) before pruning, which
/// stays within one power-of-two hash table allocation.
const COUNTER_CAP: usize = 1_800_000;

impl Default for CorpusCounter {
    fn default() -> Self {
        CorpusCounter {
            counts: HashMap::new(),
            docs: 0,
            cap: COUNTER_CAP,
            pruned_floor: 0,
            min_docs: 5,
            fraction: 0.01,
        }
    }
}

impl CorpusCounter {
    /// A counter with the default thresholds: a line is template when it occurs in at least
    /// 5 documents and in at least 1% of them.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the thresholds: template when seen in `>= min_docs` documents and in
    /// `>= fraction` of all documents.
    pub fn with_thresholds(mut self, min_docs: usize, fraction: f64) -> Self {
        self.min_docs = min_docs.max(2);
        self.fraction = fraction.clamp(0.0, 1.0);
        self
    }

    /// Adds one document's raw text.
    pub fn add(&mut self, raw: &str) {
        self.docs += 1;
        let mut seen = HashSet::new();
        for l in lines::split_lines(raw) {
            let t = raw.get(l.start..l.end).unwrap_or("");
            if word_count_upto(t, TEMPLATE_MAX_WORDS) < TEMPLATE_MAX_WORDS {
                seen.insert(line_key(t));
            }
        }
        for k in seen {
            self.add_count(k, 1);
        }
    }

    /// Sets the maximum number of line hashes kept (at least 16) before rare lines are pruned.
    pub fn with_capacity_limit(mut self, cap: usize) -> Self {
        self.cap = cap.max(16);
        self
    }

    /// The highest count dropped by pruning so far (0 if the table never filled): any
    /// count may fall short of the true number of documents by at most this much.
    pub fn pruned_floor(&self) -> u32 {
        self.pruned_floor
    }

    /// Frees at least half of the table by dropping the rarest lines: all lines with a
    /// count at or below the smallest `k` that does so.
    fn prune(&mut self) {
        let target = self.cap / 2;
        // How many lines have each small count; counts above 64 are never the floor
        // unless nearly every line is that frequent.
        let mut histogram = [0usize; 65];
        for &c in self.counts.values() {
            histogram[(c as usize).min(64)] += 1;
        }
        let mut left = self.counts.len();
        let mut k = 0u32;
        for (count, &n) in histogram.iter().enumerate().skip(1) {
            if left <= target {
                break;
            }
            left -= n;
            k = count as u32;
        }
        if left > target {
            k = u32::MAX; // pathological: everything is frequent; start over
        }
        self.counts.retain(|_, c| *c > k);
        self.pruned_floor = self.pruned_floor.max(k);
    }

    /// The number of documents added.
    pub fn documents(&self) -> usize {
        self.docs
    }

    /// Builds the normalizer that treats frequent lines as template.
    pub fn finish(self) -> Normalizer {
        let by_share = (self.fraction * self.docs as f64).ceil() as usize;
        let threshold = self.min_docs.max(by_share).max(2) as u32;
        let template: FxHashSet<u64> =
            self.counts.into_iter().filter(|&(_, c)| c >= threshold).map(|(k, _)| k).collect();
        Normalizer { template: Arc::new(template) }
    }
}

/// One line (or several hard-wrapped lines) of the page with its classification.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub after_blank: bool,
    /// The line recurs across the corpus (site template).
    pub template: bool,
    /// Repeated or truncated copy of another line inside the body.
    pub junk: bool,
    /// Word count (up to [`UNIT_WORDS_MAX`]), CJK ideograph count and sentence ending of
    /// the unit's text, computed once (the passes below test them many times).
    pub words: usize,
    pub cjk: usize,
    pub ends: bool,
}

impl Unit {
    pub(crate) fn text<'a>(&self, raw: &'a str) -> &'a str {
        raw.get(self.start..self.end).unwrap_or("")
    }
}

fn first_char_lower(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_lowercase)
}

pub(crate) fn trim_span(raw: &str, s: usize, e: usize) -> (usize, usize) {
    let sub = raw.get(s..e).unwrap_or("");
    let l = sub.len() - sub.trim_start().len();
    let r = sub.trim_end().len();
    if r > l {
        (s + l, s + r)
    } else {
        (s, s)
    }
}

impl Normalizer {
    /// A normalizer whose corpus evidence is counted over `docs` (the raw texts of one
    /// build): short lines occurring in many documents are template. See [`CorpusCounter`]
    /// to count documents one at a time.
    pub fn from_corpus<'a>(docs: impl IntoIterator<Item = &'a str>) -> Normalizer {
        let mut c = CorpusCounter::new();
        for d in docs {
            c.add(d);
        }
        c.finish()
    }

    /// Whether a line is site template according to the corpus evidence.
    pub fn is_template(&self, line: &str) -> bool {
        self.is_template_counted(line, word_count(line))
    }

    /// [`Normalizer::is_template`] for a line of `words` words.
    fn is_template_counted(&self, line: &str, words: usize) -> bool {
        !self.template.is_empty() && words < TEMPLATE_MAX_WORDS && self.template.contains(&line_key(line))
    }

    /// The number of distinct template lines known.
    pub fn template_lines(&self) -> usize {
        self.template.len()
    }

    fn units(&self, raw: &str) -> Vec<Unit> {
        let mut units: Vec<Unit> = Vec::new();
        for l in lines::split_lines(raw) {
            let t = raw.get(l.start..l.end).unwrap_or("");
            // (classify_counted and the template test compare it with at most 16)
            let words = word_count_upto(t, TEMPLATE_MAX_WORDS + 1);
            let v = if words < TEMPLATE_MAX_WORDS { classify_short(t, words) } else { classify_counted(t, words) };
            let template = self.is_template_counted(t, words);
            let base = Unit {
                start: l.start,
                end: l.end,
                kind: v.kind,
                after_blank: l.after_blank,
                template,
                junk: false,
                words: 0,
                cjk: 0,
                ends: false,
            };
            if let (Kind::HeaderMeta, Some(r)) = (v.kind, v.rest) {
                let (s, e) = trim_span(raw, l.start, l.start + r);
                let (rs, re) = trim_span(raw, l.start + r, l.end);
                if e > s && re > rs {
                    units.push(Unit { start: s, end: e, ..base.clone() });
                    units.push(Unit {
                        start: rs,
                        end: re,
                        kind: Kind::Text,
                        after_blank: false,
                        template: false,
                        junk: false,
                        words: 0,
                        cjk: 0,
                        ends: false,
                    });
                    continue;
                }
            }
            // Join hard-wrapped lines of one paragraph.
            if let Some(prev) = units.last_mut() {
                let pt = raw.get(prev.start..prev.end).unwrap_or("");
                let last_line = pt.rsplit('\n').next().unwrap_or(pt).trim();
                let wrap = base.kind == Kind::Text
                    && prev.kind == Kind::Text
                    && !base.after_blank
                    && !base.template
                    && !prev.template
                    && !ends_sentence(last_line)
                    && word_count_upto(last_line, 4) >= 4
                    && (first_char_lower(t)
                        || (last_line.chars().count() >= 45
                            && t.chars().count() <= last_line.chars().count() * 3 / 2 + 10
                            && last_line.chars().last().is_some_and(|c| c.is_lowercase() || c == ',')));
                if wrap {
                    prev.end = l.end;
                    continue;
                }
            }
            units.push(base);
        }
        for u in &mut units {
            let t = raw.get(u.start..u.end).unwrap_or("");
            u.words = word_count_upto(t, UNIT_WORDS_MAX);
            u.cjk = cjk_count(t);
            u.ends = ends_sentence(t);
        }
        // Runs of four or more short lines without sentence punctuation are menus.
        let menuish =
            |u: &Unit| u.kind == Kind::Nav || (u.kind == Kind::Text && u.words <= 4 && u.cjk <= 10 && !u.ends);
        let mut i = 0;
        while i < units.len() {
            let mut j = i;
            while j < units.len() && menuish(&units[j]) {
                j += 1;
            }
            if j - i >= 4 {
                for u in &mut units[i..j] {
                    if u.kind == Kind::Text {
                        u.kind = Kind::Nav;
                    }
                }
            }
            i = j.max(i + 1);
        }
        units
    }

    /// Normalizes one raw article; `url` is the page address if known, used only as the
    /// last resort for the publication date (such a date has the empty span `0..0`, as it
    /// does not come from the raw text).
    pub fn normalize(&self, raw: &str, url: Option<&str>) -> Normalized {
        let mut units = self.units(raw);
        let n = units.len();

        // The head ends at its last metadata line, which comes before the second sentence
        // paragraph and is followed by body text.
        let sentence = |u: &Unit| sentence_par_counted(u.words, u.cjk, u.ends);
        let body_like = |u: &Unit| body_par_counted(u.words, u.cjk, u.ends);
        let last_body_par = (0..n).rev().find(|&i| units[i].kind == Kind::Text && body_like(&units[i]));
        // Each unit's text with whitespace folded (units are compared by it).
        let folded: Vec<String> = units.iter().map(|u| fold_ws(u.text(raw))).collect();
        let mut h: Option<usize> = None;
        let mut sentences = 0;
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        for (i, u) in units.iter().enumerate() {
            if u.kind == Kind::HeaderMeta && sentences <= 1 && last_body_par.is_some_and(|l| l > i) {
                h = Some(i);
            }
            if u.kind == Kind::Text && sentence(u) && seen.insert(folded[i].as_str()) {
                sentences += 1;
            }
            if sentences >= 2 {
                break;
            }
        }
        let after_h = h.map_or(0, |h| h + 1);
        let is_body = |i: usize| units[i].kind == Kind::Text && body_like(&units[i]);
        let mut b = (after_h..n)
            .find(|&i| is_body(i))
            .or_else(|| (after_h..n).find(|&i| units[i].kind == Kind::Text))
            .unwrap_or(n);
        if h.is_none() && b < n {
            // A headline may ask or exclaim: a short first line ending in '?' or '!' and set
            // off from a following paragraph is headline material, not body.
            let t = units[b].text(raw).trim_end();
            if t.ends_with(['?', '!', '？', '！']) && units[b].words <= 15 && units[b].cjk <= 30 {
                if let Some(next) = ((b + 1)..n).find(|&i| is_body(i)) {
                    if units[b + 1..=next].iter().all(|u| u.kind != Kind::Text || u.after_blank)
                        && units[next].after_blank
                    {
                        b = next;
                    }
                }
            }
        }

        // Repeated lines: a line the body repeats is junk everywhere; a truncated copy
        // (a strict prefix) of another line inside the body is junk.
        let mut count: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, f) in folded.iter().enumerate() {
            if units[i].kind == Kind::Text {
                count.entry(f.as_str()).or_default().push(i);
            }
        }
        for idxs in count.values() {
            if idxs.len() == 2 && idxs[1] == idxs[0] + 1 && idxs[0] >= b {
                // A paragraph printed twice in a row (a teaser lead, a repeated headline)
                // is one paragraph.
                units[idxs[0]].junk = true;
            } else if idxs.len() >= 2 && idxs.iter().any(|&i| i > b) {
                for &i in idxs {
                    units[i].junk = true;
                }
            }
        }
        let mut sorted: Vec<usize> = (0..n).filter(|&j| units[j].kind == Kind::Text).collect();
        sorted.sort_by(|&x, &y| folded[x].cmp(&folded[y]));
        for i in 0..n {
            // A teaser may mark its cut with an ellipsis.
            let f = body::strip_ellipsis(&folded[i]);
            if units[i].kind != Kind::Text || ends_sentence(f) || word_count_upto(f, 4) < 4 {
                continue;
            }
            let longer = |j: usize| {
                j != i && units[j].kind == Kind::Text && folded[j].len() > f.len() && folded[j].starts_with(f)
            };
            let junk = if i >= b {
                // Strings that start with `f` sort right after it.
                let at = sorted.partition_point(|&j| folded[j].as_str() < f);
                sorted[at..].iter().take_while(|&&j| folded[j].starts_with(f)).any(|&j| longer(j))
            } else {
                // Above the body only a long cut-off teaser that the next paragraph repeats.
                word_count_upto(f, 12) >= 12 && ((i + 1)..n).find(|&j| units[j].kind == Kind::Text).is_some_and(longer)
            };
            if junk {
                units[i].junk = true;
            }
        }

        // Headline.
        let mut in_head: FxHashMap<&str, usize> = FxHashMap::default();
        for f in folded.iter().take(b) {
            *in_head.entry(f.as_str()).or_default() += 1;
        }
        let header_repeat = |i: usize| in_head.get(folded[i].as_str()).is_some_and(|&c| c >= 2);
        let is_cand = |i: usize| title::candidate(&units[i], raw);
        let mut run: Vec<usize> = Vec::new();
        if let Some(h) = h {
            if let Some(last) = (0..h).rev().find(|&i| is_cand(i)) {
                let mut k = last;
                run.push(k);
                while k > 0 && is_cand(k - 1) {
                    k -= 1;
                    run.push(k);
                }
                run.reverse();
            }
        }
        if run.is_empty() {
            let from = h.map_or(0, |h| h + 1);
            if let Some(first) = (from..b).find(|&i| is_cand(i)) {
                let mut k = first;
                while k < b && is_cand(k) && run.len() < 4 {
                    run.push(k);
                    k += 1;
                }
            }
            if h.is_none() && !run.is_empty() {
                // Without a metadata line, the headline block is the run just above the body.
                let last = *run.last().unwrap_or(&0);
                if let Some(end) = (from..b).rev().find(|&i| is_cand(i)) {
                    if end != last {
                        run.clear();
                        let mut k = end;
                        run.push(k);
                        while k > 0 && is_cand(k - 1) {
                            k -= 1;
                            run.push(k);
                        }
                        run.reverse();
                    }
                }
            }
        }
        // A headline block is a few lines; a longer run is a list, and only its end counts.
        if run.len() > 4 {
            run.drain(..run.len() - 4);
        }
        let title_idx = title::choose(&run, &units, &header_repeat);
        let title_val = title_idx.and_then(|i| {
            let u = &units[i];
            let t = u.text(raw);
            let skip = title::column_label_end(t);
            let (s, e) = trim_span(raw, u.start + skip, u.end);
            let v = fold_ws(raw.get(s..e).unwrap_or(""));
            (!v.is_empty()).then(|| Extracted::new(v, Span::new(s, e)))
        });
        let title_fold = title_val.as_ref().map(|t| t.value.clone());

        // Body paragraphs.
        let mut body: Vec<(usize, usize)> = Vec::new();
        for (i, u) in units.iter().enumerate().skip(b) {
            if u.kind != Kind::Text || u.junk || (u.template && u.words < TEMPLATE_MAX_WORDS) {
                continue;
            }
            if title_fold.as_deref() == Some(folded[i].as_str()) {
                continue;
            }
            body.push((u.start, u.end));
        }
        // A comment section, related links or copyright notice closes the article.
        if let Some(first) = body.first().map(|p| p.0) {
            if let Some(m) = (b..n).find(|&i| {
                units[i].start > first && units[i].kind == Kind::Meta && boilerplate::closes_article(units[i].text(raw))
            }) {
                let cut = units[m].start;
                body.retain(|&(s, _)| s < cut);
            }
        }
        // After the last sentence paragraph, a footer line (related links, comment form,
        // copyright, menu) closes the article: what follows it is footer too.
        if let Some(last_sentence) =
            (b..n).rev().find(|&i| units[i].kind == Kind::Text && !units[i].junk && sentence(&units[i]))
        {
            if let Some(m) = ((last_sentence + 1)..n).find(|&i| matches!(units[i].kind, Kind::Meta | Kind::Nav)) {
                let cut = units[m].start;
                body.retain(|&(s, _)| s < cut);
            }
        }
        body::trim_footer(raw, &mut body);
        body::drop_teaser(raw, &mut body);
        // Dateline stamp at the head of the body (or after a leading caption).
        let mut dateline_val = None;
        let mut agency = None;
        for (k, p) in body.iter_mut().enumerate().take(2) {
            let t = raw.get(p.0..p.1).unwrap_or("");
            if k == 1 && dateline_val.is_some() {
                break;
            }
            if let Some(st) = dateline::parse(t) {
                if let Some((s, e)) = st.place {
                    let v = fold_ws(raw.get(p.0 + s..p.0 + e).unwrap_or(""));
                    dateline_val = Some(Extracted::new(v, Span::new(p.0 + s, p.0 + e)));
                }
                agency = st.agency.map(|(s, e)| (p.0 + s, p.0 + e));
                if k == 0 {
                    // A stamp alone on its line leaves nothing of the paragraph.
                    p.0 = if st.end < t.len() { trim_span(raw, p.0 + st.end, p.1).0 } else { p.1 };
                }
                break;
            }
            let caption = t.trim_end().ends_with([')', ']', '）', '】']);
            if !caption {
                break;
            }
        }
        body::strip_signoff(raw, &mut body);
        body.retain(|&(s, e)| e > s);
        let body_text = body.iter().map(|&(s, e)| body::paragraph_text(raw, s, e)).collect::<Vec<_>>().join("\n\n");

        // Publication date: a stamp in the head (after the headline if there is one there),
        // then a labelled stamp anywhere, then a closing credit, then the URL.
        let head_end = b.min(n);
        let stamp_dates = |range: std::ops::Range<usize>| -> Vec<(usize, usize, chrono::NaiveDate)> {
            range
                .filter(|&i| units[i].kind == Kind::HeaderMeta)
                .flat_map(|i| {
                    let u = &units[i];
                    dates::find_dates(u.text(raw))
                        .into_iter()
                        .filter(|d| !d.chrome)
                        .map(move |d| (u.start + d.start, u.start + d.end, d.date))
                })
                .collect()
        };
        let head = stamp_dates(0..head_end);
        let tpos = title_val.as_ref().map_or(0, |t| t.span.start);
        // An `Updated:` stamp counts only when there is no other.
        let updated = |d: &&(usize, usize, chrono::NaiveDate)| {
            let mut s = d.0.saturating_sub(24);
            while !raw.is_char_boundary(s) {
                s += 1;
            }
            let before = raw.get(s..d.0).unwrap_or("").to_lowercase();
            before.contains("updat") || before.contains("更新") || before.contains("modified")
        };
        let after_title: Vec<_> = head.iter().filter(|d| d.0 >= tpos).collect();
        let mut published = after_title
            .iter()
            .find(|d| !updated(d))
            .or_else(|| after_title.first())
            .copied()
            .or_else(|| head.first())
            .copied()
            .or_else(|| stamp_dates(head_end..n).first().copied());
        if published.is_none() {
            if let Some(&(s, e)) = body.last() {
                let t = raw.get(s..e).unwrap_or("");
                if let Some((cs, _)) = source::from_credit(t) {
                    published = dates::find_dates(&t[cs..]).first().map(|d| (s + cs + d.start, s + cs + d.end, d.date));
                }
            }
        }
        let mut published = published.map(|(s, e, d)| Extracted::new(PartialDate::day(d), Span::new(s, e)));
        if published.is_none() {
            if let Some(d) = url.and_then(date_from_url) {
                published = Some(Extracted::new(PartialDate::day(d), Span::new(0, 0)));
            }
        }

        // Source.
        let meta_idx: Vec<usize> = (0..head_end)
            .chain(head_end..n)
            .filter(|&i| matches!(units[i].kind, Kind::HeaderMeta | Kind::Meta))
            .collect();
        let mut src: Option<(usize, usize)> = meta_idx
            .iter()
            .find_map(|&i| source::labelled(units[i].text(raw)).map(|(s, e)| (units[i].start + s, units[i].start + e)));
        if src.is_none() {
            src = (0..head_end).filter(|&i| units[i].kind == Kind::HeaderMeta).find_map(|i| {
                let t = units[i].text(raw);
                let ds = dates::find_dates(t);
                if ds.is_empty() || ds.iter().all(|d| d.chrome) {
                    return None;
                }
                source::from_stamp_line(t).map(|(s, e)| (units[i].start + s, units[i].start + e))
            });
        }
        if src.is_none() {
            src = agency;
        }
        if src.is_none() {
            src = meta_idx.iter().find_map(|&i| {
                source::from_byline(units[i].text(raw)).map(|(s, e)| (units[i].start + s, units[i].start + e))
            });
        }
        if src.is_none() {
            // A closing credit `(Outlet March 3, 2010)`, ending the last paragraph or alone.
            let last = body.last().copied().into_iter();
            let after: Vec<(usize, usize)> = (head_end..n)
                .filter(|&i| units[i].kind == Kind::HeaderMeta)
                .map(|i| (units[i].start, units[i].end))
                .collect();
            src = last
                .chain(after)
                .find_map(|(s, e)| source::from_credit(raw.get(s..e).unwrap_or("")).map(|(a, z)| (s + a, s + z)));
        }
        let source_val = src.and_then(|(s, e)| {
            let v = fold_ws(raw.get(s..e)?);
            (!v.is_empty()).then(|| Extracted::new(v, Span::new(s, e)))
        });

        let pub_date = published.as_ref().map(|p| p.value.date);
        let event_dates =
            body.iter().flat_map(|&(s, e)| dates::event_dates(raw.get(s..e).unwrap_or(""), s, pub_date)).collect();

        let cjk = body_text.chars().filter(|c| lines::is_cjk(*c)).count();
        let latin = body_text.chars().filter(|c| c.is_ascii_alphabetic()).count();
        let language = if cjk > 0 && cjk * 2 > latin { "zh" } else { "en" };

        Normalized {
            title: title_val,
            published,
            source: source_val,
            dateline: dateline_val,
            body: body_text,
            body_spans: body.iter().map(|&(s, e)| Span::new(s, e)).collect(),
            event_dates,
            language: language.into(),
        }
    }
}

#[cfg(test)]
mod tests;
