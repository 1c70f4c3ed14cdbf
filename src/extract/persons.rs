//! Personal names: pinyin names (surname from the surname list, given name that
//! segments into pinyin syllables), other romanisations, surname-only mentions, and
//! the titles attached to them (appositives, prefixes, lists).

use std::collections::HashMap;
use std::sync::LazyLock;

use super::gazetteer::{place_key, Gazetteer, Level};
use super::pinyin;
use super::text::{Kind, Region, Tok};
use super::PersonMention;
use crate::model::Span;
use crate::rule_file;
use crate::rules::RuleFile;
use crate::text::fold_ws;
use rustc_hash::FxHashSet;

/// The identity key of a person's name across articles: lower case, tone marks folded,
/// apostrophes unified, whitespace folded (`Wang Jinhe` = `wang  Jinhe`).
pub fn person_key(name: &str) -> String {
    name.split_whitespace().map(pinyin_fold_keep_hyphen).collect::<Vec<_>>().join(" ")
}

fn pinyin_fold_keep_hyphen(w: &str) -> String {
    w.split('-').map(pinyin::fold).collect::<Vec<_>>().join("-")
}

const DETERMINERS: &[&str] = &["a", "an", "the", "another"];

/// The person rule vocabularies (`data/rules/`), as hashed sets: a token is looked up in
/// several of them.
struct WordSets {
    /// Title heads and their plurals (`person_titles`).
    heads: FxHashSet<&'static str>,
    honorifics: FxHashSet<&'static str>,
    modifiers: FxHashSet<&'static str>,
    credit_words: FxHashSet<&'static str>,
    /// Words that end a role phrase (`title_enders`).
    stop_verbs: FxHashSet<&'static str>,
    speech_verbs: FxHashSet<&'static str>,
    place_followers: FxHashSet<&'static str>,
    /// Name stop-words (`name_stop_words`).
    not_name_words: FxHashSet<&'static str>,
    determiners: FxHashSet<&'static str>,
}

/// The rule files the person extractor reads.
pub(crate) fn rule_files() -> [RuleFile; 8] {
    [
        rule_file!("person_titles"),
        rule_file!("honorifics"),
        rule_file!("title_modifiers"),
        rule_file!("credit_words"),
        rule_file!("title_enders"),
        rule_file!("speech_verbs"),
        rule_file!("place_followers"),
        rule_file!("name_stop_words"),
    ]
}

static SETS: LazyLock<WordSets> = LazyLock::new(|| {
    let [titles, honorifics, modifiers, credit_words, stop_verbs, speech_verbs, place_followers, not_name_words] =
        rule_files();
    let set = |f: &RuleFile| f.patterns().collect();
    let mut heads: FxHashSet<&'static str> = set(&titles);
    heads.extend(titles.rules.iter().filter_map(|r| r.field(1)).filter(|p| *p != NO_PLURAL));
    WordSets {
        heads,
        honorifics: set(&honorifics),
        modifiers: set(&modifiers),
        credit_words: set(&credit_words),
        stop_verbs: set(&stop_verbs),
        speech_verbs: set(&speech_verbs),
        place_followers: set(&place_followers),
        not_name_words: set(&not_name_words),
        determiners: DETERMINERS.iter().copied().collect(),
    }
});

/// The plural field of a title that has no plural head.
const NO_PLURAL: &str = "-";

fn in_list(list: &FxHashSet<&'static str>, w: &str) -> bool {
    list.contains(w)
}

/// Whether the lower-case word `low` is a title head (`chairman`, `deputies`), or a
/// hyphenated word ending in one (`vice-chairman`): the one test of "is this a title word".
fn is_title_word(low: &str) -> bool {
    in_list(&SETS.heads, low)
        || low.rsplit(['-', '\u{2010}']).next().is_some_and(|x| x != low && in_list(&SETS.heads, x))
}

