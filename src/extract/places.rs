//! Place mentions → gazetteer divisions, with homonyms resolved by the other places of
//! the article.

use std::collections::HashMap;

use super::gazetteer::{level_of_word, place_key, place_key_into, Division, Gazetteer, Level, LevelHint};
use super::pinyin;
use super::text::{Kind, Region, Tok};
use super::PlaceMention;
use crate::model::Span;
use crate::text::fold_ws;
use rustc_hash::FxHashMap;

/// Words in a capitalised name after a place that make it an institution, not a place.
const INSTITUTIONS: &[&str] = &[
    "university",
    "universities",
    "college",
    "school",
    "academy",
    "institute",
    "hospital",
    "hotel",
    "daily",
    "news",
    "newspaper",
    "times",
    "evening",
    "post",
    "broadcasting",
    "television",
    "tv",
    "radio",
    "media",
    "press",
    "company",
    "co",
    "corporation",
    "corp",
    "group",
    "bank",
    "ltd",
    "limited",
    "airport",
    "railway",
    "museum",
    "library",
    "stadium",
    "center",
    "centre",
    "club",
    "industrial",
    "park",
    "enterprise",
    "enterprises",
    "factory",
    "brand",
    "client",
    "restaurant",
    "mall",
    "market",
    "online",
    "net",
    "website",
];

/// Words right after a name that make it a feature, a street or a village.
const NON_ADMIN: &[&str] = &[
    "lake",
    "river",
    "mountain",
    "mountains",
    "bay",
    "sea",
    "island",
    "islands",
    "port",
    "village",
    "villages",
    "community",
    "road",
    "avenue",
    "lane",
    "bridge",
    "temple",
    "reservoir",
    "gate",
    "peninsula",
    "canal",
    "valley",
    "plain",
    "plateau",
    "desert",
    "forest",
    "cun",
    "hill",
    "hills",
];

/// Gazetteer names that are ordinary English words; matched only with a level word.
const ENGLISH_WORDS: &[&str] = &[
    "dean", "lean", "mile", "saga", "ali", "bama", "napo", "nima", "anda", "dali", "boli", "gaer", "guide", "xinhua",
    "along", "mango", "dove", "baby", "tiger", "lion", "eagle", "golden", "jade", "lasa",
];

/// Names excluded by GOLD.md (Taiwan) and by the extractor (China is not in the gazetteer).
const EXCLUDED_CODES: &[&str] = &["710000"];

/// A capitalised word that is not a sentence-initial function word.
fn cap_content(t: &Tok) -> bool {
    t.is_cap()
        && !matches!(
            t.lower(),
            "the"
                | "a"
                | "an"
                | "in"
                | "on"
                | "at"
                | "of"
                | "for"
                | "and"
                | "from"
                | "to"
                | "by"
                | "with"
                | "this"
                | "that"
                | "its"
                | "their"
                | "his"
                | "her"
                | "our"
                | "both"
        )
}

struct Found<'g> {
    name: String,
    span: Span,
    key: String,
    cands: Vec<&'g Division>,
    /// The level was stated by a level word next to the name.
    hinted: bool,
}

/// Whether a hintless name at `i` is an item of a village list: "the villages of
/// Yujiaba, Anxi and Cangnan".
fn in_village_list(toks: &[Tok], i: usize) -> bool {
    let mut k = i;
    let mut steps = 0;
    while k > 0 && steps < 14 {
        let t = &toks[k - 1];
        if t.is("of") || t.is("including") || t.is("as") {
            let mut j = k - 1;
            if t.is("as") && j > 0 && toks[j - 1].is("such") {
                j -= 1;
            }
            return j > 0
                && matches!(
                    toks[j - 1].lower(),
                    "village" | "villages" | "community" | "communities" | "hamlets" | "groups"
                );
        }
        if !(t.is_punct(",，、") || t.is("and") || (t.is_word() && (t.is_cap() || t.is_upper()))) {
            return false;
        }
        k -= 1;
        steps += 1;
    }
    false
}

