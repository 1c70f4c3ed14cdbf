//! Consultation and liaison platforms (GLOSSARY.md §1) and the counts stated with them.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::text::{Kind, Region, Tok};
use super::{CountFact, PlatformMention};
use crate::model::Span;
use crate::rule_file;
use crate::text::fold_ws;

/// A platform head (`data/rules/platform_heads.tsv`): token sequence (lower case, plural
/// accepted on the last word), concept, Chinese term, whether the head is specific enough
/// to stand without a qualifier.
struct Head {
    words: Vec<&'static str>,
    concept: &'static str,
    zh: &'static str,
    alone: bool,
}

struct Vocabulary {
    heads: Vec<Head>,
    /// The first words of the heads: only a token that is one (or its plural) starts a head.
    first_words: FxHashSet<&'static str>,
    /// Words that may qualify a platform head (before it).
    qualifiers: FxHashSet<&'static str>,
}

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    let heads: Vec<Head> = rule_file!("platform_heads")
        .rules
        .iter()
        .map(|r| Head {
            words: r.pattern().split(' ').collect(),
            concept: r.field(1).unwrap_or_default(),
            zh: r.field(2).unwrap_or_default(),
            alone: r.field(3) == Some("alone"),
        })
        .collect();
    let first_words = heads.iter().filter_map(|h| h.words.first().copied()).collect();
    Vocabulary { heads, first_words, qualifiers: rule_file!("platform_qualifiers").patterns().collect() }
});

/// Heads that need a particular qualifier to be a platform.
fn head_ok(head: &[&str], quals: &[String]) -> bool {
    let has = |w: &str| quals.iter().any(|q| q == w);
    match head {
        ["forum"] => has("livelihood"),
        ["council"] => has("consultation") || has("deliberation") || has("villagers") || has("residents"),
        ["home"] | ["house"] => has("deputies") || has("congress") || has("members") || has("deputy"),
        ["consultation", "meeting"] => has("democratic"),
        ["workshop"] => false,
        ["practice", "site"] => quals.len() >= 2,
        ["observation", "room"] => has("livelihood"),
        ["studio"] | ["workstation"] | ["work", "station"] | ["living", "room"] => {
            has("committee")
                || has("member")
                || has("members")
                || has("cppcc")
                || has("deputies")
                || quals.iter().any(|q| q.starts_with(char::is_uppercase))
        }
        ["station"] => has("deputies") || has("representatives"),
        ["room"] | ["hall"] => has("consultation") || has("deliberation") || has("livelihood") || has("consultative"),
        ["reception", "day"] => has("member") || has("committee"),
        _ => true,
    }
}

fn word_is(t: &Tok, w: &str, last: bool) -> bool {
    if !t.is_word() {
        return false;
    }
    let l = t.lower();
    l == w
        || (last
            && (l.strip_suffix('s') == Some(w) || (w.ends_with('y') && l.strip_suffix("ies") == w.strip_suffix('y'))))
}

fn number_value(t: &Tok) -> Option<u64> {
    if t.kind == Kind::Num {
        return t.text.replace(',', "").parse().ok();
    }
    if !(3..=6).contains(&t.text.len()) {
        return None;
    }
    // (`lower` is the token lower-cased; none of these words has a letter that a
    // non-ASCII one lower-cases onto)
    let n = match t.lower() {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        _ => return None,
    };
    Some(n)
}

struct Hit {
    concept: &'static str,
    zh: &'static str,
    quals: usize,
    text: String,
    span: Span,
}

