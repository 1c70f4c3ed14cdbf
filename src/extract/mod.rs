//! Article text → entities: persons, places, organizations, platforms, counts, events
//! and topics.
//! Pure: no I/O, no SQL.
//!
//! [`extract`] runs over the clean body paragraphs (`norm.body_spans`), the title and
//! the dateline of a [`Normalized`] article — never over menus or footers — and reports
//! every mention with a byte [`Span`] into the raw text.
//!
//! ```
//! use xieshang::extract::{extract, Gazetteer};
//! let raw = "Gao Linghui, chairman of the Jiaxing CPPCC, visited Nanhu District.";
//! let norm = xieshang::normalize(raw);
//! let e = extract(raw, &norm, Gazetteer::embedded());
//! assert_eq!(e.persons[0].name, "Gao Linghui");
//! assert_eq!(e.persons[0].role.as_deref(), Some("chairman"));
//! assert!(e.places.iter().any(|p| p.adcode.as_deref() == Some("330402")));
//! ```

mod events;
mod gazetteer;
mod keywords;
mod orgs;
mod persons;
pub mod pinyin;
mod places;
mod platforms;
mod text;
mod topics;

pub use events::{Event, EventOrganizer, EventPlace, EventWhen, Participant, Role};
pub use gazetteer::{place_key, Division, Gazetteer, Level};
pub use persons::person_key;
pub use topics::{Topic, TopicMention, TOPICS};

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::model::{Normalized, Span};
use keywords::Keywords;

/// The keyword pass over every pattern of events, organizations and topics.
static KEYWORDS: LazyLock<Keywords> = LazyLock::new(|| {
    Keywords::build(
        events::keyword_patterns().into_iter().chain(orgs::keyword_patterns()).chain(topics::keyword_patterns()),
    )
});

/// A named individual. One entry per person per article; `span` is the first mention,
/// `title_span` the role phrase that gave `title`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonMention {
    /// The name as printed (capitalised form preferred), whitespace folded.
    pub name: String,
    /// The role phrase attached to the first mention that has one, as printed.
    pub title: Option<String>,
    /// The role word(s) parsed from the title: `chairman`, `vice chairman`, `secretary`.
    pub role: Option<String>,
    /// The body the role belongs to: the canonical organization name when the title or
    /// the article identifies it (`CPPCC Zhejiang Provincial Committee` for "provincial
    /// CPPCC chairman" in an article about Hangzhou), else as printed.
    pub body: Option<String>,
    /// Gazetteer code of the body's jurisdiction, when resolved.
    pub body_adcode: Option<String>,
    pub span: Span,
    pub title_span: Option<Span>,
    /// Spans of every mention (full name or surname alone).
    pub mentions: Vec<Span>,
}

/// An administrative place of the PRC named in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceMention {
    /// Base name as printed, without the level word (`Jiaxing`, `Xing’an`).
    pub name: String,
    pub level: Level,
    /// Gazetteer code, when the division could be identified.
    pub adcode: Option<String>,
    /// Gazetteer base name (`Hinggan` for `Xing’an`).
    pub canonical: Option<String>,
    pub span: Span,
}

/// Kind of organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Cppcc,
    CppccStandingCommittee,
    Congress,
    CongressStandingCommittee,
    CpcCommittee,
    Government,
}

impl OrgKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            OrgKind::Cppcc => "cppcc",
            OrgKind::CppccStandingCommittee => "cppcc_standing_committee",
            OrgKind::Congress => "congress",
            OrgKind::CongressStandingCommittee => "congress_standing_committee",
            OrgKind::CpcCommittee => "cpc_committee",
            OrgKind::Government => "government",
        }
    }
}

/// A CPPCC committee, people's congress, CPC committee or government.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgMention {
    pub kind: OrgKind,
    /// `national`, or the level of the place (`province`, `prefecture`, `county`,
    /// `township`); `None` when neither the text nor the context says.
    pub level: Option<String>,
    pub adcode: Option<String>,
    /// Canonical English name: `CPPCC Jiaxing Municipal Committee`.
    pub canonical: String,
    /// As printed.
    pub text: String,
    pub span: Span,
}