fn hint_after(toks: &[Tok], e: usize) -> (Option<LevelHint>, usize) {
    let Some(t) = toks.get(e) else {
        return (None, e);
    };
    if t.is_word() {
        // two-word level phrases first
        if let Some(t2) = toks.get(e + 1).filter(|t| t.is_word()) {
            let two = format!("{} {}", t.text, t2.text);
            if let Some(h) = level_of_word(&two) {
                return (Some(h), e + 2);
            }
        }
        if let Some(h) = level_of_word(t.text) {
            return (Some(h), e + 1);
        }
        // ethnic qualifier(s) + Autonomous Region/Prefecture/County
        let mut x = e;
        while x < toks.len() && x < e + 4 && toks[x].is_word() && !toks[x].is("autonomous") {
            if !(toks[x].is_cap() || toks[x].is("and")) {
                return (None, e);
            }
            x += 1;
        }
        if toks.get(x).is_some_and(|t| t.is("autonomous")) {
            if let Some(t2) = toks.get(x + 1) {
                if let Some(h) = level_of_word(&format!("autonomous {}", t2.text)) {
                    return (Some(h), x + 2);
                }
            }
        }
        return (None, e);
    }
    // "Daqiao, a town of Nanhu District"
    if t.is_punct(",，") {
        if let (Some(d), Some(w)) = (toks.get(e + 1), toks.get(e + 2)) {
            if matches!(d.lower(), "a" | "an" | "the") && w.is_word() {
                if let Some(h) = level_of_word(w.text) {
                    if toks.get(e + 3).is_some_and(|t| t.is("of") || t.is("in")) {
                        return (Some(h), e);
                    }
                }
            }
        }
    }
    (None, e)
}

fn fits(h: LevelHint, d: &Division) -> bool {
    match h {
        LevelHint::Province => d.level == Level::Province,
        LevelHint::City => {
            matches!(d.level, Level::Prefecture | Level::Province)
                || (d.level == Level::County && d.suffix_en.contains("City"))
        }
        LevelHint::Prefecture => d.level == Level::Prefecture,
        LevelHint::County => d.level == Level::County,
        LevelHint::Township => d.level == Level::Township,
    }
}

fn inside(spans: &[Span], s: Span) -> bool {
    spans.iter().any(|p| p.start <= s.start && s.end <= p.end)
}

fn level_rank(l: Level) -> f64 {
    match l {
        Level::Province => 0.3,
        Level::Prefecture => 0.2,
        Level::County => 0.1,
        _ => 0.0,
    }
}

/// A division's lineage (its code and its ancestors' codes, nearest first) and the code
/// of its prefecture in that lineage, computed once per division of an article.
struct Lineage<'a> {
    codes: Vec<&'a str>,
    prefecture: Option<&'a str>,
}

/// The lineages of the divisions of an article, by code.
struct Lineages<'a> {
    gaz: &'a Gazetteer,
    by_code: FxHashMap<&'a str, Lineage<'a>>,
}

impl<'a> Lineages<'a> {
    fn add(&mut self, d: &'a Division) {
        let gaz = self.gaz;
        self.by_code.entry(d.adcode.as_str()).or_insert_with(|| {
            let codes = gaz.lineage(d);
            let prefecture = codes.iter().find(|c| gaz.get(c).is_some_and(|d| d.level == Level::Prefecture)).copied();
            Lineage { codes, prefecture }
        });
    }

    /// Relation strength of two divisions: nested 3, same prefecture 2, same province 1.
    fn relation(&mut self, a: &'a Division, b: &'a Division) -> f64 {
        if a.adcode == b.adcode {
            return 0.0;
        }
        // codes share their province (2 digits) and prefecture (4 digits) prefixes, except
        // where the gazetteer skips a level; quick rejection before walking parents
        if a.adcode.get(..2) != b.adcode.get(..2) {
            return 0.0;
        }
        self.add(a);
        self.add(b);
        let (Some(la), Some(lb)) = (self.by_code.get(a.adcode.as_str()), self.by_code.get(b.adcode.as_str())) else {
            return 0.0;
        };
        if la.codes.contains(&b.adcode.as_str()) || lb.codes.contains(&a.adcode.as_str()) {
            return 3.0;
        }
        if let (Some(pa), Some(pb)) = (la.prefecture, lb.prefecture) {
            if pa == pb {
                return 2.0;
            }
        }
        if la.codes.last() == lb.codes.last() {
            return 1.0;
        }
        0.0
    }
}

