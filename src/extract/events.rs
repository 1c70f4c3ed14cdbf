//! Events: meetings and activities reported in an article (GLOSSARY section 4), with the
//! date resolved against the publication date, the places, the organizing body and the
//! people who presided, spoke, attended or led. Pure: no I/O.
//!
//! Detection is sentence-scoped and conservative. A sentence names an event when it
//! contains a trigger phrase of a known type ("work promotion meeting", "symposium",
//! "field visits") *and* a cue that something took place (held, convened, attended,
//! presided, took part, visited, "at a" / "during the" ...). A later sentence adds to the
//! last event when it refers back to it ("The meeting was attended by ..."), continues
//! its paragraph with people's roles ("X spoke", "Y participated"), or continues a visit
//! ("They visited A, B and C"). Repeated mentions of one type in an article are merged
//! into one event unless their dates differ.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use regex::Regex;
use serde::{Deserialize, Serialize};

use super::keywords::{Hits, Key};
use super::{OrgMention, PersonMention, PlaceMention};
use crate::model::{EventDate, Normalized, PartialDate, Span};
use crate::rule_file;
use crate::text::fold_ws;

/// Role of a person in an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Presided over, chaired or hosted.
    Presided,
    /// Delivered a speech, spoke, made remarks or an exchange speech.
    Spoke,
    /// Attended, was present, participated, took part.
    Attended,
    /// Led a team or delegation.
    Led,
}

impl Role {
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Presided => "presided",
            Role::Spoke => "spoke",
            Role::Attended => "attended",
            Role::Led => "led",
        }
    }
}

/// When an event took place, with the span of the phrase that says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventWhen {
    /// The date phrase as printed ("Yesterday", "from August 9th to 12th").
    pub text: String,
    pub span: Span,
    pub from: PartialDate,
    /// The last day of a range, else `None`.
    pub to: Option<PartialDate>,
}

/// A place where an event took place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPlace {
    pub name: String,
    pub adcode: Option<String>,
    pub span: Span,
}

/// The body that held or organized an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventOrganizer {
    /// Canonical organization name (as in [`OrgMention::canonical`]).
    pub canonical: String,
    pub text: String,
    pub span: Span,
}

/// A person taking part in an event, linked to a [`PersonMention`] by `name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// The person's name as in [`PersonMention::name`].
    pub name: String,
    pub role: Role,
    /// The mention in the sentence that gives the role.
    pub span: Span,
    /// True when the text does not state the role but it is read off other roles: see
    /// [`infer_presiding`].
    #[serde(default)]
    pub inferred: bool,
}

/// A meeting or activity reported in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Glossary key: `event.work_promotion_meeting`.
    pub event_type: String,
    /// The phrase as printed at its first mention ("living room work promotion meeting").
    pub text: String,
    pub span: Span,
    pub date: Option<EventWhen>,
    /// Places in the order named; the first is the primary place.
    pub places: Vec<EventPlace>,
    pub organizer: Option<EventOrganizer>,
    pub participants: Vec<Participant>,
}

/// An event type and its trigger patterns (`data/rules/event_triggers.tsv`): English ones
/// (matched as whole words ignoring case) and Chinese ones (with a Han character, matched
/// anywhere), in file order.
struct TriggerType {
    key: &'static str,
    en: Vec<&'static str>,
    zh: Vec<&'static str>,
}

/// The event types of the trigger file, most specific first.
fn trigger_types() -> Vec<TriggerType> {
    let mut types: Vec<TriggerType> = Vec::new();
    for r in rule_file!("event_triggers").rules {
        let key = r.field(1).unwrap_or_default();
        let i = match types.iter().position(|t| t.key == key) {
            Some(i) => i,
            None => {
                types.push(TriggerType { key, en: Vec::new(), zh: Vec::new() });
                types.len() - 1
            }
        };
        if !r.pattern().chars().any(crate::text::is_han) {
            types[i].en.push(r.pattern());
        } else {
            types[i].zh.push(r.pattern());
        }
    }
    types
}

