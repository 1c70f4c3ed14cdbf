//! Raw crawled text → [`Normalized`] article fields. Pure: no I/O.
//!
//! The entry point is [`normalize`]; [`Normalizer`] carries corpus-level evidence
//! (lines that recur across many documents of one build are site template, not article).
//!
//! The page is read as a reader would: lines are classified on their own evidence
//! ([`boilerplate`]: metadata labels, navigation, widgets, comment forms, footers), short
//! lines that recur across the corpus are template, runs of short lines are menus, and
//! hard-wrapped lines are joined. The last metadata line of the page head marks where the
//! body begins; the headline is chosen from the lines above it ([`title`]); the body runs to
//! the last paragraph, without teaser leads, repeated lines and footers.

mod boilerplate;
mod dateline;
mod dates;
mod lines;
mod source;
mod title;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::model::{Extracted, Normalized, PartialDate, Span};
use boilerplate::{classify, Kind};
pub use dates::date_from_url;
use lines::{cjk_count, ends_sentence, fold_ws, line_key, word_count};
pub use lines::fold_ws as fold_whitespace;
pub use source::canonical_source;

/// Normalizes one raw article with no corpus-level evidence.
pub fn normalize(raw: &str) -> Normalized {
    Normalizer::default().normalize(raw, None)
}

/// Lines with at least this many words are never treated as corpus template (syndicated
/// paragraphs recur across sites and are article text).
const TEMPLATE_MAX_WORDS: usize = 16;

/// A normalizer that may carry corpus-level evidence gathered over a whole build.
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    template: Arc<HashSet<u64>>,
}

/// Counts, over the documents of a build, in how many documents each short line occurs.
/// Memory is bounded: only 64-bit hashes of lines are kept, at most `cap` of them.
#[derive(Debug, Clone)]
pub struct CorpusCounter {
    counts: HashMap<u64, u32>,
    docs: usize,
    cap: usize,
    min_docs: usize,
    fraction: f64,
}

impl Default for CorpusCounter {
    fn default() -> Self {
        CorpusCounter { counts: HashMap::new(), docs: 0, cap: 1 << 21, min_docs: 5, fraction: 0.01 }
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
            if word_count(t) < TEMPLATE_MAX_WORDS {
                seen.insert(line_key(t));
            }
        }
        for k in seen {
            let full = self.counts.len() >= self.cap;
            match self.counts.get_mut(&k) {
                Some(c) => *c += 1,
                None if !full => {
                    self.counts.insert(k, 1);
                }
                None => {}
            }
        }
    }

    /// The number of documents added.
    pub fn documents(&self) -> usize {
        self.docs
    }

    /// Builds the normalizer that treats frequent lines as template.
    pub fn finish(self) -> Normalizer {
        let by_share = (self.fraction * self.docs as f64).ceil() as usize;
        let threshold = self.min_docs.max(by_share).max(2) as u32;
        let template: HashSet<u64> = self.counts.into_iter().filter(|&(_, c)| c >= threshold).map(|(k, _)| k).collect();
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
    /// The headline or paragraph that followed a leading date stamp on one line.
    pub from_rest: bool,
}

impl Unit {
    pub(crate) fn text<'a>(&self, raw: &'a str) -> &'a str {
        raw.get(self.start..self.end).unwrap_or("")
    }
}

fn sentence_par(t: &str) -> bool {
    let (w, c) = (word_count(t), cjk_count(t));
    (ends_sentence(t) && (w >= 6 || c >= 15)) || w >= 40 || c >= 60
}

fn body_par(t: &str) -> bool {
    sentence_par(t) || word_count(t) >= 25 || cjk_count(t) >= 40
}

fn para_like(t: &str) -> bool {
    let cut_mid_sentence = t.trim_end().chars().last().is_some_and(|c| c.is_lowercase() || c == ',');
    body_par(t) || word_count(t) >= 14 || cjk_count(t) >= 30 || (word_count(t) >= 8 && cut_mid_sentence)
}

fn first_char_lower(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_lowercase)
}

fn trim_span(raw: &str, s: usize, e: usize) -> (usize, usize) {
    let sub = raw.get(s..e).unwrap_or("");
    let l = sub.len() - sub.trim_start().len();
    let r = sub.trim_end().len();
    if r > l {
        (s + l, s + r)
    } else {
        (s, s)
    }
}

