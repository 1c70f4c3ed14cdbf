//! The body: where it begins (after the head's last metadata line), the repeated and
//! truncated lines that are not part of it, its paragraphs up to the footer, teaser leads
//! and sign-offs, its text and its language.

use std::collections::HashSet;

use rustc_hash::{FxHashMap, FxHashSet};

use super::boilerplate;
use super::page::{cjk_count, ends_sentence, word_count, word_count_upto, Kind, Page, Unit};
use super::{trim_span, TEMPLATE_MAX_WORDS};
use crate::model::{Extracted, Span};
use crate::text::{fold, fold_offsets};

/// Where the head ends and the body begins.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Head {
    /// The head's last metadata line, if it has one.
    pub meta: Option<usize>,
    /// The first unit of the body (the page's unit count if there is none).
    pub body: usize,
}

fn sentence(u: &Unit) -> bool {
    sentence_par_counted(u.words, u.cjk, u.ends)
}

fn body_like(u: &Unit) -> bool {
    body_par_counted(u.words, u.cjk, u.ends)
}

/// Finds the head: it ends at its last metadata line, which comes before the second
/// sentence paragraph and is followed by body text; the body begins at the first
/// paragraph after it.
pub(crate) fn head(page: &Page<'_>) -> Head {
    let (units, folded) = (&page.units, &page.folded);
    let n = units.len();
    let last_body_par = (0..n).rev().find(|&i| units[i].kind == Kind::Text && body_like(&units[i]));
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
    let mut b =
        (after_h..n).find(|&i| is_body(i)).or_else(|| (after_h..n).find(|&i| units[i].kind == Kind::Text)).unwrap_or(n);
    if h.is_none() && b < n {
        // A headline may ask or exclaim: a short first line ending in '?' or '!' and set
        // off from a following paragraph is headline material, not body.
        let t = units[b].text(page.raw).trim_end();
        if t.ends_with(['?', '!', '？', '！']) && units[b].words <= 15 && units[b].cjk <= 30 {
            if let Some(next) = ((b + 1)..n).find(|&i| is_body(i)) {
                if units[b + 1..=next].iter().all(|u| u.kind != Kind::Text || u.after_blank) && units[next].after_blank
                {
                    b = next;
                }
            }
        }
    }
    Head { meta: h, body: b }
}

/// Marks repeated lines as junk: a line the body repeats is junk everywhere; a truncated
/// copy (a strict prefix) of another line inside the body is junk.
pub(crate) fn mark_repeats(page: &mut Page<'_>, b: usize) {
    let (units, folded) = (&mut page.units, &page.folded);
    let n = units.len();
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
        let f = strip_ellipsis(&folded[i]);
        if units[i].kind != Kind::Text || ends_sentence(f) || word_count_upto(f, 4) < 4 {
            continue;
        }
        let longer =
            |j: usize| j != i && units[j].kind == Kind::Text && folded[j].len() > f.len() && folded[j].starts_with(f);
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
}

/// The body paragraphs (byte spans) from unit `b` on: text that is not junk, template or
/// the headline, up to the footer; a short tail after the last paragraph and a teaser
/// lead go.
pub(crate) fn paragraphs(page: &Page<'_>, b: usize, title: Option<&Extracted<String>>) -> Vec<(usize, usize)> {
    let (raw, units, folded) = (page.raw, &page.units, &page.folded);
    let n = units.len();
    let title_fold = title.map(|t| t.value.as_str());
    let mut body: Vec<(usize, usize)> = Vec::new();
    for (i, u) in units.iter().enumerate().skip(b) {
        if u.kind != Kind::Text || u.junk || (u.template && u.words < TEMPLATE_MAX_WORDS) {
            continue;
        }
        if title_fold == Some(folded[i].as_str()) {
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
    trim_footer(raw, &mut body);
    drop_teaser(raw, &mut body);
    body
}

/// Finishes the body once the dateline is off its head: the sign-off goes, and with it
/// any paragraph left empty.
pub(crate) fn finish(raw: &str, body: &mut Vec<(usize, usize)>) {
    strip_signoff(raw, body);
    body.retain(|&(s, e)| e > s);
}

/// The body text: its paragraphs separated by blank lines.
pub(crate) fn text(raw: &str, body: &[(usize, usize)]) -> String {
    BodyMap::new(raw, body.iter().map(|&(s, e)| Span::new(s, e))).text(raw)
}

/// How the body text is made of the raw text, line by line: each line of a paragraph
/// is trimmed and blank lines are dropped; the lines of a paragraph are joined by a
/// newline, the paragraphs by a blank line. The normalizer makes the body with it, and
/// the build finds with it where a mention in the raw text lands in the stored body
/// ([`BodyMap::folded_spans`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyMap {
    /// The body's lines in order, each a trimmed raw line.
    pieces: Vec<Piece>,
    /// The body's length in bytes.
    len: usize,
}

/// One line of the body: `raw[raw..raw + len]` is `body[body..body + len]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    raw: usize,
    body: usize,
    len: usize,
    paragraph: usize,
}