/// Event types that are visits rather than meetings: "the meeting" does not refer to them.
const VISITS: &[&str] = &["event.research", "event.inspection"];

struct Patterns {
    trigger: Regex,
    types: Vec<(&'static str, Regex)>,
    cue: Regex,
    title_cue: Regex,
    zh_cue: Regex,
    anaphor: Regex,
    roles: Regex,
    movement: Regex,
    locative: Regex,
    list_gap: Regex,
    org_before_verb: Regex,
    org_after_by: Regex,
    nth: Regex,
}

/// Patterns of the keyword pass ([`super::keywords`]), written without `(?i)`: "the
/// meeting", "this visit".
const ANAPHOR: &str = r"(?-u:\b)(?:the|this|that)\s+(meeting|conference|session|symposium|forum|seminar|ceremony|event|activity|visit|tour|inspection|trip)(?-u:\b)";
/// Role verbs: "was presided over by", "delivered a speech", "took part".
const ROLES: &str = r"(?-u:\b)(?:((?:was|were)\s+(?:presided\s+over|chaired|hosted)\s+by)|((?:was|were)\s+(?:attended|joined)\s+by)|((?:was|were)\s+addressed\s+by)|(led\s+by)|(presided\s+over|presided|chaired|hosted)|(delivered\s+(?:a\s+|an\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:speech|remarks|address|report)|spoke|made\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:speech|remarks|statement)|gave\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:speech|talk|report))|(attend|attended|participated|took\s+part|(?:was|were)\s+present)|(led\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:team|delegation|group)))(?-u:\b)";
/// Verbs of moving on to a place: "visited", "went to".
const MOVEMENT: &str =
    r"(?-u:\b)(?:visited|toured|went\s+to|travell?ed\s+to|arrived\s+in|inspected|stopped\s+at)(?-u:\b)";

/// The trigger pattern: English alternatives word-bounded, Chinese ones anywhere (without
/// `(?i)`, see [`ANAPHOR`]).
fn trigger_pattern() -> String {
    let types = trigger_types();
    let en: Vec<String> = types.iter().map(|t| format!("(?:{})", t.en.join("|"))).collect();
    let zh: Vec<&str> = types.iter().flat_map(|t| t.zh.iter().copied()).collect();
    format!(r"(?-u:\b)(?:{})(?-u:\b)|{}", en.join("|"), zh.join("|"))
}

/// The patterns events runs only where the keyword pass found one of their keywords.
pub(crate) fn keyword_patterns() -> Vec<(Key, String)> {
    vec![
        (Key::EVENT_TRIGGER, trigger_pattern()),
        (Key::EVENT_ANAPHOR, ANAPHOR.to_string()),
        (Key::EVENT_MOVEMENT, MOVEMENT.to_string()),
        (Key::EVENT_ROLES, ROLES.to_string()),
    ]
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let types = trigger_types();
    let re = |p: &str| Regex::new(p).expect("event pattern");
    Patterns {
        trigger: re(&format!("(?i){}", trigger_pattern())),
        types: types
            .iter()
            .map(|t| {
                (t.key, re(&format!(r"(?i)^(?:{})$", t.en.iter().chain(&t.zh).copied().collect::<Vec<_>>().join("|"))))
            })
            .collect(),
        cue: re(
            r"(?i)(?-u:\b)(?:held|convened|took\s+place|opened|kicked\s+off|hosted|organi[sz]ed|presided|chaired|attend|attended|went\s+to|participated|took\s+part|delivered|spoke|addressed|led|conducted|carried\s+out|visited|inspected|inaugurated|unveiled|launched|during|at\s+(?:a|an|the|this))(?-u:\b)|召开|举行|举办|主持|出席|参加|讲话|开展",
        ),
        title_cue: re(
            r"(?i)(?-u:\b)(?:holds?|convenes?|hosts?|opens?|kicks?\s+off|attends?|visits?|inspects?|launch(?:es)?)(?-u:\b)",
        ),
        zh_cue: re(r"召开|举行|举办|主持|出席|参加|讲话|开展"),
        anaphor: re(&format!("(?i){ANAPHOR}")),
        roles: re(&format!("(?i){ROLES}")),
        movement: re(&format!("(?i){MOVEMENT}")),
        locative: re(r"(?i)(?-u:\b)(?:in|at|to|across|visited|toured|inspected|into)\s+(?:the\s+)?$"),
        list_gap: re(
            r"(?i)^(?:\s+(?:city|cities|county|district|league|prefecture|province|banner|town|township|autonomous\s+region|region))?\s*(?:,\s*|\s+and\s+|,\s*and\s+)$",
        ),
        org_before_verb: re(
            r"(?i)^[^.,;!?]{0,25}?(?-u:\b)(?:held|hosted|organi[sz]ed|convened|sponsored|holds|hosts|convenes)(?-u:\b)",
        ),
        org_after_by: re(
            r"(?i)(?-u:\b)(?:held|hosted|organi[sz]ed|convened|sponsored|co-organi[sz]ed)\s+(?:jointly\s+)?by\s+(?:the\s+)?$",
        ),
        nth: re(r"(?i)(?-u:\b)on\s+the\s+(\d{1,2})(?:st|nd|rd|th)(?-u:\b)(?:\s+of\s+this\s+month)?"),
    }
});