/// A consultation or liaison platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformMention {
    /// Glossary key: `platform.committee_living_room`.
    pub concept: String,
    /// Chinese term: `委员会客厅`.
    pub zh: String,
    /// The phrase as printed.
    pub text: String,
    pub span: Span,
}

/// A number stated with what it counts: "9 living rooms for provincial CPPCC committees".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountFact {
    pub value: u64,
    /// What is counted: a platform concept key, or `members`, `deputies`, `towns`, ….
    pub what: String,
    pub text: String,
    pub span: Span,
}

/// Everything found in one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entities {
    pub persons: Vec<PersonMention>,
    pub places: Vec<PlaceMention>,
    pub orgs: Vec<OrgMention>,
    pub platforms: Vec<PlatformMention>,
    pub counts: Vec<CountFact>,
    /// Meetings and activities, with date, places, organizer and participants.
    pub events: Vec<Event>,
    /// Policy-area evidence terms (see `docs/topics.md`).
    pub topics: Vec<TopicMention>,
}

/// The raw spans extraction reads: the dateline, the body paragraphs and the title (title
/// last, so that body mentions come first when choosing a person's title).
pub(crate) fn regions(raw: &str, norm: &Normalized) -> Vec<Span> {
    let mut out: Vec<Span> =
        norm.body_spans.iter().filter(|s| s.start <= s.end && raw.get(s.start..s.end).is_some()).copied().collect();
    // no paragraph spans: the body text if it is found verbatim in the raw text, the
    // whole raw text if the body is not, nothing if the normalizer found no body at all
    // (a navigation-only page: its menus are not article text)
    let body = norm.body.trim();
    if out.is_empty() && !body.is_empty() {
        out.push(match raw.find(body) {
            Some(start) => Span::new(start, start + body.len()),
            None => Span::new(0, raw.len()),
        });
    }
    let covered = |s: &Span, out: &[Span]| out.iter().any(|o| o.start <= s.start && s.end <= o.end);
    if let Some(d) = &norm.dateline {
        if raw.get(d.span.start..d.span.end).is_some() && !covered(&d.span, &out) {
            out.insert(0, d.span);
        }
    }
    if let Some(t) = &norm.title {
        if raw.get(t.span.start..t.span.end).is_some() && !covered(&t.span, &out) {
            out.push(t.span);
        }
    }
    out
}

/// Extracts persons, places, organizations, platforms, counts, events and topics from
/// one article.
pub fn extract(raw: &str, norm: &Normalized, gaz: &Gazetteer) -> Entities {
    let regions = regions(raw, norm);
    let hits = KEYWORDS.scan(raw, &regions);
    let docs: Vec<text::Region> = regions.iter().map(|s| text::Region::new(raw, *s)).collect();
    let persons = persons::extract(raw, &docs, gaz);
    let person_spans: Vec<Span> = persons.iter().flat_map(|p| p.mentions.iter().copied()).collect();
    let (places, place_mentions) = places::extract_all(raw, &docs, gaz, &person_spans);
    let orgs = orgs::extract(raw, &docs, gaz, &place_mentions, &hits);
    let (platforms, counts) = platforms::extract(raw, &docs);
    let mut persons = persons;
    resolve_bodies(&mut persons, &orgs, &places, &place_mentions, gaz);
    let events = events::extract(raw, &regions, norm, &persons, &place_mentions, &orgs, &hits);
    let topics = topics::extract(raw, &regions[usize::from(dateline_first(norm, &regions))..], &hits);
    Entities { persons, places, orgs, platforms, counts, events, topics }
}

/// Whether `regions` starts with the dateline (which names places, not topics).
fn dateline_first(norm: &Normalized, regions: &[Span]) -> bool {
    norm.dateline.as_ref().is_some_and(|d| regions.first() == Some(&d.span))
}