pub(crate) fn extract(raw: &str, regions: &[Region]) -> (Vec<PlatformMention>, Vec<CountFact>) {
    let v = &*VOCABULARY;
    let mut hits: Vec<Hit> = Vec::new();
    let mut counts: Vec<CountFact> = Vec::new();
    for region in regions {
        let toks = &region.toks;
        let mut i = 0;
        while i < toks.len() {
            // "Committee Meeting" in quotes: 委员会客 mis-segmented (GLOSSARY.md)
            if toks[i].is_punct("\"“")
                && toks.get(i + 1).is_some_and(|t| t.text == "Committee")
                && toks.get(i + 2).is_some_and(|t| t.text == "Meeting")
                && toks.get(i + 3).is_some_and(|t| t.is_punct("\"”"))
            {
                let span = Span::new(toks[i + 1].start, toks[i + 2].end);
                hits.push(Hit {
                    concept: "platform.committee_living_room",
                    zh: "委员会客厅",
                    quals: 1,
                    text: raw[span.start..span.end].to_string(),
                    span,
                });
                i += 4;
                continue;
            }
            let mut matched = None;
            // Only a word whose lower case is a head's first word (or its plural) can start one.
            let first = toks[i].is_word() && {
                let l = toks[i].lower();
                v.first_words.contains(l) || l.strip_suffix('s').is_some_and(|x| v.first_words.contains(x))
            };
            for h in v.heads.iter().filter(|_| first) {
                let n = h.words.len();
                if i + n > toks.len() {
                    continue;
                }
                if (0..n).all(|k| word_is(&toks[i + k], h.words[k], k == n - 1)) {
                    matched = Some((h.words.as_slice(), h.concept, h.zh, h.alone, n));
                    break;
                }
            }
            let Some((head, concept, zh, alone, n)) = matched else {
                i += 1;
                continue;
            };
            // qualifiers before the head
            let mut s = i;
            let mut quals: Vec<String> = Vec::new();
            let cap_run = toks[i].is_cap();
            while s > 0 {
                let t = &toks[s - 1];
                if toks[s].nl_before {
                    break;
                }
                let ok = t.kind == Kind::Poss
                    || (t.is_punct("'’") && s >= 2 && toks[s - 2].text.ends_with('s'))
                    || (t.is_word() && v.qualifiers.contains(t.lower()))
                    || (t.is_word() && cap_run && (t.is_cap() || t.is_upper()) && !t.is("The"));
                if !ok {
                    break;
                }
                if t.is_word() {
                    quals.push(t.lower().to_string());
                    if t.is_cap() {
                        quals.push(t.text.to_string());
                    }
                }
                s -= 1;
            }
            // trim leading connectors
            while s < i
                && (toks[s].is("and")
                    || toks[s].kind == Kind::Poss
                    || toks[s].kind == Kind::Punct
                    || toks[s].is("sector"))
            {
                s += 1;
            }
            let mut e = i + n;
            // post-modifier: "of people’s congress deputies", "for local people's congress deputies"
            if toks.get(e).is_some_and(|t| t.is("of") || t.is("for")) {
                let mut x = e + 1;
                let mut post = Vec::new();
                while x < toks.len() && x < e + 7 {
                    let t = &toks[x];
                    if t.kind == Kind::Poss || t.is_punct("'’") {
                        x += 1;
                        continue;
                    }
                    if t.is_word()
                        && matches!(
                            t.lower(),
                            "people"
                                | "congress"
                                | "deputies"
                                | "deputy"
                                | "local"
                                | "cppcc"
                                | "members"
                                | "committee"
                                | "representatives"
                                | "npc"
                        )
                    {
                        post.push(t.lower());
                        x += 1;
                        continue;
                    }
                    break;
                }
                if post.last().is_some_and(|w| matches!(*w, "deputies" | "members" | "representatives")) {
                    quals.extend(post.into_iter().map(str::to_string));
                    e = x;
                }
            }
            // "workshop of CPPCC members"
            if head == ["workshop"] && e > i + 1 {
                quals.push("members".into());
            }
            let q = if head == ["workshop"] {
                if e > i + 1 {
                    1
                } else {
                    0
                }
            } else {
                quals.len()
            };
            if head == ["workshop"] && q == 0 {
                i += 1;
                continue;
            }
            // 民生议事堂: "people's livelihood (deliberation) hall"
            let (concept, zh) = if head == ["hall"] && quals.iter().any(|q| q == "livelihood") {
                ("platform.livelihood_hall", "民生议事堂")
            } else {
                (concept, zh)
            };
            let qualifies = (alone || q > 0) && (head_ok(head, &quals) || head == ["workshop"] && q > 0);
            let span = Span::new(toks[s].start, toks[e - 1].end);
            let text = fold_ws(&raw[span.start..span.end]);
            // a count stated with it: "9 living rooms for provincial CPPCC committees"
            if let Some(v) = s.checked_sub(1).and_then(|j| number_value(&toks[j])) {
                let mut ce = e;
                if toks.get(e).is_some_and(|t| t.is("for") || t.is("in")) {
                    let mut x = e + 1;
                    while x < toks.len() && x < e + 6 && toks[x].is_word() && !toks[x].is("and") {
                        x += 1;
                        if toks[x - 1].lower().ends_with("committees") || toks[x - 1].lower().ends_with("towns") {
                            ce = x;
                            break;
                        }
                    }
                }
                let cspan = Span::new(toks[s - 1].start, toks[ce - 1].end);
                counts.push(CountFact {
                    value: v,
                    what: concept.to_string(),
                    text: raw[cspan.start..cspan.end].to_string(),
                    span: cspan,
                });
            }
            if qualifies {
                hits.push(Hit { concept, zh, quals: q, text, span });
            }
            i = e;
        }
        // other counts: "158 members settled in", "805 deputies", "17 towns"
        for (j, t) in toks.iter().enumerate() {
            // (these counts are written in digits)
            if t.kind != Kind::Num {
                continue;
            }
            let Some(v) = number_value(t) else { continue };
            let Some(w) = toks.get(j + 1).filter(|w| w.is_word()) else {
                continue;
            };
            let what = w.lower();
            if matches!(
                what,
                "members" | "deputies" | "delegates" | "representatives" | "towns" | "villages" | "committee" | "cppcc"
            ) {
                let (what, end) = if what == "cppcc" || what == "committee" {
                    continue;
                } else {
                    let mut end = j + 2;
                    if toks.get(end).is_some_and(|t| t.is("settled")) && toks.get(end + 1).is_some_and(|t| t.is("in")) {
                        end += 2;
                    }
                    (what, end)
                };
                let span = Span::new(t.start, toks[end - 1].end);
                if !counts.iter().any(|c| c.span.start <= span.start && span.end <= c.span.end) {
                    counts.push(CountFact {
                        value: v,
                        what: what.to_string(),
                        text: raw[span.start..span.end].to_string(),
                        span,
                    });
                }
            }
        }
    }
    // distinct phrases; a bare head is dropped when a qualified phrase of the concept exists
    let fold = |s: &str| {
        let mut k = s.to_lowercase().replace(['’', '‘'], "'");
        if k.ends_with('s') && !k.ends_with("ss") {
            k.pop();
        }
        fold_ws(&k)
    };
    let mut out: Vec<PlatformMention> = Vec::new();
    for h in &hits {
        let bare = h.quals == 0;
        if bare && hits.iter().any(|o| o.concept == h.concept && o.quals > 0) {
            continue;
        }
        let k = fold(&h.text);
        if out.iter().any(|o| fold(&o.text) == k) {
            continue;
        }
        out.push(PlatformMention {
            concept: h.concept.to_string(),
            zh: h.zh.to_string(),
            text: h.text.clone(),
            span: h.span,
        });
    }
    // "CPPCC committee’s living room" is the same phrase as "committee’s living room"
    let keys: Vec<String> = out.iter().map(|o| fold(&o.text)).collect();
    out.retain(|o| {
        let k = fold(&o.text);
        !["cppcc ", "npc ", "the "].iter().any(|p| k.strip_prefix(p).is_some_and(|rest| keys.iter().any(|x| x == rest)))
    });
    counts.sort_by_key(|c| c.span);
    (out, counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(raw: &str) -> (Vec<PlatformMention>, Vec<CountFact>) {
        extract(raw, &[Region::new(raw, Span::new(0, raw.len()))])
    }

    #[test]
    fn every_head_finds_its_platform() {
        for r in &rule_file!("platform_heads").rules {
            let (p, _) = run(r.example());
            assert!(
                p.iter().any(|p| Some(p.concept.as_str()) == r.field(1)),
                "{}: {:?} gave {p:?}",
                r.pattern(),
                r.example()
            );
        }
    }

    #[test]
    fn every_qualifier_stays_in_the_platform_phrase() {
        for r in &rule_file!("platform_qualifiers").rules {
            let (p, _) = run(r.example());
            let words = |t: &str| {
                t.to_lowercase()
                    .split(|c: char| !(c.is_alphanumeric() || c == '-'))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            };
            assert!(
                p.iter().any(|p| words(&p.text).iter().any(|w| w == r.pattern())),
                "{}: {:?} gave {p:?}",
                r.pattern(),
                r.example()
            );
        }
    }

    #[test]
    fn variants_map_to_concepts() {
        let (p, _) = run("The committee’s living room opened. Deputies met at the liaison station of people’s congress deputies; the liaison station helps. The Liu Rong Studio and the \"Committee Meeting\" too.");
        let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "committee’s living room",
                "liaison station of people’s congress deputies",
                "Liu Rong Studio",
                "Committee Meeting"
            ]
        );
        assert_eq!(p[0].concept, "platform.committee_living_room");
        assert_eq!(p[0].zh, "委员会客厅");
        assert_eq!(p[1].concept, "platform.deputy_liaison_station");
        assert_eq!(p[2].concept, "platform.member_studio");
    }

    #[test]
    fn plurals_fold_and_bare_words_do_not_count() {
        let (p, _) = run("Two legislative outreach offices; the legislative outreach office. This studio is nice. Their living room is big.");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].text, "legislative outreach offices");
    }

    #[test]
    fn counts_with_platforms() {
        let (_, c) = run("There are 9 living rooms for provincial CPPCC committees and 5 living rooms for municipal CPPCC committees, with 158 members settled in.");
        let got: Vec<(u64, &str, &str)> = c.iter().map(|c| (c.value, c.what.as_str(), c.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (9, "platform.committee_living_room", "9 living rooms for provincial CPPCC committees"),
                (5, "platform.committee_living_room", "5 living rooms for municipal CPPCC committees"),
                (158, "members", "158 members settled in")
            ]
        );
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn rooms_and_halls_need_a_consultation_qualifier() {
        let raw = "A consultation and deliberation room and a democratic consultation hall opened; the dining hall and a meeting room did not.";
        let (p, _) = extract(raw, &[Region::new(raw, Span::new(0, raw.len()))]);
        let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["consultation and deliberation room", "democratic consultation hall"]);
        assert!(p.iter().all(|p| p.concept == "platform.consultation_room"));
    }
}
