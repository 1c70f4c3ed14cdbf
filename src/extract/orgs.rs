//! CPPCC committees, people's congresses, CPC committees and governments, normalized to
//! one canonical name per body.

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::{Gazetteer, Level};
use super::keywords::{Hits, Key};
use super::text::Region;
use super::{OrgKind, OrgMention, PlaceMention};
use crate::model::Span;
use crate::text::fold_ws;

const PLACE: &str = r"((?:[A-Z][A-Za-z0-9'’\-]*[ \t\u{a0}]+){1,3}?)";
const LVL: &str = r"(?:(Provincial|Municipal|City|city|municipal|provincial|County|county|District|district|Banner|League|Autonomous Region)[ \t\u{a0}]+)?";
const PP: &str =
    r"(?:CPPCC|Chinese People['’]s Political Consultative Conference|Political Consultative Conference|PPCC)";

struct Pattern {
    re: Regex,
    kind: OrgKind,
    national: bool,
}

/// The organization patterns, most specific first: (pattern, kind, national).
fn sources() -> Vec<(String, OrgKind, bool)> {
    vec![
        (format!(r"(?-u:\b)(?:CPPCC National Committee|National Committee of the {PP})"), OrgKind::Cppcc, true),
        (r"(?-u:\b)(?:CPC Central Committee|Central Committee of the Communist Party of China|Communist Party of China Central Committee)".into(), OrgKind::CpcCommittee, true),
        (r"(?-u:\b)(?:NPC Standing Committee|Standing Committee of the (?:National People['’]s Congress|NPC))".into(), OrgKind::CongressStandingCommittee, true),
        (r"(?-u:\b)National People['’]s Congress(?-u:\b)".into(), OrgKind::Congress, true),
        (format!(r"(?-u:\b)Standing Committee of (?:the )?(?:[A-Za-z0-9]+ )?{PLACE}{LVL}People['’]s Congress"), OrgKind::CongressStandingCommittee, false),
        (format!(r"(?-u:\b){PLACE}{LVL}People['’]s Congress(?: Standing Committee)?"), OrgKind::Congress, false),
        (format!(r"(?-u:\b)CPPCC\s+{PLACE}{LVL}[Cc]ommittee"), OrgKind::Cppcc, false),
        (format!(r"(?-u:\b){PLACE}{LVL}[Cc]ommittee of the {PP}"), OrgKind::Cppcc, false),
        (format!(r"(?-u:\b){PLACE}{LVL}{PP}"), OrgKind::Cppcc, false),
        (format!(r"(?-u:\b)CPC\s+{PLACE}{LVL}[Cc]ommittee"), OrgKind::CpcCommittee, false),
        (format!(r"(?-u:\b){PLACE}{LVL}(?:Party|party) [Cc]ommittee"), OrgKind::CpcCommittee, false),
        (format!(r"(?-u:\b){PLACE}{LVL}People['’]s Government"), OrgKind::Government, false),
    ]
}

/// The patterns orgs runs only where the keyword pass found one of their keywords.
pub(crate) fn keyword_patterns() -> Vec<(Key, String)> {
    sources().into_iter().enumerate().map(|(i, (p, _, _))| (Key::org(i), p)).collect()
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    sources()
        .into_iter()
        .map(|(re, kind, national)| Pattern { re: Regex::new(&re).expect("org pattern"), kind, national })
        .collect()
});
pub(crate) fn level_word(d_level: Level, suffix_en: &str, _kind: OrgKind) -> &'static str {
    match d_level {
        Level::Province if suffix_en == "Municipality" => "Municipal",
        Level::Province if suffix_en.contains("Autonomous Region") => "Autonomous Regional",
        Level::Province => "Provincial",
        Level::Prefecture if suffix_en == "League" => "League",
        Level::Prefecture if suffix_en.contains("Prefecture") => "Prefectural",
        Level::Prefecture => "Municipal",
        Level::County if suffix_en == "City" => "Municipal",
        Level::County if suffix_en == "District" => "District",
        Level::County if suffix_en == "Banner" => "Banner",
        Level::County => "County",
        _ => "Township",
    }
}