/// Which organization a title names, and at which level: "provincial CPPCC chairman" →
/// (Cppcc, Some(Province), false); "chairman of the CPPCC" → (Cppcc, None, false).
fn title_org(title: &str) -> Option<(OrgKind, Option<Level>, bool)> {
    let t = title.to_lowercase().replace('’', "'");
    let kind = if t.contains("cppcc") || t.contains("political consultative") || t.contains("ppcc") {
        OrgKind::Cppcc
    } else if t.contains("people's congress") || t.contains("npc") {
        OrgKind::Congress
    } else if t.contains("party") || t.contains("cpc") {
        OrgKind::CpcCommittee
    } else if t.contains("government") || t.contains("mayor") || t.contains("governor") {
        OrgKind::Government
    } else {
        return None;
    };
    let national = t.contains("national") || t.contains("central committee") || t.contains("npc");
    let level = if t.contains("provincial")
        || t.contains("province")
        || t.contains("governor")
        || t.contains("autonomous region")
    {
        Some(Level::Province)
    } else if t.contains("municipal") || t.contains("city") || t.contains("mayor") {
        Some(Level::Prefecture)
    } else if t.contains("district") || t.contains("county") || t.contains("banner") {
        Some(Level::County)
    } else if t.contains("town") {
        Some(Level::Township)
    } else {
        None
    };
    Some((kind, level, national))
}

fn same_org_kind(want: OrgKind, got: OrgKind) -> bool {
    match (want, got) {
        (OrgKind::Cppcc, OrgKind::Cppcc | OrgKind::CppccStandingCommittee) => true,
        (OrgKind::Congress, OrgKind::Congress | OrgKind::CongressStandingCommittee) => true,
        (a, b) => a == b,
    }
}

/// Resolves each person's `body` to a canonical organization: one named inside the
/// title, else the article's organization of that kind (and level), else the division
/// of that level shared by the article's places.
fn resolve_bodies(
    persons: &mut [PersonMention],
    orgs: &[OrgMention],
    places: &[PlaceMention],
    place_mentions: &[PlaceMention],
    gaz: &Gazetteer,
) {
    for p in persons.iter_mut() {
        let (Some(title), Some(ts)) = (p.title.clone(), p.title_span) else {
            continue;
        };
        if let Some(o) = orgs.iter().find(|o| ts.start <= o.span.start && o.span.end <= ts.end) {
            p.body = Some(o.canonical.clone());
            p.body_adcode = o.adcode.clone();
            continue;
        }
        let Some((kind, level, national)) = title_org(&title) else {
            continue;
        };
        // a place named in the title: "mayor of Shanghai"
        if !national {
            if let Some(code) = place_mentions
                .iter()
                .filter(|m| ts.start <= m.span.start && m.span.end <= ts.end)
                .find_map(|m| m.adcode.clone())
            {
                set_body(p, gaz, kind, Some(&code));
                continue;
            }
        }
        if national {
            continue;
        }
        // the most frequent organization of that kind and level in the article
        let mut tally: Vec<(&OrgMention, usize)> = Vec::new();
        for o in orgs.iter().filter(|o| o.adcode.is_some() && same_org_kind(kind, o.kind)) {
            if level.is_some_and(|l| o.level.as_deref() != Some(l.as_str())) {
                continue;
            }
            match tally.iter_mut().find(|(t, _)| t.adcode == o.adcode) {
                Some(t) => t.1 += 1,
                None => tally.push((o, 1)),
            }
        }
        let best = tally.iter().map(|t| t.1).max();
        if let Some(o) = tally.iter().find(|t| Some(t.1) == best).map(|t| t.0) {
            set_body(p, gaz, kind, o.adcode.as_deref());
            continue;
        }
        let Some(level) = level else { continue };
        // the division of that level shared by most places of the article
        let mut counts: Vec<(String, usize)> = Vec::new();
        for pl in places {
            let Some(d) = pl.adcode.as_deref().and_then(|c| gaz.get(c)) else {
                continue;
            };
            for c in gaz.lineage(d) {
                if gaz.get(c).is_some_and(|a| a.level == level) {
                    match counts.iter_mut().find(|(k, _)| k == c) {
                        Some(x) => x.1 += 1,
                        None => counts.push((c.to_string(), 1)),
                    }
                }
            }
        }
        let best = counts.iter().map(|c| c.1).max();
        let top: Vec<&(String, usize)> = counts.iter().filter(|c| Some(c.1) == best).collect();
        if top.len() == 1 {
            set_body(p, gaz, kind, Some(&top[0].0.clone()));
        }
    }
}