/// Sentences of one region: ends at `.`, `!`, `?` (followed by space and a capital,
/// digit or quote), at CJK full stops, and at line breaks.
fn sentences(raw: &str, region: Span) -> Vec<Span> {
    let Some(text) = raw.get(region.start..region.end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = 0;
    // Bytes, not characters: every ending is ASCII or starts with the lead byte E3
    // (`。`) or EF (`！`, `？`), and neither kind of byte falls inside a character.
    for (i, &b) in text.as_bytes().iter().enumerate() {
        let end = match b {
            b'\n' | b'\r' => Some(i + 1),
            0xE3 | 0xEF => match text.get(i..).and_then(|r| r.chars().next()) {
                Some(c @ ('。' | '！' | '？')) => Some(i + c.len_utf8()),
                _ => None,
            },
            b'.' | b'!' | b'?' => {
                let rest = &text[i + 1..];
                let after = rest.trim_start_matches([' ', '\u{a0}', '"', '”', '’', ')']);
                let spaced = rest.len() > after.len() || rest.is_empty();
                let next = after.chars().next();
                // "Mr. Li", "No. 5": a short capitalised word before the point (its
                // letters are read backwards, no further than three bytes)
                let (mut word_len, mut first) = (0, None);
                for c in text[..i].chars().rev().take_while(|c| c.is_alphabetic()) {
                    word_len += c.len_utf8();
                    first = Some(c);
                    if word_len > 2 {
                        break;
                    }
                }
                let abbrev = word_len <= 2 && first.is_some_and(char::is_uppercase);
                let boundary = spaced
                    && !abbrev
                    && next.map_or(true, |n| {
                        n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '‘' | '(' | '\n')
                    });
                boundary.then_some(i + 1)
            }
            _ => None,
        };
        if let Some(e) = end {
            if text[start..e].trim().len() > 1 {
                out.push(Span::new(region.start + start, region.start + e));
            }
            start = e;
        }
    }
    if text[start..].trim().len() > 1 {
        out.push(Span::new(region.start + start, region.end));
    }
    out
}

fn inside(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// Words that end a noun phrase when extending a trigger to the left.
const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "and",
    "or",
    "in",
    "on",
    "at",
    "to",
    "by",
    "for",
    "with",
    "from",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "its",
    "their",
    "his",
    "her",
    "this",
    "that",
    "these",
    "those",
    "which",
    "who",
    "held",
    "attended",
    "hosted",
    "organized",
    "organised",
    "convened",
    "chaired",
    "during",
    "after",
    "before",
    "into",
    "as",
    "will",
    "has",
    "have",
    "had",
    "about",
    "yesterday",
    "today",
    "also",
    "then",
    "other",
    "took",
    "part",
    "carried",
    "out",
    "conducted",
    "participated",
    "visited",
    "made",
    "delivered",
    "several",
    "many",
    "some",
    "all",
    "two",
    "three",
    "strengthen",
    "improve",
    "promote",
    "deepen",
    "carry",
    "hold",
    "conduct",
    "organize",
    "attend",
    "through",
    "via",
    "under",
];