pub(crate) fn is_title_head(t: &Tok) -> bool {
    t.is_word() && is_title_word(t.lower())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A full name, accepted on its own.
    Full,
    /// All lower case (`zhang heping`): needs a title or a list.
    Weak,
    /// A surname alone.
    Bare,
    /// A non-pinyin name (`Elena Vitali`): needs an appositive title or an honorific.
    Foreign,
    /// A name printed in Chinese characters: needs a list or a title.
    Cjk,
    /// Surname + given name that together spell a place (`Wu Gang` = Wugang): needs a title.
    PlaceLike,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TitleSource {
    Prefix,
    Appositive,
    Postfix,
    List,
    Honorific,
}

#[derive(Debug, Clone)]
struct Cand {
    region: usize,
    s: usize,
    e: usize,
    shape: Shape,
    name: String,
    surname: String,
    span: Span,
    title: Option<(String, Span, TitleSource)>,
    accepted: bool,
}

fn cap_word(t: &Tok) -> bool {
    t.is_cap() && t.text.chars().count() >= 2
}

/// A word that is written like the start of a name (capitalised or all caps).
fn name_word(t: &Tok) -> bool {
    t.is_word() && (t.is_cap() || t.is_upper())
}

fn is_reviewed_place(gaz: &Gazetteer, key: &str) -> bool {
    gaz.has_reviewed_key(key)
}

fn is_any_place(gaz: &Gazetteer, key: &str) -> bool {
    gaz.has_key(key)
}

fn hyphen_parts_ok(w: &str) -> bool {
    let parts: Vec<&str> = w.split(['-', '‐']).collect();
    parts.len() == 2
        && parts.iter().all(|p| {
            let n = p.chars().count();
            (2..=6).contains(&n) && p.chars().all(|c| c.is_ascii_alphabetic())
        })
        && parts[1].chars().next().is_some_and(|c| c.is_ascii_lowercase())
}

/// Splits `JiaoJiLin` into `Jiao`, `Ji`, `Lin`.
fn camel_parts(w: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in w.char_indices() {
        if i > 0 && c.is_uppercase() {
            parts.push(&w[start..i]);
            start = i;
        }
    }
    parts.push(&w[start..]);
    parts
}

fn followed_by_place_word(toks: &[Tok], e: usize) -> bool {
    toks.get(e).is_some_and(|t| t.is_word() && in_list(&SETS.place_followers, t.lower()))
}

/// Tries to read a name starting at token `i`. Returns (end, shape, surname) or, on a
/// place-shaped pair, `Err(skip_to)`.
fn match_name(toks: &[Tok], i: usize, gaz: &Gazetteer) -> Result<Option<(usize, Shape, String)>, usize> {
    let t0 = &toks[i];
    let t1 = toks.get(i + 1).filter(|t| t.is_word());
    if t0.kind == Kind::Cjk {
        let n = t0.text.chars().count();
        if (2..=3).contains(&n) && t0.text.chars().next().is_some_and(pinyin::is_surname_char) {
            let s: String = t0.text.chars().take(1).collect();
            return Ok(Some((i + 1, Shape::Cjk, s)));
        }
        return Ok(None);
    }
    if !t0.is_word() {
        return Ok(None);
    }
    let f0 = || pinyin::fold(t0.text);
    let (is_surname0, other0) = pinyin::surname_class(t0.text);
    // Camel case: JiaoJiLin
    if t0.is_cap() && !t0.is_upper() && t0.text.chars().skip(1).any(char::is_uppercase) {
        let parts = camel_parts(t0.text);
        if parts.len() >= 2
            && pinyin::is_surname(parts[0])
            && pinyin::is_given_name(&parts[1..].concat())
            && !is_any_place(gaz, &place_key(t0.text))
        {
            return Ok(Some((i + 1, Shape::Full, f0())));
        }
    }
    let surname0 = is_surname0 || other0;
    // Surname + hyphenated given name: cheung chi-kong, Tsai Ing-wen
    if let Some(t1) = t1 {
        if surname0
            && (t0.text.chars().next().is_some_and(char::is_uppercase) || t0.is_lower())
            && t1.text.contains(['-', '‐'])
            && hyphen_parts_ok(t1.text)
            && !matches!(f0().as_str(), "he" | "she" | "you" | "an" | "man" | "sun" | "long" | "song")
            && (t0.is_lower() == t1.is_lower())
        {
            return Ok(Some((i + 2, Shape::Full, f0())));
        }
    }
    // Pinyin surname + given name
    if is_surname0 {
        if let Some(t1) = t1 {
            // (the shape first: it is cheaper than segmenting the given name)
            let full = (t1.is_cap() && !t1.is_upper() && (t0.is_cap() || t0.is_lower()))
                || (t0.is_upper() && t1.is_upper() && t0.text.len() > 1);
            let shape = if full {
                Some(Shape::Full)
            } else if t0.is_lower() && t1.is_lower() {
                Some(Shape::Weak)
            } else {
                None
            };
            if let Some(shape) = shape.filter(|_| !t1.text.contains(['-', '‐']) && pinyin::is_given_name(t1.text)) {
                if followed_by_place_word(toks, i + 2) {
                    return Err(i + 3);
                }
                let concat = place_key(&format!("{}{}", t0.text, t1.text));
                if is_reviewed_place(gaz, &concat) {
                    return Ok(Some((i + 2, Shape::PlaceLike, f0())));
                }
                return Ok(Some((i + 2, shape, f0())));
            }
        }
    }
    // Hyphenated given name first: wen-dong zhao
    if let Some(t1) = t1 {
        if t0.text.contains(['-', '‐'])
            && hyphen_parts_ok(&t0.text.to_lowercase())
            && t0.is_lower() == t1.is_lower()
            && {
                let (s1, o1) = pinyin::surname_class(t1.text);
                s1 || o1
            }
            && !toks.get(i + 2).is_some_and(name_word)
        {
            return Ok(Some((i + 2, Shape::Full, pinyin::fold(t1.text))));
        }
    }
    // Given name first: Yeshuai Yu
    if let Some(t1) = t1 {
        if cap_word(t0)
            && !t0.is_upper()
            && !is_surname0
            && t1.is_cap()
            && !t1.is_upper()
            && pinyin::is_surname(t1.text)
            && matches!(pinyin::segment(t0.text, 3), Some(2..=3))
            && !pinyin::is_compound_surname(t1.text)
            && !toks.get(i + 2).is_some_and(name_word)
            && !is_any_place(gaz, &place_key(t0.text))
            && !followed_by_place_word(toks, i + 2)
            && !(i > 0 && name_word(&toks[i - 1]))
        {
            return Ok(Some((i + 2, Shape::Full, pinyin::fold(t1.text))));
        }
    }
    // Surname alone
    if is_surname0 && !toks.get(i + 1).is_some_and(name_word) && !t0.is_upper() {
        return Ok(Some((i + 1, Shape::Bare, f0())));
    }
    // Other names: a run of 2–3 capitalised words
    let run_start = i == 0 || !name_word(&toks[i - 1]) || toks[i].nl_before || is_title_head(&toks[i - 1]);
    if cap_word(t0) && !t0.is_upper() && run_start {
        let mut e = i;
        while e < toks.len() && e < i + 4 && cap_word(&toks[e]) && !toks[e].is_upper() {
            if e > i && toks[e].nl_before {
                break;
            }
            e += 1;
        }
        let n = e - i;
        if (2..=3).contains(&n)
            && !toks.get(e).is_some_and(name_word)
            && toks[i..e].iter().all(|t| {
                let l = t.lower();
                !in_list(&SETS.not_name_words, l)
                    && !is_title_head(t)
                    && !in_list(&SETS.place_followers, l)
                    && !is_reviewed_place(gaz, &place_key(t.text))
                    && t.text.chars().any(char::is_lowercase)
            })
        {
            let surname = toks[e - 1].lower();
            return Ok(Some((e, Shape::Foreign, surname.to_string())));
        }
        // a single name after "led by" / "Comrade"
        if n == 1 && i >= 1 {
            let prev = toks[i - 1].lower();
            let led_by = i >= 2 && prev == "by" && toks[i - 2].lower() == "led";
            let l = t0.lower();
            if (led_by || prev == "comrade")
                && !in_list(&SETS.not_name_words, l)
                && !is_any_place(gaz, &place_key(t0.text))
                && !is_title_head(t0)
            {
                return Ok(Some((i + 1, Shape::Full, l.to_string())));
            }
        }
    }
    Ok(None)
}

/// Whether the mention at `s..e` is a staff credit (byline, photo, editor …).
fn is_credit(toks: &[Tok], s: usize, e: usize) -> bool {
    let prev = s.checked_sub(1).map(|j| &toks[j]);
    let next = toks.get(e);
    if let Some(p) = prev {
        if p.is_punct("/／") {
            return true;
        }
        if p.is_punct("(（[【") && next.is_some_and(|n| n.is_punct(")）]】")) {
            return true;
        }
        if p.is_punct(":：丨|") {
            if let Some(pp) = s.checked_sub(2).map(|j| &toks[j]) {
                if pp.is_word() && in_list(&SETS.credit_words, pp.lower()) {
                    return true;
                }
            }
        }
        if p.is_word() && in_list(&SETS.credit_words, p.lower()) {
            return true;
        }
        if p.is("by") {
            let line_start = p.nl_before || s < 2 || toks[s - 2].is_punct("(（[【—–-");
            if line_start {
                return true;
            }
        }
    }
    if next.is_some_and(|n| n.is("has")) && toks.get(e + 1).is_some_and(|n| n.is("more")) {
        return true;
    }
    false
}

fn span_of(toks: &[Tok], a: usize, b: usize) -> Span {
    Span::new(toks[a].start, toks[b - 1].end)
}

fn text_of<'a>(raw: &'a str, toks: &[Tok], a: usize, b: usize) -> &'a str {
    &raw[toks[a].start..toks[b - 1].end]
}

