//! The rule vocabularies of normalize, one file per concept under `data/rules/` (see
//! `docs/rules.md`), loaded once and shared by every phase that needs them.
//!
//! A phase builds its patterns from these lists with [`alt`]; the shapes around a rule (a
//! label's colon, a phrase at the start of a line) stay in the phase's code.
//!
//! The one keyword pass, [`cues`], scans each line of a page once with one automaton over
//! the rules of the line-level concepts, the date words and the digits, and says which
//! [`Concept`]s the line holds. A phase runs a pattern only on text whose cues hold what
//! the pattern cannot match without, so a new rule needs no gate of its own.

use std::sync::LazyLock;

use crate::rule_file;
use crate::rules::{Rule, RuleFile};

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
/// `date_words.tsv`: month and weekday names, relative days, the characters of a Chinese
/// date, and the words a date pattern of the body needs, with their kind and value.
pub(crate) static DATE_WORDS: LazyLock<RuleFile> = LazyLock::new(|| rule_file!("date_words"));

/// The date words of `kind` (`month`, `weekday`, `relative`, …), in file order.
pub(crate) fn date_words(kind: &'static str) -> impl Iterator<Item = &'static Rule> {
    DATE_WORDS.rules.iter().filter(move |r| r.field(1) == Some(kind))
}

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
    /// A month's three letters (`date_words.tsv`, `month`), in any case.
    Month = 1 << 7,
    /// The same, capitalised as printed (`Jan`, `Sept`).
    MonthCapitalised = 1 << 8,
    /// A weekday's name, capitalised (`Monday`).
    Weekday = 1 << 9,
    /// An English relative day (`yesterday`), in any case.
    RelativeDay = 1 << 10,
    /// A Chinese relative day (`昨天`).
    ZhRelativeDay = 1 << 11,
    /// The characters of a Chinese date: 年, 月, 日.
    ZhYear = 1 << 12,
    ZhMonth = 1 << 13,
    ZhDay = 1 << 14,
    /// The word that opens a range of days (`from`).
    RangeWord = 1 << 15,
    /// The words before a year (`in 20`, `since 19`).
    YearWord = 1 << 16,
    /// A digit: a character that regex `\d` matches.
    Digit = 1 << 17,
    /// Four digits in a row.
    DigitRun4 = 1 << 18,
    /// A digit just before a `-`.
    DigitThenDash = 1 << 19,
    /// A digit just before a `-` or `/`.
    DigitThenDashOrSlash = 1 << 20,
    /// A digit before a `-`, `/` or `.`, with at most a space between; or one of these
    /// opening the text (a wrapped line may begin with the separator after a digit).
    DigitThenSeparator = 1 << 21,
}

/// Which concepts occur in a text: where a concept is absent, its patterns cannot match
/// and are not run. Found in one scan ([`cues`]); the cues of two texts joined are the
/// union of theirs (every concept but the digits' stands for a word inside one line, and
/// a digit's neighbour is read within its line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Cues(u32);

impl Cues {
    /// Every concept: a text with a character that may stand for any letter.
    pub(crate) const ALL: Cues = Cues(u32::MAX);

    pub(crate) fn has(self, c: Concept) -> bool {
        self.0 & c as u32 != 0
    }

    /// Whether every concept of `all` occurs.
    pub(crate) fn has_all(self, all: &[Concept]) -> bool {
        all.iter().all(|&c| self.has(c))
    }
}

impl std::ops::BitOr for Cues {
    type Output = Cues;
    fn bitor(self, other: Cues) -> Cues {
        Cues(self.0 | other.0)
    }
}

/// What a hit of one pattern says about the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// These concepts occur.
    Plain(u32),
    /// A word: `any` occurs, and `capitalised` too when the word is printed capitalised.
    Word { any: u32, capitalised: u32 },
    /// A digit: the digit concepts follow from the digits around it and what follows it.
    Digit,
}

impl Role {
    /// One pattern listed twice (in two files, or as two kinds): both roles.
    fn merge(self, other: Role) -> Role {
        match (self, other) {
            (Role::Digit, _) | (_, Role::Digit) => Role::Digit,
            (Role::Plain(a), Role::Plain(b)) => Role::Plain(a | b),
            (Role::Plain(a), Role::Word { any, capitalised }) | (Role::Word { any, capitalised }, Role::Plain(a)) => {
                Role::Word { any: any | a, capitalised }
            }
            (Role::Word { any: a, capitalised: c }, Role::Word { any: b, capitalised: d }) => {
                Role::Word { any: a | b, capitalised: c | d }
            }
        }
    }
}

