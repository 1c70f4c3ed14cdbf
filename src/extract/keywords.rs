//! The keyword pass of extraction: one Aho-Corasick automaton scans each region once, and
//! a pattern runs only over text holding one of its keywords.
//!
//! The keywords are not written by hand. They are the literals every match of a pattern
//! must contain, read off the pattern itself with regex-syntax's literal extractor: the
//! prefixes of its matches, or their suffixes when those are more telling (longer). So a
//! new trigger or title in `data/rules/` is found by the pass the moment it is in the
//! pattern; there is no precheck to keep in step with what it guards. A pattern whose
//! matches have no usable literal (shorter than three bytes, or too many) always runs.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Hir, HirKind};

use crate::model::Span;

/// A pattern of the pass: the bit it sets in a [`Hits`] mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key(u8);

impl Key {
    pub const EVENT_TRIGGER: Key = Key(0);
    pub const EVENT_ANAPHOR: Key = Key(1);
    pub const EVENT_MOVEMENT: Key = Key(2);
    pub const EVENT_ROLES: Key = Key(3);
    pub const TOPIC: Key = Key(4);
    /// The `i`-th organization pattern.
    pub fn org(i: usize) -> Key {
        Key(8 + u8::try_from(i).unwrap_or(u8::MAX).min(55))
    }
    fn bit(self) -> u64 {
        1 << self.0
    }
}

/// The automaton of every pattern's keywords.
pub(crate) struct Keywords {
    automaton: AhoCorasick,
    /// For each automaton pattern, the keys whose keyword it is.
    masks: Vec<u64>,
    /// Keys of patterns without usable keywords: always on.
    always: u64,
}

/// The literals every match of `pattern` contains, or `None` when they are too short or
/// too many to tell text apart. `pattern` is written without `(?i)`: the automaton ignores
/// ASCII case itself.
fn keywords_of(pattern: &str) -> Option<Vec<Vec<u8>>> {
    required(&regex_syntax::parse(pattern).ok()?)
}

/// The most telling set of literals one of which every match of `hir` contains: its
/// prefixes, its suffixes, the union of its branches' sets, or the set of one part it
/// cannot match without; the set whose shortest literal is longest wins.
fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let usable = |seq: Seq| -> Option<Vec<Vec<u8>>> {
        let lits = seq.literals()?;
        let ok = !lits.is_empty() && lits.iter().all(|l| l.as_bytes().len() >= 3);
        ok.then(|| lits.iter().map(|l| l.as_bytes().to_vec()).collect())
    };
    let affix = |kind| usable(Extractor::new().kind(kind).limit_total(4096).extract(hir));
    let mut sets: Vec<Vec<Vec<u8>>> =
        [affix(ExtractKind::Prefix), affix(ExtractKind::Suffix)].into_iter().flatten().collect();
    match hir.kind() {
        HirKind::Alternation(branches) => {
            if let Some(union) = branches.iter().map(required).collect::<Option<Vec<_>>>() {
                sets.push(union.concat());
            }
        }
        HirKind::Concat(parts) => sets.extend(parts.iter().filter_map(required)),
        HirKind::Capture(c) => sets.extend(required(&c.sub)),
        HirKind::Repetition(r) if r.min >= 1 => sets.extend(required(&r.sub)),
        _ => {}
    }
    let shortest = |set: &Vec<Vec<u8>>| set.iter().map(Vec::len).min().unwrap_or(0);
    sets.into_iter().max_by_key(|set| (shortest(set), std::cmp::Reverse(set.len())))
}

impl Keywords {
    /// The automaton of `patterns` (each written without `(?i)`, see [`keywords_of`]).
    pub fn build<S: AsRef<str>>(patterns: impl IntoIterator<Item = (Key, S)>) -> Keywords {
        let mut words: Vec<Vec<u8>> = Vec::new();
        let mut masks: Vec<u64> = Vec::new();
        let mut always = 0;
        for (key, pattern) in patterns {
            let Some(lits) = keywords_of(pattern.as_ref()) else {
                always |= key.bit();
                continue;
            };
            for lit in lits {
                let lit = lit.to_ascii_lowercase();
                match words.iter().position(|w| *w == lit) {
                    Some(i) => masks[i] |= key.bit(),
                    None => {
                        words.push(lit);
                        masks.push(key.bit());
                    }
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .expect("keyword automaton");
        Keywords { automaton, masks, always }
    }

    /// Every keyword in `regions` of `raw`.
    pub fn scan(&self, raw: &str, regions: &[Span]) -> Hits {
        let mut hits: Vec<(Span, u64)> = Vec::new();
        for r in regions {
            let Some(text) = raw.get(r.start..r.end) else { continue };
            for m in self.automaton.find_overlapping_iter(text) {
                hits.push((Span::new(r.start + m.start(), r.start + m.end()), self.masks[m.pattern().as_usize()]));
            }
        }
        hits.sort_unstable_by_key(|h| h.0.start);
        Hits { hits, always: self.always }
    }
}

/// The keywords found in one article, by position.
#[derive(Debug, Default)]
pub(crate) struct Hits {
    /// (span, keys), sorted by start.
    hits: Vec<(Span, u64)>,
    always: u64,
}

impl Hits {
    /// Whether `span` holds a keyword of `key` (or `key` has none and always runs).
    pub fn has(&self, key: Key, span: Span) -> bool {
        if self.always & key.bit() != 0 {
            return true;
        }
        let from = self.hits.partition_point(|h| h.0.start < span.start);
        self.hits[from..]
            .iter()
            .take_while(|h| h.0.start < span.end)
            .any(|h| h.1 & key.bit() != 0 && h.0.end <= span.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(pattern: &str) -> Vec<String> {
        let mut w: Vec<String> =
            keywords_of(pattern).unwrap_or_default().into_iter().map(|l| String::from_utf8_lossy(&l).into()).collect();
        w.sort();
        w
    }

    #[test]
    fn keywords_are_read_off_the_patterns() {
        assert_eq!(words(r"(?:promotion|advancement)\s+(?:meeting|conference)s?"), ["advancement", "promotion"]);
        // the suffixes when the prefixes say less: "the" is everywhere, "meeting" is not
        assert_eq!(words(r"(?-u:\b)(?:the|this)\s+(meeting|visit)(?-u:\b)"), ["meeting", "visit"]);
        assert_eq!(words(r"党组(?:扩大)?会议"), ["党组会议", "党组扩大会议"]);
        // nothing telling: the pattern always runs
        assert_eq!(words(r"(?-u:\b)(?:at|in)\s+[A-Z]\w+"), Vec::<String>::new());
    }

    #[test]
    fn hits_gate_by_key_and_span() {
        let k = Keywords::build([(Key::EVENT_TRIGGER, r"symposi(?:um|a)"), (Key::TOPIC, r"(?-u:\b)at\s+\w+")]);
        let raw = "Intro. A SYMPOSIUM was held. Then lunch.";
        let hits = k.scan(raw, &[Span::new(0, raw.len())]);
        let second = Span::new(7, 28);
        assert!(hits.has(Key::EVENT_TRIGGER, second));
        assert!(!hits.has(Key::EVENT_TRIGGER, Span::new(0, 6)));
        assert!(!hits.has(Key::EVENT_TRIGGER, Span::new(29, raw.len())));
        // a keyword cut by the span's end is not in it
        assert!(!hits.has(Key::EVENT_TRIGGER, Span::new(7, 14)));
        assert!(!hits.has(Key::EVENT_ANAPHOR, second));
        assert!(hits.has(Key::TOPIC, Span::new(0, 1)), "a pattern without keywords always runs");
    }
}