/// Role phrase before a name: "The provincial CPPCC chairman Ge Huijun".
fn prefix_title(raw: &str, toks: &[Tok], s: usize, taken: &[bool]) -> Option<(String, Span, TitleSource)> {
    let mut j = s;
    let mut honor: Option<(String, Span, TitleSource)> = None;
    // "Mr. Wang": step over the abbreviation point
    if j > 1 && toks[j - 1].is_punct(".") && in_list(&SETS.honorifics, toks[j - 2].lower()) {
        j -= 1;
    }
    if j > 0 && toks[j - 1].is_word() && in_list(&SETS.honorifics, toks[j - 1].lower()) && !toks[j].nl_before {
        let t = &toks[j - 1];
        if t.lower() != "comrade" {
            honor = Some((t.text.to_string(), Span::new(t.start, t.end), TitleSource::Honorific));
        }
        j -= 1;
    }
    if j > 0 && toks[j - 1].is("of") {
        return honor;
    }
    let end = j;
    let mut k = j;
    while k > 0 {
        if toks[k].nl_before && k < s {
            break;
        }
        if k == s && toks[k].nl_before {
            break;
        }
        let t = &toks[k - 1];
        if taken[k - 1] {
            break;
        }
        if k < end && t.is_word() && toks[k].lower() == t.lower() {
            break;
        }
        let ok = t.kind == Kind::Poss
            || (t.is_word()
                && !in_list(&SETS.credit_words, t.lower())
                && !in_list(&SETS.stop_verbs, t.lower())
                && (is_title_head(t) || in_list(&SETS.modifiers, t.lower()) || t.is_cap() || t.is_upper()));
        if !ok {
            break;
        }
        k -= 1;
        if end - k > 14 {
            return honor;
        }
    }
    // trim leading function words
    while k < end
        && (toks[k].kind == Kind::Poss
            || matches!(toks[k].lower(), "the" | "a" | "an" | "and" | "of" | "another" | "other"))
    {
        k += 1;
    }
    if k >= end || matches!(toks[end - 1].lower(), "the" | "of" | "a" | "an" | "and" | "in" | "at" | "for" | "to") {
        return honor;
    }
    let heads: Vec<usize> = (k..end).filter(|&x| is_title_head(&toks[x])).collect();
    let last_head = *heads.last()?;
    let ends_ok = last_head == end - 1 || toks.get(last_head + 1).is_some_and(|t| t.is("of"));
    if !ends_ok {
        return honor;
    }
    Some((fold_ws(text_of(raw, toks, k, end)), span_of(toks, k, end), TitleSource::Prefix))
}