/// Word-overlap share of `a`'s words found in `b`.
fn overlap(a: &str, b: &str) -> f64 {
    let norm = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let bw: HashSet<String> = b.split_whitespace().map(norm).collect();
    let aw: Vec<String> = a.split_whitespace().map(norm).collect();
    if aw.is_empty() {
        return 0.0;
    }
    aw.iter().filter(|w| bw.contains(*w)).count() as f64 / aw.len() as f64
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
        !self.template.is_empty() && word_count(line) < TEMPLATE_MAX_WORDS && self.template.contains(&line_key(line))
    }

    /// The number of distinct template lines known.
    pub fn template_lines(&self) -> usize {
        self.template.len()
    }

    fn units(&self, raw: &str) -> Vec<Unit> {
        let mut units: Vec<Unit> = Vec::new();
        for l in lines::split_lines(raw) {
            let t = raw.get(l.start..l.end).unwrap_or("");
            let v = classify(t);
            let template = self.is_template(t);
            let base = Unit { start: l.start, end: l.end, kind: v.kind, after_blank: l.after_blank, template, junk: false, from_rest: false };
            if let (Kind::HeaderMeta, Some(r)) = (v.kind, v.rest) {
                let (s, e) = trim_span(raw, l.start, l.start + r);
                let (rs, re) = trim_span(raw, l.start + r, l.end);
                if e > s && re > rs {
                    units.push(Unit { start: s, end: e, ..base.clone() });
                    units.push(Unit { start: rs, end: re, kind: Kind::Text, after_blank: false, template: false, junk: false, from_rest: true });
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
                    && word_count(last_line) >= 4
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
        // Runs of four or more short lines without sentence punctuation are menus.
        let menuish = |u: &Unit| {
            let t = u.text(raw);
            u.kind == Kind::Nav || (u.kind == Kind::Text && word_count(t) <= 4 && cjk_count(t) <= 10 && !ends_sentence(t))
        };
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

    /// Normalizes one raw article; `url` is the page address if known (used only as the
    /// last resort for the publication date).
    pub fn normalize(&self, raw: &str, url: Option<&str>) -> Normalized {
        let mut units = self.units(raw);
        let n = units.len();
        let text = |u: &Unit| u.text(raw).to_string();

        // The head ends at its last metadata line, which comes before the second sentence
        // paragraph and is followed by body text.
        let mut h: Option<usize> = None;
        let mut sentences = 0;
        let mut seen = HashSet::new();
        for i in 0..n {
            let u = &units[i];
            if u.kind == Kind::HeaderMeta && sentences <= 1 && units[i + 1..].iter().any(|v| v.kind == Kind::Text && body_par(v.text(raw))) {
                h = Some(i);
            }
            if u.kind == Kind::Text && sentence_par(u.text(raw)) && seen.insert(fold_ws(u.text(raw))) {
                sentences += 1;
            }
            if sentences >= 2 {
                break;
            }
        }
        let after_h = h.map_or(0, |h| h + 1);
        let b = (after_h..n)
            .find(|&i| units[i].kind == Kind::Text && body_par(units[i].text(raw)))
            .or_else(|| (after_h..n).find(|&i| units[i].kind == Kind::Text))
            .unwrap_or(n);

        // Repeated lines: a line the body repeats is junk everywhere; a truncated copy
        // (a strict prefix) of another line inside the body is junk.
        let folded: Vec<String> = units.iter().map(|u| fold_ws(u.text(raw))).collect();
        let mut count: HashMap<&str, Vec<usize>> = HashMap::new();
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
        for i in b..n {
            if units[i].kind != Kind::Text || ends_sentence(&folded[i]) || word_count(&folded[i]) < 4 {
                continue;
            }
            let f = &folded[i];
            if (0..n).any(|j| j != i && units[j].kind == Kind::Text && folded[j].len() > f.len() && folded[j].starts_with(f.as_str())) {
                units[i].junk = true;
            }
        }

        // Headline.
        let header_repeat = |i: usize| (0..b).any(|j| j != i && folded[j] == folded[i]);
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
                while k < b && is_cand(k) {
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
        let title_idx = title::choose(&run, &units, raw, &header_repeat);
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
            if u.kind != Kind::Text || u.junk || (u.template && word_count(u.text(raw)) < TEMPLATE_MAX_WORDS) {
                continue;
            }
            if title_fold.as_deref() == Some(folded[i].as_str()) {
                continue;
            }
            body.push((u.start, u.end));
        }
        if let Some(last) = body.iter().rposition(|&(s, e)| para_like(raw.get(s..e).unwrap_or(""))) {
            body.truncate(last + 1);
        }
        // A truncated teaser lead that the next paragraph repeats.
        if body.len() >= 2 {
            let a = raw.get(body[0].0..body[0].1).unwrap_or("");
            let c = raw.get(body[1].0..body[1].1).unwrap_or("");
            let first2 = |s: &str| s.split_whitespace().take(2).map(str::to_lowercase).collect::<Vec<_>>();
            let cut_off = a.trim_end().chars().last().is_some_and(|ch| ch.is_alphanumeric() || ch == ',');
            if cut_off && first2(a) == first2(c) && overlap(a, c) >= 0.6 {
                body.remove(0);
            }
        }
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
                if k == 0 && st.end < t.len() {
                    p.0 = trim_span(raw, p.0 + st.end, p.1).0;
                }
                break;
            }
            let caption = t.trim_end().ends_with([')', ']', '）', '】']);
            if !caption {
                break;
            }
        }
        // Agency sign-off.
        if let Some(p) = body.last_mut() {
            let t = raw.get(p.0..p.1).unwrap_or("");
            let tt = t.trim_end();
            if tt.to_ascii_lowercase().ends_with("enditem") {
                let cut = tt.len() - "enditem".len();
                if tt.is_char_boundary(cut) {
                    p.1 = trim_span(raw, p.0, p.0 + cut).1;
                }
            }
        }
        body.retain(|&(s, e)| e > s);
        let body_text = body
            .iter()
            .map(|&(s, e)| {
                raw.get(s..e).unwrap_or("").split('\n').map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
            })
            .collect::<Vec<_>>()
            .join("\n\n");

        // Publication date: a stamp in the head (after the headline if there is one there),
        // then a labelled stamp anywhere, then a closing credit, then the URL.
        let head_end = b.min(n);
        let stamp_dates = |range: std::ops::Range<usize>| -> Vec<(usize, usize, chrono::NaiveDate)> {
            range
                .filter(|&i| units[i].kind == Kind::HeaderMeta)
                .flat_map(|i| {
                    let u = &units[i];
                    dates::find_dates(u.text(raw)).into_iter().filter(|d| !d.chrome).map(move |d| (u.start + d.start, u.start + d.end, d.date))
                })
                .collect()
        };
        let head = stamp_dates(0..head_end);
        let tpos = title_val.as_ref().map_or(0, |t| t.span.start);
        let mut published = head
            .iter()
            .find(|d| d.0 >= tpos)
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
        let meta_idx: Vec<usize> = (0..head_end).chain(head_end..n).filter(|&i| matches!(units[i].kind, Kind::HeaderMeta | Kind::Meta)).collect();
        let mut src: Option<(usize, usize)> = meta_idx.iter().find_map(|&i| source::labelled(units[i].text(raw)).map(|(s, e)| (units[i].start + s, units[i].start + e)));
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
            src = meta_idx.iter().find_map(|&i| source::from_byline(units[i].text(raw)).map(|(s, e)| (units[i].start + s, units[i].start + e)));
        }
        if src.is_none() {
            if let Some(&(s, e)) = body.last() {
                src = source::from_credit(raw.get(s..e).unwrap_or("")).map(|(a, z)| (s + a, s + z));
            }
        }
        let source_val = src.and_then(|(s, e)| {
            let v = fold_ws(raw.get(s..e)?);
            (!v.is_empty()).then(|| Extracted::new(v, Span::new(s, e)))
        });

        let pub_date = published.as_ref().map(|p| p.value.date);
        let event_dates = body
            .iter()
            .flat_map(|&(s, e)| dates::event_dates(raw.get(s..e).unwrap_or(""), s, pub_date))
            .collect();

        let cjk = body_text.chars().filter(|c| lines::is_cjk(*c)).count();
        let latin = body_text.chars().filter(|c| c.is_ascii_alphabetic()).count();
        let language = if cjk > 0 && cjk * 2 > latin { "zh" } else { "en" };
        let _ = text;

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
