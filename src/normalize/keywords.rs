//! The rule vocabularies of normalize, one file per concept under `data/rules/` (see
//! `docs/rules.md`), loaded once and shared by every phase that needs them.
//!
//! A phase builds its patterns from these lists with [`alt`]; the shapes around a rule (a
//! label's colon, a phrase at the start of a line) stay in the phase's code.

use std::sync::LazyLock;

use crate::rule_file;
use crate::rules::RuleFile;

/// `metadata_labels.tsv`: labels of the head's metadata fields, with their role.
pub(crate) static METADATA_LABELS: LazyLock<RuleFile> = LazyLock::new(|| rule_file!("metadata_labels"));
/// `footer_labels.tsv`: labels of footer fields.
pub(crate) static FOOTER_LABELS: LazyLock<RuleFile> = LazyLock::new(|| rule_file!("footer_labels"));
/// `footer_openers.tsv`: phrases that open the page footer (boilerplate phrases too).
pub(crate) static FOOTER_OPENERS: LazyLock<RuleFile> = LazyLock::new(|| rule_file!("footer_openers"));
/// `boilerplate_phrases.tsv`: the other phrases that open a boilerplate line.
pub(crate) static BOILERPLATE_PHRASES: LazyLock<RuleFile> = LazyLock::new(|| rule_file!("boilerplate_phrases"));
/// `location_labels.tsv`: labels of a breadcrumb trail.
pub(crate) static LOCATION_LABELS: LazyLock<RuleFile> = LazyLock::new(|| rule_file!("location_labels"));
/// `site_names.tsv`: endings of a website's name.
pub(crate) static SITE_NAMES: LazyLock<RuleFile> = LazyLock::new(|| rule_file!("site_names"));
/// `outlet_words.tsv`: words of a news outlet's name, with where they match.
pub(crate) static OUTLET_WORDS: LazyLock<RuleFile> = LazyLock::new(|| rule_file!("outlet_words"));
/// `agency_names.tsv`: news agencies credited in datelines.
pub(crate) static AGENCY_NAMES: LazyLock<RuleFile> = LazyLock::new(|| rule_file!("agency_names"));
/// `widget_words.tsv`: the buttons of font-size and print widgets.
pub(crate) static WIDGET_WORDS: LazyLock<RuleFile> = LazyLock::new(|| rule_file!("widget_words"));
/// `stamp_words.tsv`: the words of a date-stamp line that are not its outlet.
pub(crate) static STAMP_WORDS: LazyLock<RuleFile> = LazyLock::new(|| rule_file!("stamp_words"));

/// The rules of `file` whose field `i` is one of `values` (every rule when `values` is empty).
pub(crate) fn with_field<'a>(
    file: &'a RuleFile,
    i: usize,
    values: &'a [&str],
) -> impl Iterator<Item = &'static str> + 'a {
    file.rules
        .iter()
        .filter(move |r| values.is_empty() || r.field(i).is_some_and(|v| v.split(' ').any(|v| values.contains(&v))))
        .map(|r| r.pattern())
}

/// `rules` as one regex alternation of literals (escaped), longest first: where several
/// rules match at one position, the longest is the one found.
pub(crate) fn alt(rules: impl IntoIterator<Item = &'static str>) -> String {
    let mut v: Vec<&str> = rules.into_iter().collect();
    v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    v.dedup();
    v.iter().map(|r| regex::escape(r)).collect::<Vec<_>>().join("|")
}

/// `widget_phrases.tsv`: the letters of font-size widgets, with their shape.
pub(crate) static WIDGET_PHRASES: LazyLock<RuleFile> = LazyLock::new(|| rule_file!("widget_phrases"));

/// The concepts a text may hold, as bits of [`Cues`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Concept {
    MetadataLabel = 1 << 0,
    FooterLabel = 1 << 1,
    /// A boilerplate phrase or a footer opener.
    Phrase = 1 << 2,
    FooterOpener = 1 << 3,
    LocationLabel = 1 << 4,
    SiteName = 1 << 5,
    WidgetPhrase = 1 << 6,
}

/// Which concepts' rules occur in a text: where a concept is absent, its patterns cannot
/// match and are not run. Found in one scan ([`cues`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Cues(u32);

impl Cues {
    /// Every concept, for a text that was not scanned.
    pub(crate) const ALL: Cues = Cues(u32::MAX);

    pub(crate) fn has(self, c: Concept) -> bool {
        self.0 & c as u32 != 0
    }
}