fn is_place_segment(toks: &[Tok], a: usize, b: usize, gaz: &Gazetteer, starts: &[bool]) -> bool {
    if a >= b || starts[a..b].iter().any(|&x| x) {
        return false;
    }
    let mut found = false;
    let mut x = a;
    while x < b {
        let t = &toks[x];
        let l = t.lower();
        if t.kind == Kind::Poss
            || matches!(
                l,
                "of" | "the"
                    | "china"
                    | "capital"
                    | "south"
                    | "north"
                    | "east"
                    | "west"
                    | "central"
                    | "southwest"
                    | "southwestern"
                    | "northwest"
                    | "northwestern"
                    | "southeast"
                    | "southeastern"
                    | "northeast"
                    | "northeastern"
                    | "eastern"
                    | "western"
                    | "northern"
                    | "southern"
                    | "province"
                    | "city"
                    | "district"
                    | "county"
                    | "autonomous"
                    | "region"
                    | "municipality"
                    | "prefecture"
                    | "league"
                    | "banner"
                    | "town"
                    | "township"
            )
        {
            x += 1;
            continue;
        }
        if t.is_word() && (t.is_cap() || t.is_upper()) {
            // longest gazetteer key of up to 3 words
            let mut hit = 0;
            for n in (1..=3).rev() {
                if x + n <= b && toks[x..x + n].iter().all(|t| t.is_word()) {
                    let key = place_key(&toks[x..x + n].iter().map(|t| t.text).collect::<Vec<_>>().join(" "));
                    if !pinyin::is_syllable(&key) && gaz.lookup_key(&key).iter().any(|d| d.level != Level::Township) {
                        hit = n;
                        break;
                    }
                }
            }
            if hit > 0 {
                found = true;
                x += hit;
                continue;
            }
        }
        return false;
    }
    found
}

/// Role phrase after a name: "Zhang Bing, secretary of the CPC Jiaxing Municipal Committee,".
fn appositive_title(
    raw: &str,
    toks: &[Tok],
    e: usize,
    gaz: &Gazetteer,
    starts: &[bool],
) -> Option<(String, Span, TitleSource)> {
    if !toks.get(e)?.is_punct(",，") {
        return None;
    }
    let mut k = e + 1;
    while k < toks.len() && toks[k].is_word() && in_list(&SETS.determiners, toks[k].lower()) {
        k += 1;
    }
    let start = k;
    if toks.get(k).is_some_and(|t| {
        matches!(t.lower(), "and" | "or" | "as" | "while" | "who" | "which" | "including" | "whose" | "with")
    }) {
        return None;
    }
    let mut m = k;
    let mut last = k; // exclusive end of accepted phrase
    while m < toks.len() && m - start < 45 {
        let t = &toks[m];
        if m > start && starts[m] {
            // the next name of a list: "Yan Lin, vice mayor of Qingdao City and Wei Chenzi"
            if toks[m - 1].is("and") || toks[m - 1].is_punct(",，") {
                break;
            }
            return None;
        }
        if t.kind == Kind::Punct {
            // an abbreviation inside a name: "Jinhua No. 1 Middle School"
            if t.is_punct(".")
                && m > start
                && matches!(toks[m - 1].lower(), "no" | "co" | "st")
                && toks.get(m + 1).is_some_and(|n| n.kind == Kind::Num || n.is_cap())
            {
                m += 1;
                continue;
            }
            // plural possessive: "deputies’ liaison station"
            if t.is_punct("'’") && m > start && toks[m - 1].text.ends_with('s') {
                m += 1;
                continue;
            }
            if t.is_punct("(（") {
                // short parenthesised acronym: (CPPCC)
                let close = (m + 1..toks.len().min(m + 5)).find(|&x| toks[x].is_punct(")）"));
                match close {
                    Some(c) if (m + 1..c).all(|x| toks[x].is_word()) && c > m + 1 => {
                        m = c + 1;
                        last = m;
                        continue;
                    }
                    _ => break,
                }
            }
            if t.is_punct(",，") {
                let seg_end = (m + 1..toks.len()).find(|&x| toks[x].kind == Kind::Punct).unwrap_or(toks.len());
                if is_place_segment(toks, m + 1, seg_end, gaz, starts) {
                    m = seg_end;
                    last = m;
                    continue;
                }
                break;
            }
            if t.is_punct("-‐") || t.is_punct("&") {
                m += 1;
                continue;
            }
            break;
        }
        if t.is_word() && in_list(&SETS.stop_verbs, t.lower()) {
            break;
        }
        if m == start && starts[m] {
            return None;
        }
        m += 1;
        last = m;
    }
    let mut end = last;
    while end > start && matches!(toks[end - 1].lower(), "and" | "of" | "the" | "in" | "at") {
        end -= 1;
    }
    if end <= start {
        return None;
    }
    if !(start..end).any(|x| is_title_head(&toks[x])) {
        return None;
    }
    Some((fold_ws(text_of(raw, toks, start, end)), span_of(toks, start, end), TitleSource::Appositive))
}

fn is_list_sep(toks: &[Tok], a: usize, b: usize) -> bool {
    if a >= b || b - a > 2 {
        return false;
    }
    (a..b).all(|x| toks[x].is_punct(",，、") || toks[x].is("and"))
        && (a..b).any(|x| toks[x].is_punct(",，、") || toks[x].is("and"))
}