impl BodyMap {
    /// The map of the body made of these paragraph spans of `raw` (byte offsets).
    pub fn new(raw: &str, paragraphs: impl IntoIterator<Item = Span>) -> BodyMap {
        let mut pieces = Vec::new();
        let mut at = 0;
        for (k, p) in paragraphs.into_iter().enumerate() {
            if k > 0 {
                at += 2; // the blank line between paragraphs
            }
            let mut first = true;
            for (s, e) in lines(raw, p.start, p.end) {
                if !first {
                    at += 1; // the newline between lines
                }
                first = false;
                pieces.push(Piece { raw: s, body: at, len: e - s, paragraph: k });
                at += e - s;
            }
        }
        BodyMap { pieces, len: at }
    }

    /// The body text (before folding): [`Normalized::body`](crate::model::Normalized::body).
    pub fn text(&self, raw: &str) -> String {
        let mut out = String::with_capacity(self.len);
        for p in &self.pieces {
            while out.len() < p.body {
                out.push('\n');
            }
            out.push_str(raw.get(p.raw..p.raw + p.len).unwrap_or(""));
        }
        while out.len() < self.len {
            out.push('\n');
        }
        out
    }

    /// Where the raw span `span` lands in the body text (byte offsets), when it starts
    /// and ends on body text of one paragraph; `None` for a span outside the body (the
    /// headline, the dateline, a footer) or across paragraphs.
    pub fn body_span(&self, span: Span) -> Option<Span> {
        if span.end <= span.start {
            return None;
        }
        let first = self.pieces.get(self.pieces.partition_point(|p| p.raw + p.len <= span.start))?;
        let last = self.pieces.get(self.pieces.partition_point(|p| p.raw + p.len < span.end))?;
        if first.raw > span.start || last.raw >= span.end || first.paragraph != last.paragraph || last.body < first.body
        {
            return None;
        }
        Some(Span::new(first.body + (span.start - first.raw), last.body + (span.end - last.raw)))
    }

    /// Where each raw span lands in the body as stored, `folded` = [`fold`]`(body)`
    /// (`body` being [`BodyMap::text`]): `[start, end)` in **characters** of `folded`,
    /// so that `folded[start..end]` (counting characters) is [`body_text`] of the span's
    /// raw text, folded. `None` where the span is not in the body ([`BodyMap::body_span`])
    /// or its folded text is not that slice (Unicode composition joined it to a
    /// neighbour).
    pub fn folded_spans(&self, raw: &str, body: &str, folded: &str, spans: &[Span]) -> Vec<Option<(usize, usize)>> {
        let in_body: Vec<Option<Span>> = spans.iter().map(|&s| self.body_span(s)).collect();
        let mut at: Vec<usize> = in_body.iter().flatten().flat_map(|s| [s.start, s.end]).collect();
        at.sort_unstable();
        at.dedup();
        let images = fold_offsets(body, folded, &at);
        let image = |x: usize| at.binary_search(&x).ok().map(|i| images[i]);
        spans
            .iter()
            .zip(&in_body)
            .map(|(span, b)| {
                let ((sb, sc), (eb, ec)) = (image(b.as_ref()?.start)?, image(b.as_ref()?.end)?);
                let want = fold(&body_text(span.slice(raw)?));
                (folded.get(sb..eb) == Some(want.as_str())).then_some((sc, ec))
            })
            .collect()
    }
}

/// The text the body makes of `s`: its lines trimmed, blank lines dropped, joined by
/// newlines (not folded). The body's slice of a mention is this of the mention's raw text.
pub fn body_text(s: &str) -> String {
    BodyMap::new(s, [Span::new(0, s.len())]).text(s)
}