impl std::ops::BitOr for Cues {
    type Output = Cues;
    fn bitor(self, other: Cues) -> Cues {
        Cues(self.0 | other.0)
    }
}

/// The one automaton over every rule of the concepts above, and for each of its patterns
/// the concepts whose occurrence its match may stand for.
struct Scanner {
    automaton: aho_corasick::AhoCorasick,
    concepts: Vec<u32>,
}

/// The rule files the automaton is built from, with the concept of their rules.
fn concept_files() -> [(&'static RuleFile, Concept); 8] {
    [
        (&METADATA_LABELS, Concept::MetadataLabel),
        (&FOOTER_LABELS, Concept::FooterLabel),
        (&BOILERPLATE_PHRASES, Concept::Phrase),
        (&FOOTER_OPENERS, Concept::Phrase),
        (&FOOTER_OPENERS, Concept::FooterOpener),
        (&LOCATION_LABELS, Concept::LocationLabel),
        (&SITE_NAMES, Concept::SiteName),
        (&WIDGET_PHRASES, Concept::WidgetPhrase),
    ]
}

static SCANNER: LazyLock<Scanner> = LazyLock::new(|| {
    let mut patterns: Vec<String> = Vec::new();
    let mut own: Vec<u32> = Vec::new();
    for (file, concept) in concept_files() {
        for p in file.patterns() {
            let p = p.to_ascii_lowercase();
            match patterns.iter().position(|q| *q == p) {
                Some(i) => own[i] |= concept as u32,
                None => {
                    patterns.push(p);
                    own.push(concept as u32);
                }
            }
        }
    }
    // Matches do not overlap: a pattern's match stands for every pattern that occurs
    // inside it or that starts inside it (and may be hidden by it), so that a concept
    // absent from the hits is absent from the text.
    let concepts = patterns
        .iter()
        .map(|p| {
            let p = p.as_bytes();
            patterns.iter().zip(&own).fold(0, |m, (q, &c)| {
                let q = q.as_bytes();
                let inside = p.windows(q.len()).any(|w| w == q);
                let starts_inside = (1..p.len()).any(|i| q.starts_with(&p[i..]));
                if inside || starts_inside {
                    m | c
                } else {
                    m
                }
            })
        })
        .collect();
    let automaton = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&patterns)
        .expect("keyword automaton");
    Scanner { automaton, concepts }
});

/// The concepts whose rules occur in `folded` (a line with its whitespace folded, as
/// [`crate::text::fold_ws`] folds it, so that a space in a rule meets one space), found in
/// one scan.
pub(crate) fn cues(folded: &str) -> Cues {
    // Two characters fold onto ASCII letters when the phases' patterns ignore case (the
    // long s and the Kelvin sign): a text with one may hold any concept.
    if folded.contains(['\u{17f}', '\u{212a}']) {
        return Cues::ALL;
    }
    let s = &*SCANNER;
    Cues(s.automaton.find_iter(folded).fold(0, |m, hit| m | s.concepts[hit.pattern().as_usize()]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold_ws;

    #[test]
    fn every_example_cues_its_concept() {
        for (file, concept) in concept_files() {
            for r in &file.rules {
                let ex = fold_ws(r.example());
                assert!(cues(&ex).has(concept), "{}.tsv:{}: {ex:?} lacks {concept:?}", file.name, r.line);
            }
        }
        assert_eq!(cues("Members met the residents."), Cues::default());
    }

    /// Matches do not overlap, so a rule that starts inside another's match is hidden by
    /// it: the match must stand for the hidden rule's concept too.
    #[test]
    fn a_rule_hidden_by_an_overlapping_match_is_cued() {
        let all: Vec<(&str, Concept)> =
            concept_files().into_iter().flat_map(|(f, c)| f.patterns().map(move |p| (p, c))).collect();
        let mut overlaps = 0;
        for &(p, _) in &all {
            for &(q, c) in &all {
                for i in 1..p.len() {
                    if p.is_char_boundary(i) && q.len() > p.len() - i && q.starts_with(&p[i..]) {
                        let text = format!("{}{}", &p[..i], q);
                        assert!(cues(&text).has(c), "{text:?} lacks {c:?} ({q:?})");
                        overlaps += 1;
                    }
                }
            }
        }
        assert!(overlaps > 0);
        // Case as printed, and the two characters that fold onto ASCII letters.
        assert!(cues("INFORMATION SOURCE: x").has(Concept::MetadataLabel));
        assert_eq!(cues("\u{17f}ource: x"), Cues::ALL);
    }
}
