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

use crate::model::Span;

/// One topic of the vocabulary: key, English label, evidence terms. English terms match
/// as whole words, case-insensitively, with a space, hyphen or line break between words.
pub struct Topic {
    pub key: &'static str,
    pub label: &'static str,
    pub terms: &'static [&'static str],
}

/// The topic vocabulary.
pub const TOPICS: &[Topic] = &[
    Topic {
        key: "rural_revitalization",
        label: "Rural revitalization",
        terms: &[
            "rural revitalization",
            "rural revitalisation",
            "revitalize the countryside",
            "beautiful countryside",
            "poverty alleviation",
            "乡村振兴",
            "脱贫攻坚",
        ],
    },
    Topic { key: "common_prosperity", label: "Common prosperity", terms: &["common prosperity", "共同富裕"] },
    Topic {
        key: "party_building",
        label: "Party building",
        terms: &["party building", "party-building", "party construction", "党建", "党的建设"],
    },
    Topic {
        key: "grassroots_governance",
        label: "Grassroots / social governance",
        terms: &[
            "grassroots governance",
            "social governance",
            "community governance",
            "grassroots democracy",
            "primary-level governance",
            "基层治理",
            "社会治理",
            "基层民主",
        ],
    },
    Topic {
        key: "healthcare",
        label: "Healthcare",
        terms: &[
            "healthcare",
            "health care",
            "medical care",
            "medical insurance",
            "hospitals",
            "public health",
            "医疗",
            "卫生健康",
        ],
    },
    Topic {
        key: "education",
        label: "Education",
        terms: &["education", "schools", "kindergartens", "teachers", "教育"],
    },
    Topic {
        key: "elderly_care",
        label: "Elderly care",
        terms: &[
            "elderly care",
            "care for the elderly",
            "elderly people",
            "old-age care",
            "aged care",
            "aging population",
            "养老",
            "老年人",
        ],
    },
    Topic {
        key: "enterprise_development",
        label: "Enterprise and private-economy development",
        terms: &[
            "private economy",
            "private enterprises",
            "private sector",
            "business environment",
            "small and medium-sized enterprises",
            "SMEs",
            "民营经济",
            "营商环境",
            "民营企业",
        ],
    },
    Topic {
        key: "ecology",
        label: "Ecology and environment",
        terms: &[
            "ecological",
            "environmental protection",
            "ecology",
            "green development",
            "pollution",
            "carbon neutrality",
            "carbon peak",
            "生态",
            "环境保护",
        ],
    },
    Topic {
        key: "rule_of_law",
        label: "Rule of law and legislation",
        terms: &["rule of law", "law-based governance", "legislation", "legislative", "draft law", "立法", "法治"],
    },
    Topic {
        key: "epidemic_prevention",
        label: "Epidemic prevention",
        terms: &["epidemic prevention", "epidemic", "COVID-19", "pandemic", "novel coronavirus", "疫情防控", "疫情"],
    },
    Topic {
        key: "employment",
        label: "Employment",
        terms: &["employment", "job creation", "unemployment", "jobs", "就业"],
    },
    Topic {
        key: "economic_development",
        label: "High-quality economic development",
        terms: &["high-quality development", "economic development", "economic growth", "高质量发展"],
    },
    Topic {
        key: "culture",
        label: "Culture and tourism",
        terms: &["cultural heritage", "culture and tourism", "tourism", "文化旅游", "文旅"],
    },
    Topic {
        key: "housing",
        label: "Housing and urban renewal",
        terms: &["housing", "old residential", "urban renewal", "residential communities", "旧改", "住房"],
    },
    Topic {
        key: "ethnic_unity",
        label: "Ethnic unity and religion",
        terms: &["ethnic unity", "ethnic groups", "religious affairs", "民族团结"],
    },
];

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
        for term in t.terms {
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
    let re =
        Regex::new(&format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)|{}", en.join("|"), zh.join("|"))).expect("topic vocabulary");
    Vocabulary { re, topic_of }
});

/// Tags the topics of one article: every evidence term in `regions` (body paragraphs
/// and title), in text order.
pub(crate) fn extract(raw: &str, regions: &[Span]) -> Vec<TopicMention> {
    let v = &*VOCABULARY;
    let mut out = Vec::new();
    for r in regions {
        let Some(text) = raw.get(r.start..r.end) else { continue };
        for m in v.re.find_iter(text) {
            let Some(&i) = v.topic_of.get(&fold(m.as_str())) else { continue };
            out.push(TopicMention {
                topic: TOPICS[i].key.to_string(),
                term: m.as_str().split_whitespace().collect::<Vec<_>>().join(" "),
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
        extract(text, &[Span::new(0, text.len())]).into_iter().map(|t| (t.topic, t.term)).collect()
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
        for t in TOPICS {
            for term in t.terms {
                let got = topics(term);
                assert!(got.iter().any(|(k, _)| k == t.key), "{term}: {got:?}");
            }
        }
    }

    #[test]
    fn the_vocabulary_is_documented() {
        let doc = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/topics.md"));
        for t in TOPICS {
            let row = doc.lines().find(|l| l.starts_with(&format!("| `{}`", t.key)));
            let Some(row) = row else { panic!("docs/topics.md has no row for {}", t.key) };
            assert!(row.contains(t.label), "{}: label", t.key);
            for term in t.terms {
                assert!(row.contains(term), "docs/topics.md row {} lacks {term:?}", t.key);
            }
        }
    }
}