/// The body lines of the paragraph `raw[s..e]`: the byte span of each of its lines,
/// trimmed, blank lines left out.
fn lines(raw: &str, s: usize, e: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = s;
    raw.get(s..e).unwrap_or("").split('\n').filter_map(move |line| {
        let at = start;
        start += line.len() + 1;
        let t = line.trim();
        let lead = line.len() - line.trim_start().len();
        (!t.is_empty()).then_some((at + lead, at + lead + t.len()))
    })
}

/// The body's language: `zh` when Han ideographs outnumber half its Latin letters.
pub(crate) fn language(text: &str) -> &'static str {
    let cjk = text.chars().filter(|c| crate::text::is_han(*c)).count();
    let latin = text.chars().filter(|c| c.is_ascii_alphabetic()).count();
    if cjk > 0 && cjk * 2 > latin {
        "zh"
    } else {
        "en"
    }
}

/// A sentence paragraph: ends like a sentence and is not tiny, or is very long.
#[cfg(test)]
pub(crate) fn sentence_par(t: &str) -> bool {
    sentence_par_counted(word_count(t), cjk_count(t), ends_sentence(t))
}

/// Whether a text of `w` words and `c` CJK ideographs that `ends` like a sentence (or
/// not) is a sentence paragraph: ends like a sentence and is not tiny, or is very long.
pub(crate) fn sentence_par_counted(w: usize, c: usize, ends: bool) -> bool {
    (ends && (w >= 6 || c >= 15)) || w >= 40 || c >= 60
}

/// Text that can open the body: a sentence paragraph or a long (possibly cut-off) line.
pub(crate) fn body_par(t: &str) -> bool {
    body_par_counted(word_count(t), cjk_count(t), ends_sentence(t))
}

/// Whether such a text (see [`sentence_par_counted`]) can open the body.
pub(crate) fn body_par_counted(w: usize, c: usize, ends: bool) -> bool {
    sentence_par_counted(w, c, ends) || w >= 25 || c >= 40
}