/// The one automaton over every rule of the concepts above, and the role of each pattern.
struct Scanner {
    automaton: aho_corasick::AhoCorasick,
    roles: Vec<Role>,
}

/// The rule files of the line-level concepts, with the concept of their rules.
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

/// The role of a date word, by its kind (and value).
fn date_word_role(r: &Rule) -> Role {
    use Concept::*;
    let plain = |c: Concept| Role::Plain(c as u32);
    match (r.field(1), r.field(2)) {
        (Some("month"), _) => Role::Word { any: Month as u32, capitalised: MonthCapitalised as u32 },
        (Some("weekday"), _) => Role::Word { any: 0, capitalised: Weekday as u32 },
        (Some("relative"), _) if r.pattern().is_ascii() => plain(RelativeDay),
        (Some("relative"), _) => plain(ZhRelativeDay),
        (Some("char"), Some("year")) => plain(ZhYear),
        (Some("char"), Some("month")) => plain(ZhMonth),
        (Some("char"), Some("day")) => plain(ZhDay),
        (Some("range"), _) => plain(RangeWord),
        (Some("year"), _) => plain(YearWord),
        _ => Role::Plain(0),
    }
}

/// Every character that regex `\d` matches: the ASCII digits and the other scripts'
/// decimal digits. Unicode encodes each script's ten digits as consecutive code points,
/// so a step of ten through the code points meets every run of them.
fn digits() -> Vec<char> {
    let digit = regex::Regex::new(r"^\d$").expect("digit regex");
    let mut out: Vec<char> = ('0'..='9').collect();
    for at in (0x80..=0x10_ffffu32).step_by(10) {
        if char::from_u32(at).is_some_and(char::is_numeric) {
            let around = (at.saturating_sub(9)..at + 10).filter_map(char::from_u32);
            out.extend(around.filter(|c| !c.is_ascii() && digit.is_match(c.encode_utf8(&mut [0; 4]))));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

static SCANNER: LazyLock<Scanner> = LazyLock::new(|| {
    let mut patterns: Vec<String> = Vec::new();
    let mut roles: Vec<Role> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut add = |p: String, role: Role| match index.get(&p) {
        Some(&i) => roles[i] = roles[i].merge(role),
        None => {
            index.insert(p.clone(), patterns.len());
            patterns.push(p);
            roles.push(role);
        }
    };
    for (file, concept) in concept_files() {
        for p in file.patterns() {
            add(p.to_ascii_lowercase(), Role::Plain(concept as u32));
        }
    }
    for r in &DATE_WORDS.rules {
        add(r.pattern().to_ascii_lowercase(), date_word_role(r));
    }
    for d in digits() {
        add(d.to_string(), Role::Digit);
    }
    // Two characters fold onto ASCII letters when the phases' patterns ignore case (the
    // long s and the Kelvin sign): a text with one may hold any concept.
    for c in ['\u{17f}', '\u{212a}'] {
        add(c.to_string(), Role::Plain(Cues::ALL.0));
    }
    // Standard match semantics, reported overlapping: every occurrence of every pattern is
    // a hit, so no rule hides inside another's match.
    let automaton = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::Standard)
        .ascii_case_insensitive(true)
        .build(&patterns)
        .expect("keyword automaton");
    Scanner { automaton, roles }
});

/// The digit concepts of the digit ending a `run` of digits in a row, followed by `after`.
fn digit_cues(run: usize, after: &[u8]) -> u32 {
    use Concept::*;
    let mut c = Digit as u32;
    if run >= 4 {
        c |= DigitRun4 as u32;
    }
    match after {
        [b'-', ..] => c | DigitThenDash as u32 | DigitThenDashOrSlash as u32 | DigitThenSeparator as u32,
        [b'/', ..] => c | DigitThenDashOrSlash as u32 | DigitThenSeparator as u32,
        [b'.', ..] | [b' ', b'-' | b'/' | b'.', ..] => c | DigitThenSeparator as u32,
        _ => c,
    }
}

/// The concepts whose rules occur in `folded` (a line with its whitespace folded, as
/// [`crate::text::fold_ws`] folds it, so that a space in a rule meets one space), found in
/// one scan.
pub(crate) fn cues(folded: &str) -> Cues {
    let s = &*SCANNER;
    let b = folded.as_bytes();
    let mut bits = match b.first() {
        Some(b'-' | b'/' | b'.') => Concept::DigitThenSeparator as u32,
        _ => 0,
    };
    // The digits in a row up to the last digit seen, and where that digit ends.
    let (mut run, mut run_end) = (0, usize::MAX);
    for hit in s.automaton.find_overlapping_iter(folded) {
        match s.roles[hit.pattern().as_usize()] {
            Role::Plain(c) => bits |= c,
            Role::Word { any, capitalised } => {
                bits |= any;
                if let Some([first, rest @ ..]) = b.get(hit.range()) {
                    if first.is_ascii_uppercase() && rest.iter().all(u8::is_ascii_lowercase) {
                        bits |= capitalised;
                    }
                }
            }
            Role::Digit => {
                run = if hit.start() == run_end { run + 1 } else { 1 };
                run_end = hit.end();
                bits |= digit_cues(run, b.get(run_end..).unwrap_or_default());
            }
        }
    }
    Cues(bits)
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
        for r in &DATE_WORDS.rules {
            let want = match date_word_role(r) {
                Role::Plain(c) => c,
                Role::Word { any, capitalised } => any | capitalised,
                Role::Digit => 0,
            };
            let ex = fold_ws(r.example());
            assert!(want != 0, "date_words.tsv:{}: unknown kind {:?}", r.line, r.field(1));
            assert_eq!(cues(&ex).0 & want, want, "date_words.tsv:{}: {ex:?}", r.line);
        }
        assert_eq!(cues("Members met the residents."), Cues::default());
    }

    /// Every occurrence of a rule is a hit, also where it overlaps another rule's.
    #[test]
    fn a_rule_overlapping_another_is_cued() {
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
        // A month inside a word, and one inside a label.
        assert!(cues("summary").has(Concept::Month));
        assert!(cues("发布日期：").has_all(&[Concept::MetadataLabel, Concept::ZhDay]));
        // Case as printed, and the two characters that fold onto ASCII letters.
        assert!(cues("INFORMATION SOURCE: x").has(Concept::MetadataLabel));
        assert_eq!(cues("\u{17f}ource: x"), Cues::ALL);
        assert_eq!(cues("5 \u{212a}m"), Cues::ALL);
    }

    #[test]
    fn capitalised_words_are_told_apart() {
        use Concept::*;
        assert!(cues("On June 3").has_all(&[Month, MonthCapitalised]));
        assert!(cues("the june bug").has(Month) && !cues("the june bug").has(MonthCapitalised));
        assert!(!cues("JUNE 3").has(MonthCapitalised));
        assert!(cues("last Monday").has(Weekday) && !cues("last monday").has(Weekday));
    }

    #[test]
    fn digits_tell_their_shape() {
        use Concept::*;
        let shape = |t: &str| {
            let c = cues(t);
            [Digit, DigitRun4, DigitThenDash, DigitThenDashOrSlash, DigitThenSeparator].map(|k| c.has(k))
        };
        assert_eq!(shape("Members met."), [false; 5]);
        assert_eq!(shape("2020-05-06"), [true; 5]);
        assert_eq!(shape("05/06/2020"), [true, true, false, true, true]);
        assert_eq!(shape("2020 . 05"), [true, true, false, false, true]);
        assert_eq!(shape("In 202 or 1 990"), [true, false, false, false, false]);
        assert_eq!(shape("- 05"), [true, false, false, false, true]);
        // Other scripts' digits are digits too (regex `\d` matches them).
        assert_eq!(shape("２０２０年"), [true, true, false, false, false]);
        assert_eq!(shape("١٢٣٤-"), [true; 5]);
    }

    #[test]
    fn the_digits_are_what_regex_matches_as_digits() {
        let digit = regex::Regex::new(r"^\d$").expect("digit regex");
        let mut buf = [0; 4];
        let want: Vec<char> =
            (0..=0x10_ffffu32).filter_map(char::from_u32).filter(|c| digit.is_match(c.encode_utf8(&mut buf))).collect();
        assert_eq!(digits(), want);
        assert!(want.len() > 600);
    }
}