pub(crate) fn canonical(kind: OrgKind, name: &str, lw: &str) -> String {
    match kind {
        OrgKind::Cppcc => format!("CPPCC {name} {lw} Committee"),
        OrgKind::CppccStandingCommittee => {
            format!("Standing Committee of the CPPCC {name} {lw} Committee")
        }
        OrgKind::Congress => format!("{name} {lw} People's Congress"),
        OrgKind::CongressStandingCommittee => {
            format!("Standing Committee of the {name} {lw} People's Congress")
        }
        OrgKind::CpcCommittee => format!("CPC {name} {lw} Committee"),
        OrgKind::Government => format!("{name} {lw} People's Government"),
    }
}

pub(crate) fn national_name(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Cppcc | OrgKind::CppccStandingCommittee => "CPPCC National Committee",
        OrgKind::CpcCommittee => "CPC Central Committee",
        OrgKind::Congress => "National People's Congress",
        OrgKind::CongressStandingCommittee => "NPC Standing Committee",
        OrgKind::Government => "State Council",
    }
}

pub(crate) fn extract(
    raw: &str,
    regions: &[Region],
    gaz: &Gazetteer,
    places: &[PlaceMention],
    hits: &Hits,
) -> Vec<OrgMention> {
    let mut out: Vec<OrgMention> = Vec::new();
    for region in regions {
        let (Some(first), Some(last)) = (region.toks.first(), region.toks.last()) else {
            continue;
        };
        let base = first.start;
        let text = &raw[first.start..last.end];
        let mut taken: Vec<Span> = Vec::new();
        for (i, pat) in PATTERNS.iter().enumerate() {
            if !hits.has(Key::org(i), Span::new(first.start, last.end)) {
                continue;
            }
            for m in pat.re.find_iter(text) {
                let span = Span::new(base + m.start(), base + m.end());
                if taken.iter().any(|t| t.start < span.end && span.start < t.end) {
                    continue;
                }
                let printed = fold_ws(m.as_str());
                if pat.national {
                    taken.push(span);
                    out.push(OrgMention {
                        kind: pat.kind,
                        level: Some("national".into()),
                        adcode: None,
                        canonical: national_name(pat.kind).into(),
                        text: printed,
                        span,
                    });
                    continue;
                }
                // the place named inside the match (last one)
                let Some(place) =
                    places.iter().rfind(|p| span.start <= p.span.start && p.span.end <= span.end && p.adcode.is_some())
                else {
                    continue;
                };
                let Some(d) = place.adcode.as_deref().and_then(|c| gaz.get(c)) else {
                    continue;
                };
                let kind = if pat.kind == OrgKind::Cppcc && printed.to_lowercase().starts_with("standing committee") {
                    OrgKind::CppccStandingCommittee
                } else {
                    pat.kind
                };
                let lw = level_word(d.level, &d.suffix_en, kind);
                taken.push(span);
                out.push(OrgMention {
                    kind,
                    level: Some(d.level.as_str().into()),
                    adcode: Some(d.adcode.clone()),
                    canonical: canonical(kind, &d.name, lw),
                    text: printed,
                    span,
                });
            }
        }
    }
    out.sort_by_key(|o| o.span);
    out
}

#[cfg(test)]
mod tests {
    use super::super::{extract as extract_all, Gazetteer};
    use crate::model::{Normalized, Span};

    fn orgs(raw: &str) -> Vec<(String, Option<String>)> {
        let norm = Normalized { body: raw.into(), body_spans: vec![Span::new(0, raw.len())], ..Default::default() };
        extract_all(raw, &norm, Gazetteer::embedded()).orgs.into_iter().map(|o| (o.canonical, o.adcode)).collect()
    }

    #[test]
    fn canonical_names() {
        let got = orgs("Gao Linghui said the Jiaxing CPPCC acted quickly. Zhang Bing, secretary of the CPC Jiaxing Municipal Committee, spoke.");
        assert!(got.contains(&("CPPCC Jiaxing Municipal Committee".into(), Some("330400".into()))), "{got:?}");
        assert!(got.contains(&("CPC Jiaxing Municipal Committee".into(), Some("330400".into()))), "{got:?}");
        let got =
            orgs("the Shigu District Political Consultative Conference and the Hunan Provincial People's Congress");
        assert!(got.contains(&("CPPCC Shigu District Committee".into(), Some("430407".into()))), "{got:?}");
        assert!(got.contains(&("Hunan Provincial People's Congress".into(), Some("430000".into()))), "{got:?}");
        let got = orgs("He chairs the CPPCC National Committee.");
        assert_eq!(got, [("CPPCC National Committee".to_string(), None)]);
    }
}