/// Returns the distinct places of the article and every resolved mention.
pub(crate) fn extract_all(
    raw: &str,
    regions: &[Region],
    gaz: &Gazetteer,
    person_spans: &[Span],
) -> (Vec<PlaceMention>, Vec<PlaceMention>) {
    let mut found: Vec<Found> = Vec::new();
    let mut unknown: Vec<PlaceMention> = Vec::new();
    let mut key_buf = String::new();
    for region in regions {
        let toks = &region.toks;
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            if !(t.is_word() && (t.is_cap() || t.is_upper())) || inside(person_spans, Span::new(t.start, t.end)) {
                i += 1;
                continue;
            }
            // No key has more words than the longest one starting with this token's first
            // word (with or without its apostrophes), and n tokens make at least n words.
            place_key_into(t.text, &mut key_buf);
            let first = key_buf.split(' ').next().unwrap_or("");
            let mut most = gaz.most_words_from(first);
            if first.contains('\'') {
                most = most.max(gaz.most_words_from(&first.replace('\'', "")));
            }
            let mut matched = None;
            for n in (1..=4.min(most)).rev() {
                if i + n > toks.len() || !toks[i..i + n].iter().all(|t| t.is_word()) {
                    continue;
                }
                if toks[i + 1..i + n].iter().any(|t| t.nl_before) {
                    continue;
                }
                let text = &raw[toks[i].start..toks[i + n - 1].end];
                place_key_into(text, &mut key_buf);
                let key = key_buf.as_str();
                // (without an apostrophe the bare key is the key itself)
                if gaz.has_key(key) || (key.contains('\'') && gaz.has_key(&key.replace('\'', ""))) {
                    matched = Some((n, key.to_string()));
                    break;
                }
            }
            let Some((n, key)) = matched else {
                // a pinyin name unknown to the gazetteer with a town-level word:
                // "Baining Town" (township, no code)
                if let Some(lw) = toks.get(i + 1) {
                    place_key_into(lw.text, &mut key_buf);
                    let town_word = matches!(key_buf.as_str(), "town" | "township" | "subdistrict" | "sub district");
                    if town_word
                        && t.is_cap()
                        && !t.is_upper()
                        && matches!(pinyin::segment(t.text, 4), Some(2..=4))
                        && !(i > 0 && cap_content(&toks[i - 1]) && !t.nl_before)
                    {
                        unknown.push(PlaceMention {
                            name: t.text.to_string(),
                            level: Level::Township,
                            adcode: None,
                            canonical: None,
                            span: Span::new(t.start, t.end),
                        });
                        i += 2;
                        continue;
                    }
                }
                i += 1;
                continue;
            };
            let e = i + n;
            let (hint, after) = hint_after(toks, e);
            // institution / feature checks
            let next_lower = toks.get(after).filter(|t| t.is_word()).map(|t| t.lower());
            let mut excluded = next_lower.is_some_and(|w| NON_ADMIN.contains(&w));
            let mut x = after;
            while !excluded && x < toks.len() && x < after + 6 {
                let t = &toks[x];
                if t.kind == Kind::Poss || t.is("and") || t.is("of") {
                    x += 1;
                    continue;
                }
                if !(t.is_word() && (t.is_cap() || t.is_upper())) {
                    break;
                }
                if INSTITUTIONS.contains(&t.lower()) {
                    excluded = true;
                }
                x += 1;
            }
            if i > 0 && (toks[i - 1].is("mount") || toks[i - 1].is("mt")) {
                excluded = true;
            }
            // a credit such as "(Xinhua/Zhang Ling)" or "(Xinhua)"
            if i > 0 && toks[i - 1].is_punct("(（") && toks.get(e).is_some_and(|t| t.is_punct("/)）")) {
                excluded = true;
            }
            if hint.is_none() && in_village_list(toks, i) {
                excluded = true;
            }
            // a hyphenated name (Wenzhou-Kean) is one token and never matches
            if excluded {
                i = e;
                continue;
            }
            let all: Vec<&Division> =
                gaz.lookup_key(&key).into_iter().filter(|d| !EXCLUDED_CODES.contains(&d.adcode.as_str())).collect();
            let cands: Vec<&Division> = match hint {
                Some(h) => {
                    let c: Vec<&Division> = all.iter().copied().filter(|d| fits(h, d)).collect();
                    // township names are unreviewed: no one-syllable names, and not the
                    // tail of a longer capitalised name ("Apple Yuan Street")
                    let weak_township = h == LevelHint::Township
                        && (pinyin::is_syllable(&key)
                            || (i > 0
                                && cap_content(&toks[i - 1])
                                && !toks[i].nl_before
                                && !gaz.has_key(&place_key(toks[i - 1].text))));
                    if weak_township {
                        Vec::new()
                    } else if c.is_empty() && h != LevelHint::Township {
                        all.iter().copied().filter(|d| d.reviewed).collect()
                    } else {
                        c
                    }
                }
                None => {
                    let single = pinyin::is_syllable(&key) || key.chars().filter(|c| c.is_alphabetic()).count() <= 2;
                    if single || ENGLISH_WORDS.contains(&key.as_str()) || (t.is_upper() && n == 1 && key.len() <= 4) {
                        Vec::new()
                    } else {
                        all.iter().copied().filter(|d| d.reviewed).collect()
                    }
                }
            };
            if !cands.is_empty() {
                let name = fold_ws(&raw[toks[i].start..toks[e - 1].end]);
                found.push(Found {
                    name,
                    span: Span::new(toks[i].start, toks[e - 1].end),
                    key,
                    cands,
                    hinted: hint.is_some(),
                });
            }
            i = e;
        }
    }
    let (mut out, mut all) = resolve(gaz, found);
    for u in unknown {
        let k = place_key(&u.name);
        if !out.iter().any(|p| place_key(&p.name) == k && p.level == Level::Township) {
            out.push(u.clone());
        }
        all.push(u);
    }
    out.sort_by_key(|p| p.span);
    (out, all)
}