fn set_body(p: &mut PersonMention, gaz: &Gazetteer, kind: OrgKind, code: Option<&str>) {
    if let Some(d) = code.and_then(|c| gaz.get(c)) {
        p.body = Some(orgs::canonical(kind, &d.name, orgs::level_word(d.level, &d.suffix_en, kind)));
        p.body_adcode = Some(d.adcode.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Extracted;

    fn norm_for(raw: &str, body: &str) -> Normalized {
        let start = raw.find(body).unwrap();
        Normalized {
            body: body.to_string(),
            body_spans: vec![Span::new(start, start + body.len())],
            ..Default::default()
        }
    }

    #[test]
    fn reads_only_body_and_title() {
        let raw =
            "Home > Hengyang > News\nCity leaders meet in Jiaxing\nGao Linghui visited Nanhu District.\nEditor: Li Yan";
        let mut norm = norm_for(raw, "Gao Linghui visited Nanhu District.");
        let t = raw.find("City leaders").unwrap();
        let title = "City leaders meet in Jiaxing";
        norm.title = Some(Extracted::new(title.to_string(), Span::new(t, t + title.len())));
        let e = extract(raw, &norm, Gazetteer::embedded());
        let names: Vec<&str> = e.persons.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Gao Linghui"]);
        let places: Vec<&str> = e.places.iter().map(|p| p.name.as_str()).collect();
        assert!(places.contains(&"Jiaxing") && places.contains(&"Nanhu"), "{places:?}");
        assert!(!places.contains(&"Hengyang"));
        for p in &e.places {
            assert_eq!(&raw[p.span.start..p.span.end], p.name);
        }
    }

    #[test]
    fn bodies_resolve_to_canonical_orgs() {
        let raw = "Gong Zheng, mayor of Shanghai, met Chen Hui, Party secretary of Shanghai.";
        let e = extract(raw, &norm_for(raw, raw), Gazetteer::embedded());
        let bodies: Vec<(Option<&str>, Option<&str>)> =
            e.persons.iter().map(|p| (p.body.as_deref(), p.body_adcode.as_deref())).collect();
        assert_eq!(
            bodies,
            [
                (Some("Shanghai Municipal People's Government"), Some("310000")),
                (Some("CPC Shanghai Municipal Committee"), Some("310000"))
            ]
        );
    }

    #[test]
    fn no_body_means_no_menu_entities() {
        let raw = "Home > Hengyang > Zhang Wei";
        assert_eq!(extract(raw, &Normalized::default(), Gazetteer::embedded()), Entities::default());
    }

    /// Generated articles that once panicked: a curly apostrophe less than 30 bytes
    /// before a place, in a sentence with an event trigger.
    #[test]
    fn curly_apostrophes_before_places_in_event_sentences() {
        let g = Gazetteer::embedded();
        for body in [
            "On the morning of August 15, Wu Yiquan, chairman of the Nanning CPPCC, went to the members’ home of Nanqiao, a town of Nanning, for a field visit.",
            "On June 21, the Party Building Work Conference of the Xing’an CPPCC System was held in Ulanhot.",
            "The delegation held a symposium. They visited Hui’an County, Nan’an City and Quanzhou.",
        ] {
            let e = extract(body, &norm_for(body, body), g);
            for p in &e.places {
                assert_eq!(&body[p.span.start..p.span.end], p.name);
            }
            assert!(!e.events.is_empty(), "no event in {body:?}");
        }
    }

    #[test]
    fn empty_and_odd_input() {
        let g = Gazetteer::embedded();
        for raw in ["", " ", "\u{a0}", "闫路平", "’s", "A", "Zhang", "Xi'"] {
            let e = extract(raw, &crate::normalize(raw), g);
            assert!(e.persons.len() <= 1);
        }
    }
}