/// Extends a trigger leftwards over up to four modifier words of the same noun phrase
/// ("living room work promotion meeting"), stopping at determiners, verbs, possessives
/// and punctuation.
fn extend_left(raw: &str, sentence: Span, start: usize) -> usize {
    let mut out = start;
    let mut words = 0;
    let before = raw.get(sentence.start..start).unwrap_or("");
    let mut rest = before;
    while words < 4 {
        let trimmed = rest.trim_end_matches(' ');
        if trimmed.len() == rest.len() || trimmed.is_empty() {
            break; // no space before: punctuation or start of sentence
        }
        let wstart = trimmed
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '-')
            .last()
            .map_or(trimmed.len(), |(i, _)| i);
        let word = &trimmed[wstart..];
        let low = word.to_ascii_lowercase();
        let verbish =
            low.ends_with("ed") && !matches!(low.as_str(), "expanded" | "enlarged" | "themed" | "specialized");
        if word.is_empty() || STOP.contains(&low.as_str()) || verbish || !word.chars().any(char::is_alphabetic) {
            break;
        }
        // a word that follows a possessive or punctuation directly still counts; the
        // possessive itself ("committee’s") stops the phrase through the apostrophe test
        if trimmed[..wstart].ends_with(['’', '\'']) {
            break;
        }
        out = sentence.start + wstart;
        rest = &trimmed[..wstart];
        words += 1;
    }
    out
}

struct Ctx<'a> {
    raw: &'a str,
    persons: &'a [PersonMention],
    /// (span, index into persons) of every person mention, sorted.
    person_spans: Vec<(Span, usize)>,
    places: &'a [PlaceMention],
    orgs: &'a [OrgMention],
    /// Spans that places inside of are not event places: organization names, titles.
    excluded: Vec<Span>,
    dates: &'a [EventDate],
    published: Option<NaiveDate>,
    hits: &'a Hits,
}