/// Extracts persons from the regions, merged per article.
pub(crate) fn extract(raw: &str, regions: &[Region], gaz: &Gazetteer) -> Vec<PersonMention> {
    let mut cands: Vec<Cand> = Vec::new();
    for (ri, region) in regions.iter().enumerate() {
        let toks = &region.toks;
        let mut region_cands: Vec<Cand> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            match match_name(toks, i, gaz) {
                Err(skip) => i = skip.max(i + 1),
                Ok(None) => i += 1,
                Ok(Some((e, shape, surname))) => {
                    if !is_credit(toks, i, e) {
                        region_cands.push(Cand {
                            region: ri,
                            s: i,
                            e,
                            shape,
                            name: fold_ws(text_of(raw, toks, i, e)),
                            surname,
                            span: span_of(toks, i, e),
                            title: None,
                            accepted: false,
                        });
                    }
                    i = e;
                }
            }
        }
        // titles
        let mut taken = vec![false; toks.len()];
        let mut starts = vec![false; toks.len() + 1];
        for c in &region_cands {
            if c.shape != Shape::Bare && c.shape != Shape::Foreign {
                starts[c.s] = true;
            }
            taken[c.s..c.e].iter_mut().for_each(|x| *x = true);
        }
        for c in region_cands.iter_mut() {
            if c.shape == Shape::Bare && !c.name.chars().next().is_some_and(char::is_lowercase) {
                continue;
            }
            let prefix = prefix_title(raw, toks, c.s, &taken);
            let appos = appositive_title(raw, toks, c.e, gaz, &starts);
            let postfix = toks
                .get(c.e)
                .filter(|t| t.is_lower() && is_title_head(t) && !toks.get(c.e + 1).is_some_and(|n| n.is("of")))
                .map(|t| (t.text.to_string(), Span::new(t.start, t.end), TitleSource::Postfix));
            c.title = match (prefix, appos) {
                (Some(p), _) if p.2 == TitleSource::Prefix => Some(p),
                (_, Some(a)) => Some(a),
                (p, None) => postfix.or(p),
            };
        }
        // acceptance
        for c in region_cands.iter_mut() {
            c.accepted = match c.shape {
                Shape::Full => true,
                Shape::Weak | Shape::Cjk => c.title.as_ref().is_some_and(|t| t.2 == TitleSource::Prefix),
                // a non-pinyin name needs a role close to it: "Elena Vitali, a professor
                // at …", not "Grand Canal, a project the mayor …"
                Shape::Foreign => c.title.as_ref().is_some_and(|t| {
                    t.2 == TitleSource::Honorific
                        || t.0.split_whitespace().take(5).any(|w| is_title_word(&w.to_lowercase()))
                }),
                Shape::PlaceLike => c.title.as_ref().is_some_and(|t| t.2 != TitleSource::Honorific),
                Shape::Bare => false,
            };
        }
        // a place-shaped name that speaks is a person: "Long Shan said"
        for c in region_cands.iter_mut() {
            if c.shape == Shape::PlaceLike
                && toks.get(c.e).is_some_and(|t| t.is_word() && in_list(&SETS.speech_verbs, t.lower()))
            {
                c.accepted = true;
            }
        }
        // lists: propagate prefix titles forward, accept weak/CJK/lower-case items in lists
        for _ in 0..3 {
            for k in 1..region_cands.len() {
                let (a, b) = (&region_cands[k - 1], &region_cands[k]);
                if !is_list_sep(toks, a.e, b.s) {
                    continue;
                }
                let lower_bare = b.shape == Shape::Bare && b.name.chars().next().is_some_and(char::is_lowercase);
                let b_ok = b.accepted || matches!(b.shape, Shape::Weak | Shape::Cjk | Shape::PlaceLike) || lower_bare;
                let a_ok = a.accepted
                    || matches!(a.shape, Shape::Weak | Shape::Cjk | Shape::PlaceLike)
                    || (a.shape == Shape::Bare && a.name.chars().next().is_some_and(char::is_lowercase));
                if a.accepted && b_ok && !b.accepted {
                    region_cands[k].accepted = true;
                }
                let (a, b) = (&region_cands[k - 1], &region_cands[k]);
                if b.accepted && a_ok && !a.accepted && k + 1 < region_cands.len() && region_cands[k + 1].accepted {
                    region_cands[k - 1].accepted = true;
                }
                let (a, b) = (&region_cands[k - 1], &region_cands[k]);
                if a.accepted
                    && b.accepted
                    && b.title.as_ref().map_or(true, |t| t.2 != TitleSource::Prefix)
                    && a.title.as_ref().is_some_and(|t| matches!(t.2, TitleSource::Prefix | TitleSource::List))
                    && b.title.as_ref().map_or(true, |t| t.2 != TitleSource::Appositive || k + 1 == region_cands.len())
                {
                    let t = a.title.clone().map(|(s, sp, _)| (s, sp, TitleSource::List));
                    if b.title.as_ref().map_or(true, |bt| bt.2 != TitleSource::Appositive) {
                        region_cands[k].title = t;
                    }
                }
            }
        }
        // lower-case bare surname right after a title: "party secretary li,"
        for c in region_cands.iter_mut() {
            if c.shape == Shape::Bare
                && !c.accepted
                && c.name.chars().next().is_some_and(char::is_lowercase)
                && c.title.as_ref().is_some_and(|t| t.2 == TitleSource::Prefix)
                && toks.get(c.e).is_some_and(|t| t.is_punct(",，.;"))
            {
                c.accepted = true;
            }
        }
        cands.extend(region_cands);
    }
    merge(raw, regions, cands)
}

fn first_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