/// Text that can end the body: a paragraph, or a line cut off mid-sentence.
pub(crate) fn para_like(t: &str) -> bool {
    let cut_mid_sentence = t.trim_end().chars().last().is_some_and(|c| c.is_lowercase() || c == ',');
    body_par(t) || word_count(t) >= 14 || cjk_count(t) >= 30 || (word_count(t) >= 8 && cut_mid_sentence)
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

/// The text without a trailing ellipsis (`…`, `...`) that marks a cut.
fn strip_ellipsis(s: &str) -> &str {
    let t = s.trim_end();
    let u = t.trim_end_matches(['…', '.']);
    let gone = &t[u.len()..];
    if gone.contains('…') || gone.len() >= 2 {
        u.trim_end()
    } else {
        t
    }
}

/// Drops the short lines after the last paragraph (share buttons, link lists, footers).
fn trim_footer(raw: &str, body: &mut Vec<(usize, usize)>) {
    if let Some(last) = body.iter().rposition(|&(s, e)| para_like(raw.get(s..e).unwrap_or(""))) {
        body.truncate(last + 1);
    }
}

/// Drops a cut-off teaser lead that the next paragraph repeats in other words.
fn drop_teaser(raw: &str, body: &mut Vec<(usize, usize)>) {
    if body.len() < 2 {
        return;
    }
    let a = raw.get(body[0].0..body[0].1).unwrap_or("");
    let c = raw.get(body[1].0..body[1].1).unwrap_or("");
    let first2 = |s: &str| s.split_whitespace().take(2).map(str::to_lowercase).collect::<Vec<_>>();
    let cut_off = a.trim_end().ends_with("...")
        || a.trim_end().ends_with('…')
        || a.trim_end().chars().last().is_some_and(|ch| ch.is_alphanumeric() || ch == ',');
    if cut_off && first2(a) == first2(c) && overlap(a, c) >= 0.6 {
        body.remove(0);
    }
}

/// Strips an agency sign-off (`… via video link. Enditem`) from the last paragraph.
fn strip_signoff(raw: &str, body: &mut [(usize, usize)]) {
    if let Some(p) = body.last_mut() {
        let t = raw.get(p.0..p.1).unwrap_or("").trim_end();
        if t.to_ascii_lowercase().ends_with("enditem") {
            let cut = t.len() - "enditem".len();
            if t.is_char_boundary(cut) {
                p.1 = trim_span(raw, p.0, p.0 + cut).1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(raw: &str, parts: &[&str]) -> Vec<(usize, usize)> {
        parts
            .iter()
            .map(|p| {
                let s = raw.find(p).expect("part in raw");
                (s, s + p.len())
            })
            .collect()
    }

    /// A headline, a hard-wrapped English paragraph with indented lines and a trailing
    /// space, and a Chinese paragraph with full-width forms and an ideographic space.
    const PAGE: &str = "Jiaxing CPPCC meets residents\n\n  On June 28, Gao Linghui, chairman of the\n   Jiaxing CPPCC, visited the Committee Living Room in \n Nanhu District.  \n\n区政协主席李四出席会议并讲话，委员工作室（ＣＰＰＣＣ）\u{3000}建设推进会在嘉兴召开。\n";

    fn page_map() -> (BodyMap, Vec<Span>) {
        let paragraphs = [
            "On June 28, Gao Linghui, chairman of the\n   Jiaxing CPPCC, visited the Committee Living Room in \n Nanhu District.",
            "区政协主席李四出席会议并讲话，委员工作室（ＣＰＰＣＣ）\u{3000}建设推进会在嘉兴召开。",
        ];
        let spans: Vec<Span> = spans(PAGE, &paragraphs).into_iter().map(|(s, e)| Span::new(s, e)).collect();
        (BodyMap::new(PAGE, spans.iter().copied()), spans)
    }

    /// The raw span of the `n`-th (from 0) occurrence of `what` in `raw`.
    fn find(raw: &str, what: &str, n: usize) -> Span {
        let s = raw.match_indices(what).nth(n).map(|(i, _)| i).expect("in the text");
        Span::new(s, s + what.len())
    }

    #[test]
    fn the_body_map_makes_the_body_text() {
        let (map, spans) = page_map();
        let body = map.text(PAGE);
        // What the normalizer made before the map: trimmed lines, blank lines dropped.
        let old = spans
            .iter()
            .map(|p| {
                PAGE[p.start..p.end].split('\n').map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        assert_eq!(body, old);
        assert!(body.starts_with("On June 28, Gao Linghui, chairman of the\nJiaxing CPPCC, visited"));
        assert!(body.contains("Living Room in\nNanhu District.\n\n区政协主席"));
        // A paragraph left empty still has its blank line, as the join gave it.
        let empty = BodyMap::new("a\n \nb", [Span::new(0, 1), Span::new(1, 3), Span::new(4, 5)]);
        assert_eq!(empty.text("a\n \nb"), ["a", "", "b"].join("\n\n"));
        assert_eq!(body_text("  Gao Linghui,\n\n  chairman  "), "Gao Linghui,\nchairman");
    }

    #[test]
    fn raw_spans_land_on_the_body_text_and_its_folded_characters() {
        let (map, _) = page_map();
        let body = map.text(PAGE);
        let folded = fold(&body);
        assert!(folded.contains("委员工作室(CPPCC) 建设推进会"), "{folded}");
        let mentions = [
            find(PAGE, "Gao Linghui", 0),
            find(PAGE, "chairman of the\n   Jiaxing CPPCC", 0), // across a line break
            find(PAGE, "Nanhu District", 0),
            find(PAGE, "ＣＰＰＣＣ", 0),       // full-width, folded in the body
            find(PAGE, "建设推进会在嘉兴", 0), // after an ideographic space
            find(PAGE, "嘉兴", 0),
            find(PAGE, "Jiaxing CPPCC", 0), // the headline: not in the body
            find(PAGE, "in \n Nanhu", 0),   // ends on body text, starts on it
            Span::new(find(PAGE, "Nanhu", 0).start - 1, find(PAGE, "Nanhu", 0).end), // starts on trimmed space
        ];
        let got = map.folded_spans(PAGE, &body, &folded, &mentions);
        let chars: Vec<char> = folded.chars().collect();
        let text = |s: Option<(usize, usize)>| s.map(|(a, b)| chars[a..b].iter().collect::<String>());
        assert_eq!(text(got[0]).as_deref(), Some("Gao Linghui"));
        assert_eq!(text(got[1]).as_deref(), Some("chairman of the\nJiaxing CPPCC"));
        assert_eq!(text(got[2]).as_deref(), Some("Nanhu District"));
        assert_eq!(text(got[3]).as_deref(), Some("CPPCC"));
        assert_eq!(text(got[4]).as_deref(), Some("建设推进会在嘉兴"));
        assert_eq!(text(got[5]).as_deref(), Some("嘉兴"));
        assert_eq!(got[6], None);
        assert_eq!(text(got[7]).as_deref(), Some("in\nNanhu"));
        assert_eq!(got[8], None);
        // Character offsets: the Chinese paragraph's characters are one each, folded or not.
        let zh = body.find("区政协").map(|b| body[..b].chars().count()).expect("zh paragraph");
        assert_eq!(got[3].map(|s| s.0), Some(zh + "区政协主席李四出席会议并讲话，委员工作室（".chars().count()));
        // The property, for every span that has a body span.
        for (m, g) in mentions.iter().zip(&got) {
            if let Some(g) = g {
                assert_eq!(text(Some(*g)), Some(fold(&body_text(&PAGE[m.start..m.end]))));
            }
        }
    }

    #[test]
    fn a_mention_composed_with_a_neighbour_has_no_body_span() {
        // A decomposed é: NFC composes "e" + U+0301 in the stored body.
        let raw = "Jose\u{301} Wang and Li Ming met members in Jiaxing.";
        let map = BodyMap::new(raw, [Span::new(0, raw.len())]);
        let body = map.text(raw);
        let folded = fold(&body);
        assert_eq!(folded, "José Wang and Li Ming met members in Jiaxing.");
        let spans =
            [find(raw, "Jose", 0), find(raw, "Jose\u{301}", 0), find(raw, "Li Ming", 0), find(raw, "Jiaxing", 0)];
        let got = map.folded_spans(raw, &body, &folded, &spans);
        // "Jose" without its accent is not in the body; with it, it is "José"; what
        // follows keeps its place.
        assert_eq!(got, [None, Some((0, 4)), Some((14, 21)), Some((37, 44))]);
    }

    #[test]
    fn paragraph_tests() {
        assert!(sentence_par("Members met the residents on Monday."));
        assert!(!sentence_par("Members meet residents"));
        assert!(body_par(&"word ".repeat(30)));
        assert!(para_like("the text stops here in the middle of a sentence and"));
        assert!(!para_like("About Town News Business Services"));
    }

    #[test]
    fn footer_lines_after_the_last_paragraph_go() {
        let raw = "Members met the residents on Monday and talked about parking.\nAbout Town News Services\nFacebook";
        let mut b = spans(
            raw,
            &["Members met the residents on Monday and talked about parking.", "About Town News Services", "Facebook"],
        );
        trim_footer(raw, &mut b);
        assert_eq!(b.len(), 1);
    }

    #[test]
    fn teaser_lead_goes_but_a_caption_stays() {
        let raw = "On May 3, the county conference on party building was held to sum up wor\nOn May 3, the conference on party building of the county was held to sum up work.";
        let mut b = spans(
            raw,
            &[
                "On May 3, the county conference on party building was held to sum up wor",
                "On May 3, the conference on party building of the county was held to sum up work.",
            ],
        );
        drop_teaser(raw, &mut b);
        assert_eq!(b.len(), 1);
        let raw =
            "Deputies meet residents in the hall. [Photo/example.cn]\nDeputies meet residents in the hall on Monday.";
        let mut b = spans(
            raw,
            &[
                "Deputies meet residents in the hall. [Photo/example.cn]",
                "Deputies meet residents in the hall on Monday.",
            ],
        );
        drop_teaser(raw, &mut b);
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn ellipsis_but_not_a_full_stop_is_stripped() {
        assert_eq!(strip_ellipsis("The members met..."), "The members met");
        assert_eq!(strip_ellipsis("The members met …"), "The members met");
        assert_eq!(strip_ellipsis("The members met."), "The members met.");
    }

    #[test]
    fn signoff_is_stripped() {
        let raw = "The press conference will be held via video link. Enditem";
        let mut b = vec![(0, raw.len())];
        strip_signoff(raw, &mut b);
        assert_eq!(&raw[b[0].0..b[0].1], "The press conference will be held via video link.");
        assert_eq!(body_text(" a \n  b \n"), "a\nb");
    }
}