impl Ctx<'_> {
    fn date_in(&self, s: Span, near: usize) -> Option<EventWhen> {
        let best = self
            .dates
            .iter()
            .filter(|d| inside(s, d.span) && d.start.is_some())
            .min_by_key(|d| d.span.start.abs_diff(near));
        if let Some(d) = best {
            return Some(EventWhen { text: d.text.clone(), span: d.span, from: d.start?, to: d.end });
        }
        // "on the 9th": the latest such day of the month on or before publication
        let p = self.published?;
        let text = self.raw.get(s.start..s.end)?;
        if !text.contains("the ") {
            return None;
        }
        let c = PATTERNS.nth.captures(text)?;
        let m = c.get(0)?;
        let day: u32 = c.get(1)?.as_str().parse().ok()?;
        let this = NaiveDate::from_ymd_opt(p.year(), p.month(), day);
        let date = match this {
            Some(d) if d <= p => d,
            _ => {
                let prev = p.with_day(1)? - Duration::days(1);
                NaiveDate::from_ymd_opt(prev.year(), prev.month(), day)?
            }
        };
        Some(EventWhen {
            text: m.as_str().to_string(),
            span: Span::new(s.start + m.start(), s.start + m.end()),
            from: PartialDate::day(date),
            to: None,
        })
    }

    /// Places where something happens in sentence `s`: after a locative preposition
    /// ("held in Hangzhou", "visited Xing’an League, Tongliao City and Chifeng City"),
    /// not inside an organization name or a person's title.
    fn places_in(&self, s: Span) -> Vec<EventPlace> {
        let mut out = Vec::new();
        let mut prev: Option<(Span, bool)> = None;
        for p in self.places.iter().filter(|p| inside(s, p.span)) {
            if self.excluded.iter().any(|x| inside(*x, p.span)) {
                prev = None;
                continue;
            }
            let gap_start = prev.map_or(s.start, |(sp, _)| sp.end);
            let gap = self.raw.get(gap_start..p.span.start).unwrap_or("");
            let tail = self.raw.get(s.start..p.span.start).unwrap_or("");
            let tail = last_bytes(tail, 30).trim_start_matches(|c: char| !c.is_ascii());
            let ok =
                PATTERNS.locative.is_match(tail) || (prev.is_some_and(|(_, q)| q) && PATTERNS.list_gap.is_match(gap));
            prev = Some((p.span, ok));
            if ok && !out.iter().any(|o: &EventPlace| o.adcode.is_some() && o.adcode == p.adcode) {
                out.push(EventPlace {
                    name: p.canonical.clone().unwrap_or_else(|| p.name.clone()),
                    adcode: p.adcode.clone(),
                    span: p.span,
                });
            }
        }
        out
    }

    /// The organization said to hold or organize the event in sentence `s`.
    fn organizer_in(&self, s: Span) -> Option<EventOrganizer> {
        self.orgs.iter().filter(|o| inside(s, o.span)).find_map(|o| {
            let after = self.raw.get(o.span.end..s.end)?;
            let before = self.raw.get(s.start..o.span.start)?;
            let ok = PATTERNS.org_before_verb.is_match(after) || PATTERNS.org_after_by.is_match(before);
            ok.then(|| EventOrganizer { canonical: o.canonical.clone(), text: o.text.clone(), span: o.span })
        })
    }

    /// People and their roles in sentence `s`: the subjects of active role verbs
    /// ("X attended the meeting and delivered a speech") and the agents of passive
    /// ones ("was attended by X").
    fn roles_in(&self, s: Span) -> Vec<Participant> {
        if !self.hits.has(Key::EVENT_ROLES, s) {
            return Vec::new();
        }
        let Some(text) = self.raw.get(s.start..s.end) else {
            return Vec::new();
        };
        let people: Vec<(Span, usize)> = self.person_spans.iter().filter(|(sp, _)| inside(s, *sp)).copied().collect();
        if people.is_empty() {
            return Vec::new();
        }
        let matches: Vec<(usize, usize, Role, bool)> = PATTERNS
            .roles
            .captures_iter(text)
            .filter_map(|c| {
                let m = c.get(0)?;
                let g = (1..=8).find(|&i| c.get(i).is_some())?;
                let (role, passive) = match g {
                    1 => (Role::Presided, true),
                    2 => (Role::Attended, true),
                    3 => (Role::Spoke, true),
                    4 => (Role::Led, true),
                    5 => (Role::Presided, false),
                    6 => (Role::Spoke, false),
                    7 => (Role::Attended, false),
                    _ => (Role::Led, false),
                };
                Some((s.start + m.start(), s.start + m.end(), role, passive))
            })
            .collect();
        let mut out: Vec<Participant> = Vec::new();
        let push = |out: &mut Vec<Participant>, (sp, i): (Span, usize), role: Role| {
            let name = &self.persons[i].name;
            if !out.iter().any(|p| &p.name == name && p.role == role) {
                out.push(Participant { name: name.clone(), role, span: sp, inferred: false });
            }
        };
        let mut prev_end = s.start;
        let mut prev_subjects: Vec<(Span, usize)> = Vec::new();
        for (k, &(ms, me, role, passive)) in matches.iter().enumerate() {
            if passive {
                let stop = matches.get(k + 1).map_or(s.end, |m| m.0);
                for p in people.iter().filter(|(sp, _)| sp.start >= me && sp.end <= stop) {
                    push(&mut out, *p, role);
                }
                prev_subjects.clear();
            } else {
                let subjects: Vec<(Span, usize)> =
                    people.iter().filter(|(sp, _)| sp.start >= prev_end && sp.end <= ms).copied().collect();
                let subjects = if subjects.is_empty() { prev_subjects.clone() } else { subjects };
                for p in &subjects {
                    push(&mut out, *p, role);
                }
                // "attended the symposium, such as X and Y": the listed people too
                let stop = matches.get(k + 1).map_or(s.end, |m| m.0);
                let rest = self.raw.get(me..stop).unwrap_or("");
                if let Some(at) = rest.find("such as ").or_else(|| rest.find("including ")) {
                    for p in people.iter().filter(|(sp, _)| sp.start >= me + at && sp.end <= stop) {
                        push(&mut out, *p, role);
                    }
                }
                prev_subjects = subjects;
            }
            prev_end = me;
        }
        out
    }
}