fn merge(_raw: &str, regions: &[Region], cands: Vec<Cand>) -> Vec<PersonMention> {
    // persons in order of discovery (regions in reading-priority order)
    let mut persons: Vec<(String, Vec<usize>)> = Vec::new(); // key -> candidate indices
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (ci, c) in cands.iter().enumerate() {
        if !c.accepted || c.shape == Shape::Bare && first_upper(&c.name) {
            continue;
        }
        let key = person_key(&c.name);
        let idx = *by_key.entry(key.clone()).or_insert_with(|| {
            persons.push((key, Vec::new()));
            persons.len() - 1
        });
        persons[idx].1.push(ci);
    }
    // surname-only mentions
    for (ci, c) in cands.iter().enumerate() {
        if c.shape != Shape::Bare || c.accepted || !first_upper(&c.name) {
            continue;
        }
        // nearest preceding full name with this surname (in raw order), else any
        let mut best: Option<(usize, bool, usize)> = None; // (person, precedes, distance)
        for (pi, (_, members)) in persons.iter().enumerate() {
            for &m in members {
                let mc = &cands[m];
                if mc.surname != c.surname || mc.shape == Shape::Bare {
                    continue;
                }
                let precedes = mc.span.end <= c.span.start;
                let dist = c.span.start.abs_diff(mc.span.start);
                let better = match best {
                    None => true,
                    Some((_, bp, bd)) => (precedes && !bp) || (precedes == bp && dist < bd),
                };
                if better {
                    best = Some((pi, precedes, dist));
                }
            }
        }
        if let Some((pi, _, _)) = best {
            persons[pi].1.push(ci);
            continue;
        }
        let toks = &regions[c.region].toks;
        let verb = toks.get(c.e).is_some_and(|t| t.is_word() && in_list(&SETS.speech_verbs, t.lower()));
        if verb && !pinyin::is_english_collision(&c.name) && !(c.s > 0 && name_word(&toks[c.s - 1])) {
            let key = person_key(&c.name);
            let idx = *by_key.entry(key.clone()).or_insert_with(|| {
                persons.push((key, Vec::new()));
                persons.len() - 1
            });
            persons[idx].1.push(ci);
        }
    }
    let mut out: Vec<PersonMention> = persons
        .into_iter()
        .map(|(_, members)| {
            let ms: Vec<&Cand> = members.iter().map(|&m| &cands[m]).collect();
            let full: Vec<&&Cand> = ms.iter().filter(|c| c.shape != Shape::Bare || !first_upper(&c.name)).collect();
            let pool: Vec<&&Cand> = if full.is_empty() { ms.iter().collect() } else { full };
            let name =
                pool.iter().find(|c| first_upper(&c.name)).or(pool.first()).map(|c| c.name.clone()).unwrap_or_default();
            let title = ms.iter().find_map(|c| c.title.clone());
            let mut mentions: Vec<Span> = ms.iter().map(|c| c.span).collect();
            mentions.sort();
            mentions.dedup();
            let span = mentions[0];
            let (title_text, title_span) = match title {
                Some((t, s, _)) => (Some(t), Some(s)),
                None => (None, None),
            };
            let (role, body) = title_text.as_deref().map(split_title).unwrap_or((None, None));
            PersonMention { name, title: title_text, role, body, body_adcode: None, span, title_span, mentions }
        })
        .collect();
    out.sort_by_key(|p| p.span);
    out
}

