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