fn type_of(phrase: &str) -> Option<&'static str> {
    PATTERNS.types.iter().find(|(_, re)| re.is_match(phrase)).map(|(k, _)| *k)
}

fn merge_into(
    e: &mut Event,
    date: Option<EventWhen>,
    places: Vec<EventPlace>,
    org: Option<EventOrganizer>,
    who: Vec<Participant>,
) {
    if e.date.is_none() {
        e.date = date;
    }
    for p in places {
        if !e.places.iter().any(|q| q.adcode.is_some() && q.adcode == p.adcode || q.span == p.span) {
            e.places.push(p);
        }
    }
    if e.organizer.is_none() {
        e.organizer = org;
    }
    for w in who {
        if !e.participants.iter().any(|q| q.name == w.name && q.role == w.role) {
            e.participants.push(w);
        }
    }
}

/// Detects the events of one article. `regions` are the raw spans extraction reads
/// (dateline, body paragraphs, title); the entities give the people, places and
/// organizations already found, every mention with its span.
pub(crate) fn extract(
    raw: &str,
    regions: &[Span],
    norm: &Normalized,
    persons: &[PersonMention],
    place_mentions: &[PlaceMention],
    orgs: &[OrgMention],
    hits: &Hits,
) -> Vec<Event> {
    let title = norm.title.as_ref().map(|t| t.span);
    let dateline = norm.dateline.as_ref().map(|d| d.span);
    if !regions.iter().any(|r| Some(*r) != dateline && hits.has(Key::EVENT_TRIGGER, *r)) {
        return Vec::new();
    }
    let mut person_spans: Vec<(Span, usize)> =
        persons.iter().enumerate().flat_map(|(i, p)| p.mentions.iter().map(move |s| (*s, i))).collect();
    person_spans.sort();
    let mut excluded: Vec<Span> = orgs.iter().map(|o| o.span).collect();
    excluded.extend(persons.iter().filter_map(|p| p.title_span));
    let ctx = Ctx {
        raw,
        persons,
        person_spans,
        places: place_mentions,
        orgs,
        excluded,
        dates: &norm.event_dates,
        published: norm
            .published
            .as_ref()
            .filter(|p| p.value.precision == crate::model::Precision::Day)
            .map(|p| p.value.date),
        hits,
    };
    let mut events: Vec<Event> = Vec::new();
    let mut last: Option<usize> = None;
    for region in regions.iter().filter(|r| Some(**r) != dateline) {
        let is_title = Some(*region) == title;
        // role sentences continue the last event of the same paragraph only
        let mut last_here: Option<usize> = None;
        for s in sentences(raw, *region) {
            let Some(text) = raw.get(s.start..s.end) else { continue };
            let mut found_here = false;
            if hits.has(Key::EVENT_TRIGGER, s) {
                // What the sentence says, worked out once however many triggers it holds.
                let mut cue: Option<bool> = None;
                let mut facts: Option<(Vec<EventPlace>, Option<EventOrganizer>, Vec<Participant>)> = None;
                let triggers: Vec<(usize, usize)> =
                    PATTERNS.trigger.find_iter(text).map(|m| (s.start + m.start(), s.start + m.end())).collect();
                for (ts, te) in triggers {
                    let Some(kind) = raw.get(ts..te).and_then(type_of) else { continue };
                    // "discipline inspection" is the Party's disciplinary work, not a tour
                    let before = raw.get(s.start..ts).unwrap_or("").trim_end();
                    if ends_with_ci(before, "discipline") || ends_with_ci(before, "disciplinary") {
                        continue;
                    }
                    let date = ctx.date_in(s, ts);
                    let same = events.iter().rposition(|e| {
                        e.event_type == kind
                            && match (&e.date, &date) {
                                (Some(a), Some(b)) => a.from == b.from,
                                _ => true,
                            }
                    });
                    if same.is_none()
                        && !*cue.get_or_insert_with(|| {
                            PATTERNS.cue.is_match(text)
                                || (is_title && PATTERNS.title_cue.is_match(text))
                                || PATTERNS.zh_cue.is_match(text)
                        })
                    {
                        continue;
                    }
                    let (places, org, who) =
                        facts.get_or_insert_with(|| (ctx.places_in(s), ctx.organizer_in(s), ctx.roles_in(s))).clone();
                    let idx = match same {
                        Some(i) => {
                            merge_into(&mut events[i], date, places, org, who);
                            i
                        }
                        None => {
                            let start = extend_left(raw, s, ts);
                            let text = fold_ws(&raw[start..te]);
                            events.push(Event {
                                event_type: kind.to_string(),
                                text,
                                span: Span::new(start, te),
                                date,
                                places,
                                organizer: org,
                                participants: who,
                            });
                            events.len() - 1
                        }
                    };
                    last = Some(idx);
                    last_here = Some(idx);
                    found_here = true;
                }
            }
            if found_here {
                continue;
            }
            // a sentence that continues an event
            let anaphor = hits
                .has(Key::EVENT_ANAPHOR, s)
                .then(|| PATTERNS.anaphor.captures(text))
                .flatten()
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_ascii_lowercase());
            let target = match anaphor.as_deref() {
                Some(noun @ ("visit" | "tour" | "inspection" | "trip" | "activity" | "event")) => {
                    let visit = noun != "activity" && noun != "event";
                    events.iter().rposition(|e| !visit || VISITS.contains(&e.event_type.as_str()))
                }
                Some(_) => events.iter().rposition(|e| !VISITS.contains(&e.event_type.as_str())),
                None => None,
            };
            let moving = hits.has(Key::EVENT_MOVEMENT, s) && PATTERNS.movement.is_match(text);
            let (target, by_anaphor) = match target {
                Some(t) => (Some(t), true),
                None if moving => (last, false),
                None => (last_here, false),
            };
            let Some(t) = target else { continue };
            let who = ctx.roles_in(s);
            let places = if moving { ctx.places_in(s) } else { Vec::new() };
            let org = if by_anaphor { ctx.organizer_in(s) } else { None };
            let date = if by_anaphor || moving { ctx.date_in(s, s.start) } else { None };
            if who.is_empty() && places.is_empty() && org.is_none() && date.is_none() {
                continue;
            }
            merge_into(&mut events[t], date, places, org, who);
        }
    }
    for e in &mut events {
        infer_presiding(e);
    }
    events
}