/// The best reading of a mention: (division, score, context score), if any.
type Reading<'g> = Option<(&'g Division, f64, f64)>;

/// Records the mention `f` read as `best`.
fn push_mention(mentions: &mut Vec<PlaceMention>, f: &Found, best: Reading) {
    let Some((d, _, ctx)) = best else { return };
    let unique = f.cands.len() == 1;
    let same_level = f.cands.iter().all(|c| c.level == d.level);
    let known = unique || ctx > 0.0 || (d.level != Level::Township && !same_level);
    mentions.push(PlaceMention {
        name: f.name.clone(),
        level: d.level,
        adcode: known.then(|| d.adcode.clone()),
        canonical: Some(d.name.clone()),
        span: f.span,
    });
}

fn resolve(gaz: &Gazetteer, mut found: Vec<Found>) -> (Vec<PlaceMention>, Vec<PlaceMention>) {
    // one sense per article: a name whose level a level word stated elsewhere in the
    // article ("Hongqiao Subdistrict" … "in Hongqiao") keeps that reading
    let hinted: Vec<(String, Vec<&Division>)> =
        found.iter().filter(|f| f.hinted).map(|f| (f.key.clone(), f.cands.clone())).collect();
    for f in found.iter_mut().filter(|f| !f.hinted) {
        if let Some((_, c)) = hinted.iter().find(|(k, _)| *k == f.key) {
            f.cands = c.clone();
        }
    }
    let mut mentions: Vec<PlaceMention> = Vec::new();
    let mut lineages = Lineages { gaz, by_code: FxHashMap::default() };
    // The best reading depends only on the key and the candidates (the context skips
    // every mention of the same key), so repeated mentions reuse it.
    let mut memo: Vec<(&str, &[&Division], Reading)> = Vec::new();
    for f in found.iter() {
        let same =
            |c: &[&Division]| c.len() == f.cands.len() && c.iter().zip(&f.cands).all(|(a, b)| std::ptr::eq(*a, *b));
        if let Some(&(_, _, best)) = memo.iter().find(|(k, c, _)| *k == f.key && same(c)) {
            push_mention(&mut mentions, f, best);
            continue;
        }
        let mut best: Option<(&Division, f64, f64)> = None; // (division, total, context)
        for c in &f.cands {
            let mut ctx = 0.0;
            for g in found.iter() {
                if g.key == f.key {
                    continue;
                }
                let w = 1.0 / g.cands.len() as f64;
                let r = g.cands.iter().map(|d| lineages.relation(c, d)).fold(0.0, f64::max);
                ctx += w * r;
            }
            let mut total = ctx;
            if place_key(&c.name) == f.key || place_key(&c.name).replace('\'', "") == f.key.replace('\'', "") {
                total += 0.5;
            }
            total += level_rank(c.level);
            if c.current {
                total += 0.05;
            }
            if best.map_or(true, |(_, bt, _)| total > bt) {
                best = Some((c, total, ctx));
            }
        }
        memo.push((f.key.as_str(), f.cands.as_slice(), best));
        push_mention(&mut mentions, f, best);
    }
    // one entry per division (or per name and level), under the spelling used most often
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (mi, m) in mentions.iter().enumerate() {
        let g = match &m.adcode {
            Some(c) => c.clone(),
            None => format!("{}|{}", place_key(&m.name).replace('\'', ""), m.level.as_str()),
        };
        let gi = *index.entry(g.clone()).or_insert_with(|| {
            groups.push((g, Vec::new()));
            groups.len() - 1
        });
        groups[gi].1.push(mi);
    }
    let mut out: Vec<PlaceMention> = Vec::new();
    for (_, members) in groups {
        let mut counts: Vec<(String, usize, usize)> = Vec::new(); // key, count, first member
        for &m in &members {
            let k = place_key(&mentions[m].name);
            match counts.iter_mut().find(|c| c.0 == k) {
                Some(c) => c.1 += 1,
                None => counts.push((k, 1, m)),
            }
        }
        let max = counts.iter().map(|c| c.1).max().unwrap_or(0);
        for c in counts.iter().filter(|c| c.1 == max) {
            let m = &mentions[c.2];
            // prefer a capitalised printing of the same key
            let pick = members
                .iter()
                .map(|&x| &mentions[x])
                .filter(|x| place_key(&x.name) == c.0)
                .find(|x| x.name.chars().skip(1).any(char::is_lowercase))
                .unwrap_or(m);
            out.push(PlaceMention { span: m.span, ..pick.clone() });
        }
    }
    // a name resolved without code is dropped when the same name resolved with one
    let coded: Vec<(String, Level)> =
        out.iter().filter(|p| p.adcode.is_some()).map(|p| (place_key(&p.name).replace('\'', ""), p.level)).collect();
    out.retain(|p| p.adcode.is_some() || !coded.contains(&(place_key(&p.name).replace('\'', ""), p.level)));
    out.sort_by_key(|p| p.span);
    (out, mentions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(raw: &str) -> Vec<(String, Level, Option<String>)> {
        let regions = vec![Region::new(raw, Span::new(0, raw.len()))];
        extract_all(raw, &regions, Gazetteer::embedded(), &[])
            .0
            .into_iter()
            .map(|p| (p.name, p.level, p.adcode))
            .collect()
    }

    fn has(v: &[(String, Level, Option<String>)], name: &str, level: Level, code: Option<&str>) -> bool {
        v.iter().any(|p| p.0 == name && p.1 == level && p.2.as_deref() == code)
    }

    #[test]
    fn levels_and_codes() {
        let v = places("Daqiao, a town of Nanhu District, Jiaxing. They visited Xing’an League and Inner Mongolia.");
        assert!(has(&v, "Nanhu", Level::County, Some("330402")), "{v:?}");
        assert!(has(&v, "Jiaxing", Level::Prefecture, Some("330400")));
        assert!(has(&v, "Daqiao", Level::Township, Some("330402105")), "{v:?}");
        assert!(has(&v, "Xing’an", Level::Prefecture, Some("152200")));
        assert!(has(&v, "Inner Mongolia", Level::Province, Some("150000")));
    }

    #[test]
    fn homonyms_resolved_by_context() {
        let v = places("Tongzhou district of Nantong city held a meeting.");
        assert!(has(&v, "Tongzhou", Level::County, Some("320612")), "{v:?}");
        let v = places("Tongzhou District in Beijing held a meeting.");
        assert!(has(&v, "Tongzhou", Level::County, Some("110112")), "{v:?}");
        let v = places("Changning District of Shanghai");
        assert!(has(&v, "Changning", Level::County, Some("310105")), "{v:?}");
    }

    #[test]
    fn institutions_features_and_exclusions() {
        assert!(places("He studied at Zhengzhou University and read the Jiaxing Daily.").is_empty());
        assert!(places("The bright pearl of Jinping Lake; Taiwan; China.").is_empty());
        assert_eq!(places("The Hunan Provincial People's Congress met.")[0].0, "Hunan");
        // township names need a level word; one-syllable names too
        assert!(places("Huangshawan helps. She said so.").is_empty());
        let v = places("Huangshawan Street in Shigu District");
        assert!(has(&v, "Huangshawan", Level::Township, Some("430407006")), "{v:?}");
        assert!(has(&v, "Shigu", Level::County, Some("430407")));
    }

    #[test]
    fn autonomous_regions_and_caps() {
        let v = places("CHIFENG CITY, INNER MONGOLIA – Nanning, capital of Guangxi Zhuang autonomous region");
        assert!(has(&v, "CHIFENG", Level::Prefecture, Some("150400")), "{v:?}");
        assert!(has(&v, "INNER MONGOLIA", Level::Province, Some("150000")));
        assert!(has(&v, "Guangxi", Level::Province, Some("450000")), "{v:?}");
        assert!(has(&v, "Nanning", Level::Prefecture, Some("450100")));
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn unknown_pinyin_towns_are_townships_without_code() {
        let raw = "The studio in Baimenba Town of Wuxing District; Doreen Town; Apple Yuan Street.";
        let (v, _) = extract_all(raw, &[Region::new(raw, Span::new(0, raw.len()))], Gazetteer::embedded(), &[]);
        let got: Vec<(&str, Level, Option<&str>)> =
            v.iter().map(|p| (p.name.as_str(), p.level, p.adcode.as_deref())).collect();
        assert!(got.contains(&("Baimenba", Level::Township, None)), "{got:?}");
        assert!(got.contains(&("Wuxing", Level::County, Some("330502"))), "{got:?}");
        assert!(!got.iter().any(|p| p.0 == "Doreen" || p.0 == "Yuan" || p.0 == "Apple"), "{got:?}");
    }

    #[test]
    fn village_lists_and_one_sense_per_article() {
        let raw =
            "They visited the villages of Yujiaba, Anxi and Cangnan. The Hongqiao Subdistrict office is in Hongqiao.";
        let (v, _) = extract_all(raw, &[Region::new(raw, Span::new(0, raw.len()))], Gazetteer::embedded(), &[]);
        assert!(!v.iter().any(|p| p.name == "Anxi" || p.name == "Cangnan"), "{v:?}");
        assert!(v.iter().filter(|p| p.name == "Hongqiao").all(|p| p.level == Level::Township), "{v:?}");
    }
}