/// Splits a title into role and body: "secretary of the CPC Jiaxing Municipal Committee"
/// → ("secretary", "CPC Jiaxing Municipal Committee"); "provincial CPPCC chairman" →
/// ("chairman", "provincial CPPCC").
pub(crate) fn split_title(title: &str) -> (Option<String>, Option<String>) {
    let words: Vec<&str> = title.split_whitespace().collect();
    if let Some(of) = words.iter().position(|w| w.eq_ignore_ascii_case("of")) {
        let role = words[..of].join(" ").to_lowercase();
        let mut body = &words[of + 1..];
        if body.first().is_some_and(|w| w.eq_ignore_ascii_case("the")) {
            body = &body[1..];
        }
        let body = body.join(" ");
        return ((!role.is_empty()).then_some(role), (!body.is_empty()).then_some(body));
    }
    let Some(h) = words.iter().rposition(|w| is_title_word(&w.to_lowercase())) else {
        return (None, None);
    };
    let mut r = h;
    while r > 0
        && matches!(
            words[r - 1].to_lowercase().as_str(),
            "vice" | "deputy" | "executive" | "general" | "party" | "standing" | "and" | "secretary" | "chief"
        )
    {
        r -= 1;
    }
    let role = words[r..=h].join(" ").to_lowercase();
    let body = words[..r].join(" ");
    (Some(role), (!body.is_empty()).then_some(body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::Region;

    fn persons(raw: &str) -> Vec<PersonMention> {
        let regions = vec![Region::new(raw, Span::new(0, raw.len()))];
        extract(raw, &regions, Gazetteer::embedded())
    }

    fn pairs(raw: &str) -> Vec<(String, Option<String>)> {
        persons(raw).into_iter().map(|p| (p.name, p.title)).collect()
    }

    fn p(n: &str, t: Option<&str>) -> (String, Option<String>) {
        (n.to_string(), t.map(str::to_string))
    }

    #[test]
    fn appositive_and_prefix_titles() {
        assert_eq!(
            pairs("Yesterday, Li Ming, secretary of the CPC Taizhou Municipal Committee, visited the station."),
            [p("Li Ming", Some("secretary of the CPC Taizhou Municipal Committee"))]
        );
        assert_eq!(
            pairs("The provincial CPPCC chairman Zhao Hong attended. Zhao said it works."),
            [p("Zhao Hong", Some("provincial CPPCC chairman"))]
        );
        assert_eq!(
            pairs("It was led by Wu Gang, a member of the Standing Committee and head of the office."),
            [p("Wu Gang", Some("member of the Standing Committee and head of the office"))]
        );
    }

    #[test]
    fn list_shares_prefix_title_but_not_appositive() {
        assert_eq!(
            pairs("CPPCC Vice Chairman Sun Li, Zhu Hong and Ma Jun participated."),
            [
                p("Sun Li", Some("CPPCC Vice Chairman")),
                p("Zhu Hong", Some("CPPCC Vice Chairman")),
                p("Ma Jun", Some("CPPCC Vice Chairman"))
            ]
        );
        assert_eq!(
            pairs("Tao Lin, Cai Yan, and Cheng Hui, Secretary-General of the CPPCC attended."),
            [p("Tao Lin", None), p("Cai Yan", None), p("Cheng Hui", Some("Secretary-General of the CPPCC"))]
        );
    }

    #[test]
    fn credits_are_not_persons() {
        assert!(persons("(Xinhua/Zhang Ling)").is_empty());
        assert!(persons("Translator: Li Yan\nEditor:Yang Fan").is_empty());
        assert!(persons("By Tang Zhi\nThe meeting opened.").is_empty());
        assert!(persons("Beijing, March 1 (Xue Lingqiao) The meeting opened.").is_empty());
        assert_eq!(pairs("A team led by Chen Xiaoguang visited.").len(), 1);
    }

    #[test]
    fn pitfalls_places_and_english_words() {
        // PINYIN.md §5.2, §5.3
        assert!(persons("He said the Wu Zhou Cun project helps.").is_empty());
        assert!(persons("They visited Huangshawan Street and Ma Anshan.").is_empty());
        assert!(persons("Long-term plans were made. He Said the Sun Rises.").is_empty());
        assert!(persons("Officials from Wu Gang and Lu An met.").is_empty());
        assert_eq!(pairs("He Lifeng said so."), [p("He Lifeng", None)]);
    }

    #[test]
    fn surname_only_mentions_merge() {
        let ps = persons("Zhang Bing spoke. Later Zhang emphasized unity. Wu added that it works.");
        let names: Vec<&str> = ps.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Zhang Bing", "Wu"]);
        assert_eq!(ps[0].mentions.len(), 2);
    }

    #[test]
    fn other_romanisations_and_shapes() {
        let got = pairs("deputy mayor zhang heping, deputy secretary of cheung chi-kong, vice chairman of the CPPCC Yang Jiangbo, 闫路平, liu, JiaoJiLin, wen-dong zhao, lu Ming, and others. Zhang Heping spoke.");
        let t = Some("vice chairman of the CPPCC");
        assert_eq!(
            got,
            [
                p("Zhang Heping", Some("deputy mayor")),
                p("cheung chi-kong", None),
                p("Yang Jiangbo", t),
                p("闫路平", t),
                p("liu", t),
                p("JiaoJiLin", t),
                p("wen-dong zhao", t),
                p("lu Ming", t)
            ]
        );
        assert_eq!(pairs("Yeshuai Yu opened the forum."), [p("Yeshuai Yu", None)]);
        assert_eq!(
            pairs("Anna Moretti, a professor at Ningbo University, spoke."),
            [p("Anna Moretti", Some("professor at Ningbo University"))]
        );
        assert!(persons("Hengyang Normal University, the sponsor, said so.").is_empty());
        assert!(persons("Grand Canal, a project the city's mayor backs, opened.").is_empty());
        assert_eq!(
            pairs("Macao SAR Chief Executive Ho Iat Seng met Mr. Wang Hua, a teacher at Jinhua No. 1 Middle School."),
            [
                p("Ho Iat Seng", Some("Macao SAR Chief Executive")),
                p("Wang Hua", Some("teacher at Jinhua No. 1 Middle School"))
            ]
        );
    }

    /// The lower-case words of a title, whole and split at hyphens and apostrophes.
    fn title_words(p: &PersonMention) -> Vec<String> {
        let t = p.title.as_deref().unwrap_or("").to_lowercase();
        let whole = t.split_whitespace();
        whole.clone().chain(t.split(|c: char| c.is_whitespace() || "-'’".contains(c))).map(str::to_string).collect()
    }

    fn names(raw: &str) -> Vec<String> {
        persons(raw).into_iter().map(|p| p.name).collect()
    }

    /// The rule files, by name (`data/rules/NAME.tsv`).
    fn rules(name: &str) -> RuleFile {
        rule_files().into_iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no rule file {name}"))
    }

    #[test]
    fn every_title_and_plural_is_read_as_a_title() {
        let file = rules("person_titles");
        assert!(file.rules.len() > 40);
        for r in &file.rules {
            let (title, ex) = (r.pattern(), r.example());
            let got = persons(ex);
            assert!(got.iter().any(|p| title_words(p).iter().any(|w| w == title)), "{title}: {ex:?} gave {got:?}");
            let plural = r.field(1).unwrap_or(NO_PLURAL);
            if plural != NO_PLURAL {
                let ex = format!("CPPCC {plural} Wang Hao and Li Ming attended.");
                let got = persons(&ex);
                assert!(
                    got.iter().all(|p| title_words(p).iter().any(|w| w == plural)),
                    "{plural}: {ex:?} gave {got:?}"
                );
                assert_eq!(got.len(), 2, "{ex:?}");
            }
        }
    }

    #[test]
    fn every_honorific_makes_a_person() {
        for r in &rules("honorifics").rules {
            let ex = r.example();
            assert!(!persons(ex).is_empty(), "{}: no person in {ex:?}", r.pattern());
            // without the honorific, the same name is not a person
            let bare: Vec<&str> =
                ex.split_whitespace().filter(|w| !w.trim_end_matches('.').eq_ignore_ascii_case(r.pattern())).collect();
            let bare = bare.join(" ");
            assert!(persons(&bare).is_empty(), "{}: {bare:?} has a person without it", r.pattern());
        }
    }

    #[test]
    fn every_title_modifier_stays_in_the_title() {
        for r in &rules("title_modifiers").rules {
            let got = persons(r.example());
            assert!(
                got.iter().any(|p| title_words(p).iter().any(|w| w == r.pattern())),
                "{}: {:?} gave {got:?}",
                r.pattern(),
                r.example()
            );
        }
    }

    #[test]
    fn every_credit_word_makes_a_credit() {
        for r in &rules("credit_words").rules {
            let ex = r.example();
            assert!(persons(ex).is_empty(), "{}: {ex:?} has a person", r.pattern());
            let rest = &ex[r.pattern().len()..];
            assert_eq!(names(rest), ["Wang Hao"], "{}: {rest:?}", r.pattern());
        }
    }

    #[test]
    fn every_title_ender_ends_the_title() {
        for r in &rules("title_enders").rules {
            let got = persons(r.example());
            assert_eq!(got.len(), 1, "{}: {got:?}", r.pattern());
            assert_eq!(got[0].title.as_deref(), Some("chairman of the CPPCC"), "{}: {got:?}", r.pattern());
        }
    }

    #[test]
    fn every_speech_verb_makes_a_place_shaped_name_a_person() {
        for r in &rules("speech_verbs").rules {
            assert_eq!(names(r.example()), ["Jiang Xia"], "{}: {:?}", r.pattern(), r.example());
        }
        assert!(persons("Jiang Xia slept so.").is_empty());
    }

    #[test]
    fn every_place_follower_makes_a_pair_a_place() {
        for r in &rules("place_followers").rules {
            let ex = r.example();
            assert!(names(ex).iter().all(|n| n != "Wang Hao"), "{}: {ex:?}", r.pattern());
            let word = format!(" {}", ex.split_whitespace().nth(4).unwrap_or(""));
            let without = ex.replacen(&word, "", 1);
            assert_eq!(names(&without), ["Wang Hao"], "{}: {without:?}", r.pattern());
        }
    }

    #[test]
    fn no_name_holds_a_name_stop_word() {
        for r in &rules("name_stop_words").rules {
            let ex = r.example();
            let got = names(ex);
            assert!(
                got.iter().all(|n| !n.split_whitespace().any(|w| w.eq_ignore_ascii_case(r.pattern()))),
                "{}: {ex:?} gave {got:?}",
                r.pattern()
            );
        }
        assert_eq!(names("Ms. Vitali Rossi spoke."), ["Vitali Rossi"]);
    }

    #[test]
    fn person_key_folds() {
        assert_eq!(person_key("wang  Jinhe"), person_key("Wang Jinhe"));
        assert_eq!(person_key("Gě Huìjūn"), "ge huijun");
        assert_ne!(person_key("Zhang Bing"), person_key("Zhang Bin"));
    }

    #[test]
    fn splits_titles() {
        assert_eq!(
            split_title("secretary of the CPC Jiaxing Municipal Committee"),
            (Some("secretary".into()), Some("CPC Jiaxing Municipal Committee".into()))
        );
        assert_eq!(
            split_title("provincial CPPCC chairman"),
            (Some("chairman".into()), Some("provincial CPPCC".into()))
        );
        assert_eq!(split_title("CPPCC Vice Chairman"), (Some("vice chairman".into()), Some("CPPCC".into())));
    }
}

#[cfg(test)]
mod list_tests {
    use super::*;
    use crate::extract::text::Region;

    fn pairs(raw: &str) -> Vec<(String, Option<String>)> {
        let regions = vec![Region::new(raw, Span::new(0, raw.len()))];
        extract(raw, &regions, Gazetteer::embedded()).into_iter().map(|p| (p.name, p.title)).collect()
    }

    #[test]
    fn appositive_stops_before_the_next_listed_name() {
        let got = pairs("Mao Lanyu, secretary of the CPC Qingdao Municipal Committee, Yan Lin, vice mayor of Qingdao City and Wei Chenzi, chairman of the CPPCC, attended.");
        let titles: Vec<Option<&str>> = got.iter().map(|p| p.1.as_deref()).collect();
        assert_eq!(
            titles,
            [
                Some("secretary of the CPC Qingdao Municipal Committee"),
                Some("vice mayor of Qingdao City"),
                Some("chairman of the CPPCC")
            ]
        );
        // a place after the comma belongs to the title, a name does not
        let got = pairs("Pan Lei, deputy to the Guilin Municipal People's Congress, Jia Rongcheng and others spoke.");
        assert_eq!(got[0].1.as_deref(), Some("deputy to the Guilin Municipal People's Congress"));
    }

    #[test]
    fn plural_possessive_inside_title() {
        let got = pairs("Qiao Ruiyan, convener of the deputies’ liaison station in Shuangjiang Township, said so.");
        assert_eq!(got[0].1.as_deref(), Some("convener of the deputies’ liaison station in Shuangjiang Township"));
    }

    #[test]
    fn place_shaped_names_need_evidence() {
        // Long Shan = Longshan County, Jiang Xia = Jiangxia District
        assert!(pairs("The road from Long Shan to Jiang Xia opened.").is_empty());
        let got = pairs("Municipal People's Congress deputies Lai Xinbing, Long Shan and Gu Meifeng participated.");
        let names: Vec<&str> = got.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(names, ["Lai Xinbing", "Long Shan", "Gu Meifeng"]);
        assert!(got.iter().all(|p| p.1.as_deref() == Some("Municipal People's Congress deputies")));
        assert_eq!(pairs("Jiang Xia said the plan works.").len(), 1);
    }
}