/// A meeting whose report names nobody presiding, but names someone who attended it and
/// addressed it ("Ge Huijun attended the meeting and delivered a speech", 出席并讲话):
/// in official reporting that is how the leading official of the meeting is named, so the
/// first such person gets the role `presided`, marked `inferred`. A stated presider
/// ("presided over by", "chaired") always wins, and visits and tours get no presider.
fn infer_presiding(e: &mut Event) {
    if VISITS.contains(&e.event_type.as_str()) || e.participants.iter().any(|p| p.role == Role::Presided) {
        return;
    }
    let lead = e
        .participants
        .iter()
        .find(|p| p.role == Role::Attended && e.participants.iter().any(|q| q.name == p.name && q.role == Role::Spoke));
    if let Some(p) = lead {
        let p = Participant { name: p.name.clone(), role: Role::Presided, span: p.span, inferred: true };
        e.participants.push(p);
    }
}

/// Whether `s` ends with the ASCII word `suffix`, ignoring ASCII case.
fn ends_with_ci(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len() && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// The last `n` bytes of `s` or a little fewer: never cuts a character in two.
fn last_bytes(s: &str, n: usize) -> &str {
    let mut cut = s.len().saturating_sub(n);
    while !s.is_char_boundary(cut) {
        cut += 1;
    }
    &s[cut..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_full_stops_not_abbreviations() {
        let raw = "Mr. Li spoke. No. 5 Road was opened! Then 3 more.\n议事会召开。好";
        let got: Vec<&str> =
            sentences(raw, Span::new(0, raw.len())).iter().map(|s| raw[s.start..s.end].trim()).collect();
        assert_eq!(got, ["Mr. Li spoke.", "No. 5 Road was opened!", "Then 3 more.", "议事会召开。", "好"]);
        // Full-width marks, a carriage return, a capitalised word of three letters and one
        // of a non-ASCII letter before a point; other characters with the lead bytes E3/EF.
        let raw = "委员出席！会议呢？「好」\rHe met Ms. Wang. It is NPC. Yes. Then É. Li left．End";
        let got: Vec<&str> =
            sentences(raw, Span::new(0, raw.len())).iter().map(|s| raw[s.start..s.end].trim()).collect();
        assert_eq!(
            got,
            ["委员出席！", "会议呢？", "「好」", "He met Ms. Wang.", "It is NPC.", "Yes.", "Then É. Li left．End"]
        );
    }

    #[test]
    fn triggers_classify_most_specific_first() {
        assert_eq!(type_of("bi-weekly consultative forum"), Some("event.biweekly_forum"));
        assert_eq!(type_of("work experience exchange meeting"), Some("event.experience_exchange"));
        assert_eq!(type_of("meeting of the Standing Committee"), Some("event.standing_committee_meeting"));
        assert_eq!(type_of("symposium"), Some("event.symposium"));
        assert_eq!(type_of("field visits"), Some("event.research"));
        assert_eq!(type_of("living room"), None);
    }

    #[test]
    fn left_extension_stops_at_possessives_and_determiners() {
        let raw = "Yesterday, the provincial CPPCC committee’s living room work promotion meeting was held.";
        let at = raw.find("promotion").unwrap_or(0);
        let start = extend_left(raw, Span::new(0, raw.len()), at);
        assert_eq!(&raw[start..at], "living room work ");
        let raw = "On August 12, a work experience exchange meeting was held.";
        let at = raw.find("work").unwrap_or(0);
        assert_eq!(extend_left(raw, Span::new(0, raw.len()), at), at);
    }

    #[test]
    fn every_trigger_finds_an_event_of_its_type() {
        let gaz = crate::extract::Gazetteer::embedded();
        for r in &rule_file!("event_triggers").rules {
            let raw = r.example();
            assert!(
                Regex::new(&format!("(?i){}", r.pattern())).is_ok_and(|re| re.is_match(raw)),
                "{}: {raw:?}",
                r.pattern()
            );
            let norm = Normalized { body: raw.into(), body_spans: vec![Span::new(0, raw.len())], ..Default::default() };
            let got = crate::extract::extract(raw, &norm, gaz).events;
            assert!(
                got.iter().any(|e| Some(e.event_type.as_str()) == r.field(1)),
                "{}: {raw:?} gave {got:?}",
                r.pattern()
            );
        }
    }

    /// The keyword pass finds every trigger: each rule's example holds a keyword of the
    /// trigger pattern, upper-cased too, and a sentence without one holds none.
    #[test]
    fn keyword_pass_finds_every_trigger() {
        let k = super::super::keywords::Keywords::build(keyword_patterns());
        for r in &rule_file!("event_triggers").rules {
            for raw in [r.example().to_string(), r.example().to_uppercase()] {
                let hits = k.scan(&raw, &[Span::new(0, raw.len())]);
                assert!(hits.has(Key::EVENT_TRIGGER, Span::new(0, raw.len())), "{}: {raw:?}", r.pattern());
            }
        }
        let raw = "The living room opened to residents.";
        let hits = k.scan(raw, &[Span::new(0, raw.len())]);
        assert!(!hits.has(Key::EVENT_TRIGGER, Span::new(0, raw.len())));
    }
}
