//! Phase 1, the page as units: the raw text split into lines, each classified on its own
//! evidence (`boilerplate.rs`: metadata labels, navigation, widgets, comment forms, footers)
//! and against the corpus (template lines), hard-wrapped lines joined into one paragraph and
//! runs of short lines marked as menus.

use super::boilerplate::classify_counted;
use super::keywords::cues;
use super::page::{cjk_count, ends_sentence, split_lines, trim_span, word_count_upto, Kind, Page, Unit};
use super::TEMPLATE_MAX_WORDS;
use crate::text::fold_ws;

/// A unit's word count is counted up to this: every test of it compares with at most 40
/// (`sentence_par_counted`), and a paragraph has hundreds.
const UNIT_WORDS_MAX: usize = 41;

fn first_char_lower(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_lowercase)
}

/// Reads `raw` into the units of its page; `is_template(line, words)` tells corpus template lines.
pub(crate) fn read<'a>(raw: &'a str, is_template: impl Fn(&str, usize) -> bool) -> Page<'a> {
    let mut units: Vec<Unit> = Vec::new();
    // Each unit's folded text, when it is its line's.
    let mut folds: Vec<Option<String>> = Vec::new();
    for l in split_lines(raw) {
        let t = raw.get(l.start..l.end).unwrap_or("");
        // (classify_counted and the template test compare it with at most 16)
        let words = word_count_upto(t, TEMPLATE_MAX_WORDS + 1);
        let folded = fold_ws(t);
        let cues = cues(&folded);
        let v = classify_counted(t, words, cues);
        let template = is_template(t, words);
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
            cues,
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
                    cues,
                });
                folds.extend([None, None]);
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
                prev.cues = prev.cues | cues;
                if let Some(f) = folds.last_mut() {
                    *f = None;
                }
                continue;
            }
        }
        units.push(base);
        folds.push(Some(folded));
    }
    for u in &mut units {
        let t = raw.get(u.start..u.end).unwrap_or("");
        u.words = word_count_upto(t, UNIT_WORDS_MAX);
        u.cjk = cjk_count(t);
        u.ends = ends_sentence(t);
    }
    // Runs of four or more short lines without sentence punctuation are menus.
    let menuish = |u: &Unit| u.kind == Kind::Nav || (u.kind == Kind::Text && u.words <= 4 && u.cjk <= 10 && !u.ends);
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
    let folded = units.iter().zip(folds).map(|(u, f)| f.unwrap_or_else(|| fold_ws(u.text(raw)))).collect();
    Page { raw, units, folded }
}
