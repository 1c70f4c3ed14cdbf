//! Topics: the policy areas an article is about, tagged from a small vocabulary of
//! evidence terms (English and Chinese). Pure: no I/O. The vocabulary is documented in
//! `docs/topics.md`; a test keeps the two in step.
//!
//! An article is tagged with a topic when one of the topic's terms occurs in its body
//! or title; every occurrence is kept as evidence with its span.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::keywords::{Hits, Key};
use crate::model::Span;
use crate::rule_file;
use crate::text::fold_ws;

/// One topic of the vocabulary: key, English label, evidence terms. English terms match
/// as whole words, case-insensitively, with a space, hyphen or line break between words.
#[derive(Debug)]
pub struct Topic {
    pub key: &'static str,
    pub label: &'static str,
    pub terms: Vec<&'static str>,
}

/// The topic vocabulary, from `data/rules/topics.tsv` and `data/rules/topic_terms.tsv`.
pub static TOPICS: LazyLock<Vec<Topic>> = LazyLock::new(|| {
    let mut topics: Vec<Topic> = rule_file!("topics")
        .rules
        .iter()
        .map(|r| Topic { key: r.pattern(), label: r.field(1).unwrap_or_default(), terms: Vec::new() })
        .collect();
    for r in rule_file!("topic_terms").rules {
        if let Some(t) = topics.iter_mut().find(|t| Some(t.key) == r.field(1)) {
            t.terms.push(r.pattern());
        }
    }
    topics
});

/// One occurrence of a topic's evidence term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicMention {
    /// Topic key: `rural_revitalization`.
    pub topic: String,
    /// The term as printed.
    pub term: String,
    pub span: Span,
}

struct Vocabulary {
    re: Regex,
    /// `re` without `(?i)`, for the keyword pass.
    pattern: String,
    /// Folded term → topic index.
    topic_of: HashMap<String, usize>,
}

/// Lower case, curly apostrophes straight, hyphens and runs of whitespace as one space.
fn fold(term: &str) -> String {
    let mut out = String::with_capacity(term.len());
    for w in term.split(|c: char| c.is_whitespace() || c == '-') {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.to_lowercase().replace('’', "'"));
    }
    out
}

fn pattern(term: &str) -> String {
    let words: Vec<String> = term.split([' ', '-']).map(regex::escape).collect();
    words.join(r"[\s\-]+")
}

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    let mut en: Vec<&str> = Vec::new();
    let mut zh: Vec<&str> = Vec::new();
    let mut topic_of = HashMap::new();
    for (i, t) in TOPICS.iter().enumerate() {
        for term in t.terms.iter().copied() {
            topic_of.insert(fold(term), i);
            if term.is_ascii() {
                en.push(term);
            } else {
                zh.push(term);
            }
        }
    }
    // longest first, so that "epidemic prevention" wins over "epidemic"
    en.sort_by_key(|t| std::cmp::Reverse(t.len()));
    zh.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    let en: Vec<String> = en.iter().map(|t| pattern(t)).collect();
    let zh: Vec<String> = zh.iter().map(|t| regex::escape(t)).collect();
    let pattern = format!(r"(?-u:\b)(?:{})(?-u:\b)|{}", en.join("|"), zh.join("|"));
    let re = Regex::new(&format!("(?i){pattern}")).expect("topic vocabulary");
    Vocabulary { re, pattern, topic_of }
});

/// The pattern topics runs only where the keyword pass found one of its keywords.
pub(crate) fn keyword_patterns() -> Vec<(Key, String)> {
    vec![(Key::TOPIC, VOCABULARY.pattern.clone())]
}

/// Tags the topics of one article: every evidence term in `regions` (body paragraphs
/// and title), in text order.
pub(crate) fn extract(raw: &str, regions: &[Span], hits: &Hits) -> Vec<TopicMention> {
    let v = &*VOCABULARY;
    let mut out = Vec::new();
    for r in regions.iter().filter(|r| hits.has(Key::TOPIC, **r)) {
        let Some(text) = raw.get(r.start..r.end) else { continue };
        for m in v.re.find_iter(text) {
            let Some(&i) = v.topic_of.get(&fold(m.as_str())) else { continue };
            out.push(TopicMention {
                topic: TOPICS[i].key.to_string(),
                term: fold_ws(m.as_str()),
                span: Span::new(r.start + m.start(), r.start + m.end()),
            });
        }
    }
    out.sort_by_key(|t| t.span);
    out.dedup_by_key(|t| t.span);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topics(text: &str) -> Vec<(String, String)> {
        let regions = [Span::new(0, text.len())];
        let hits = super::super::keywords::Keywords::build(keyword_patterns()).scan(text, &regions);
        extract(text, &regions, &hits).into_iter().map(|t| (t.topic, t.term)).collect()
    }

    #[test]
    fn terms_match_whole_words_across_hyphens_and_case() {
        let got = topics("Promoting Rural\nRevitalization and party-building; not partybuilding. 推进共同富裕。");
        assert_eq!(
            got,
            [
                ("rural_revitalization".into(), "Rural Revitalization".into()),
                ("party_building".into(), "party-building".into()),
                ("common_prosperity".into(), "共同富裕".into())
            ]
        );
    }

    #[test]
    fn longer_terms_win() {
        assert_eq!(
            topics("epidemic prevention"),
            [("epidemic_prevention".to_string(), "epidemic prevention".to_string())]
        );
        assert!(topics("the reeducation").is_empty());
    }

    #[test]
    fn every_term_is_reachable() {
        for t in TOPICS.iter() {
            for term in &t.terms {
                let got = topics(term);
                assert!(got.iter().any(|(k, _)| k == t.key), "{term}: {got:?}");
            }
        }
    }

    #[test]
    fn every_topic_and_term_tags_its_example() {
        let topics_file = rule_file!("topics");
        let terms_file = rule_file!("topic_terms");
        for r in topics_file.rules.iter().chain(&terms_file.rules) {
            let key = if topics_file.rules.contains(r) { r.pattern() } else { r.field(1).unwrap_or_default() };
            let got = topics(r.example());
            assert!(got.iter().any(|(k, _)| k == key), "{}: {:?} gave {got:?}", r.pattern(), r.example());
        }
        // every term names a topic of the topic file
        for r in &terms_file.rules {
            assert!(TOPICS.iter().any(|t| t.terms.contains(&r.pattern())), "{}: no such topic", r.pattern());
        }
    }

    #[test]
    fn the_vocabulary_is_documented() {
        let doc = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/topics.md"));
        for t in TOPICS.iter() {
            let row = doc.lines().find(|l| l.starts_with(&format!("| `{}`", t.key)));
            let Some(row) = row else { panic!("docs/topics.md has no row for {}", t.key) };
            assert!(row.contains(t.label), "{}: label", t.key);
            for term in &t.terms {
                assert!(row.contains(term), "docs/topics.md row {} lacks {term:?}", t.key);
            }
        }
    }
}
