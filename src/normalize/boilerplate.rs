//! Line-level boilerplate evidence: metadata labels, navigation, widgets, comment forms,
//! footers. Corpus-level evidence (lines recurring across documents) lives in
//! [`super::Normalizer`].

use std::sync::LazyLock;

use regex::Regex;

use super::dates::find_dates;
use super::keywords::{
    alt, with_field, Concept, Cues, BOILERPLATE_PHRASES, FOOTER_LABELS, FOOTER_OPENERS, LOCATION_LABELS,
    METADATA_LABELS, SITE_NAMES, STAMP_WORDS, WIDGET_PHRASES, WIDGET_WORDS,
};
use super::page::{cjk_count, ends_sentence, word_count_upto, Kind};

/// The verdict on one line; `rest` is the byte offset (within the line) of a headline or
/// paragraph that follows a leading date stamp (` date 2023-08-13 Headline`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub kind: Kind,
    pub rest: Option<usize>,
}

/// The metadata labels as one alternation (`metadata_labels.tsv`).
static HEADER_LABELS: LazyLock<String> = LazyLock::new(|| alt(METADATA_LABELS.patterns()));

static HEADER_LABEL_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^[\W_]{{0,3}}(?:{})\s*[:：]", *HEADER_LABELS)).expect("label regex"));
static FOOTER_LABEL_START: LazyLock<Regex> = LazyLock::new(|| {
    let labels = alt(FOOTER_LABELS.patterns());
    Regex::new(&format!(r"(?i)^[\W_]{{0,3}}(?:{labels})\s*[:：]")).expect("label regex")
});
/// Any metadata label anywhere in a line.
pub(crate) static ANY_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:^|[\s|/【\[(（,，])(?:{})\s*[:：]", *HEADER_LABELS)).expect("label regex")
});

/// A boilerplate line: it starts with a boilerplate phrase or footer opener
/// (`boilerplate_phrases.tsv`, `footer_openers.tsv`), or one of these shapes.
const PHRASE_SHAPES: &str = r"\d+ comments?$|organi[sz]ed by .*(?:website|government)|hosted by .*(?:website|government)|read more$|more news$|主办[:：]|承办[:：]|【\s*(?:print|close|打印|关闭)\s*】|\[\s*(?:print|close)\s*\]";
static PHRASES: LazyLock<Regex> = LazyLock::new(|| {
    let phrases = alt(BOILERPLATE_PHRASES.patterns().chain(FOOTER_OPENERS.patterns()));
    Regex::new(&format!(r"(?i)^[\W_]{{0,3}}(?:{phrases})")).expect("phrase regex")
});
static PHRASE_SHAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^[\W_]{{0,3}}(?:{PHRASE_SHAPES})")).expect("phrase regex"));
static EXACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:comments?|name\s*\*?|email\s*\*?|website|reply|share|print|close|facebook|twitter|weibo|wechat|linkedin|whatsapp|telegram|top|back|more|menu|search|login|log in|sign in|register|home|首页|打印|关闭|分享)$").expect("exact regex")
});
/// A font-size widget: a widget phrase (`widget_phrases.tsv`) in its shape, a space in
/// it any run of whitespace.
static WIDGET: LazyLock<Regex> = LazyLock::new(|| {
    let shaped = |shape: &'static str| {
        let shapes = [shape];
        let phrases = with_field(&WIDGET_PHRASES, 1, &shapes)
            .map(|p| p.split(' ').map(regex::escape).collect::<Vec<_>>().join(r"\s+"));
        phrases.collect::<Vec<_>>().join("|")
    };
    let (word, bracket) = (shaped("word"), shaped("bracket"));
    Regex::new(&format!(r"(?i)\[\s*(?:{bracket})\s*\]|\b(?:{word})\b")).expect("widget regex")
});
/// The widget shapes that follow a label: `Fonts: Small Big`, `字号：大 中 小`.
static LABELLED_WIDGET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)fonts?\s*[:：]\s*small\s+big|字号[:：]?\s*大\s*中\s*小").expect("widget regex"));
static ICP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bICP\s*(?:no\.?|备|证)?\s*[:：]?\s*\d|备\s*\d+\s*号|公网安备").expect("icp regex")
});
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by)\s+[\p{Lu}\p{Han}][\p{L}'’.\-]*(?:\s+[\p{L}'’.\-]+){0,3}(?:\s*,\s*[^,]{2,60})?$")
        .expect("byline regex")
});
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\$|^\{[^}]*\}$|^\$\{|<\s*/?\s*(?:div|span|script|img|a)\b").expect("placeholder regex")
});
static IMAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\.(?:jpe?g|png|gif|webp|bmp|tiff?)\s*$").expect("image regex"));
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:[•·▪◦●■►▸▶※]|[-*]\s)\s*").expect("bullet regex"));
static NUMBERED_SHORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}[.)、]\s*\S{0,4}$").expect("numbered regex"));
static LOCATION: LazyLock<Regex> = LazyLock::new(|| {
    let labels = alt(LOCATION_LABELS.patterns());
    Regex::new(&format!(r"(?i)^(?:{labels}|location\s*[:：])")).expect("location regex")
});
static HOME_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:home|首页)(?:\b|\s|>|/|$)").expect("home regex"));
/// What a date-stamp line loses when read for its outlet: metadata labels, stamp words
/// (`stamp_words.tsv`), widget words that stamps drop (`widget_words.tsv`), separators.
static DATE_LABEL_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    let words = alt(STAMP_WORDS.patterns().chain(with_field(&WIDGET_WORDS, 1, &["drop"])));
    Regex::new(&format!(r"(?i)(?:{})\s*[:：]|\b(?:{words})\b|[|/()（）\[\]【】,，·:：\-–—]", *HEADER_LABELS))
        .expect("date label regex")
});
static DATE_WORD_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:posted|published|updated|released?|date|time|pub)\b").expect("date word regex")
});
static WEEKDAY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?|星期.")
        .expect("weekday regex")
});
static LEADING_DATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:date|time|posted|published|updated)?\s*[:：]?\s*$").expect("leading label regex")
});

/// Removes the dates, labels, widget words and separators of a date-stamp line (with the
/// keyword `cues` of its line) and returns what is left (often an outlet name, or nothing).
pub(crate) fn date_line_remainder(text: &str, cues: Cues) -> String {
    let mut s = String::new();
    let mut last = 0;
    for d in find_dates(text, cues) {
        s.push_str(text.get(last..d.start).unwrap_or(""));
        s.push(' ');
        last = d.end;
    }
    s.push_str(text.get(last..).unwrap_or(""));
    let s = WEEKDAY_WORD.replace_all(&s, " ");
    let s = DATE_LABEL_WORDS.replace_all(&s, " ");
    s.split_whitespace()
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.'))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Classifies one trimmed line on its own evidence.
#[cfg(test)]
pub(crate) fn classify(text: &str) -> Verdict {
    classify_counted(text, super::page::word_count(text), super::keywords::cues(&crate::text::fold_ws(text)))
}

/// Every label is followed by a colon.
fn has_colon(text: &str) -> bool {
    text.contains(':') || text.contains('：')
}

/// [`classify`] for a line of `words` words (as `word_count` counts them; it is only
/// compared with numbers up to 16, so a count capped above that will do) whose rules are
/// among `cues`: a concept's patterns run only when the line holds one of its rules.
pub(crate) fn classify_counted(text: &str, words: usize, cues: Cues) -> Verdict {
    let labels = cues.has(Concept::MetadataLabel);
    let plain = |kind| Verdict { kind, rest: None };
    if PLACEHOLDER.is_match(text) || (words <= 3 && IMAGE.is_match(text)) {
        return plain(Kind::Junk);
    }
    if text.chars().all(|c| !c.is_alphanumeric()) {
        return plain(Kind::Nav);
    }
    // A leading date stamp followed by a headline or paragraph.
    let dates = find_dates(text, cues);
    if let Some(d) = dates.first() {
        let before = text.get(..d.start).unwrap_or("");
        let after = text.get(d.end..).unwrap_or("");
        let after_trim = after.trim_start();
        let rest_at = d.end + (after.len() - after_trim.len());
        let starts_upper = after_trim
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || crate::text::is_han(c) || c == '"' || c == '“' || c == '‘');
        if LEADING_DATE_LABEL.is_match(before)
            && word_count_upto(after_trim, 4) >= 4
            && starts_upper
            && !(labels && has_colon(after_trim) && ANY_LABEL.is_match(after_trim))
            && find_dates(after_trim, cues).is_empty()
        {
            return Verdict { kind: Kind::HeaderMeta, rest: Some(rest_at) };
        }
    }
    if (labels && HEADER_LABEL_START.is_match(text))
        || (cues.has(Concept::WidgetPhrase) && WIDGET.is_match(text))
        || LABELLED_WIDGET.is_match(text)
    {
        return plain(Kind::HeaderMeta);
    }
    if labels && has_colon(text) && ANY_LABEL.find_iter(text).count() >= 2 {
        return plain(Kind::HeaderMeta);
    }
    if (cues.has(Concept::FooterLabel) && FOOTER_LABEL_START.is_match(text)) || ICP.is_match(text) {
        return plain(Kind::Meta);
    }
    let lower_start = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    if text.starts_with(['(', '（']) && lower_start.to_lowercase().starts_with("source") {
        return plain(Kind::Meta);
    }
    if (cues.has(Concept::Phrase) && PHRASES.is_match(text)) || PHRASE_SHAPE.is_match(text) {
        let header = {
            let l = text.to_lowercase();
            l.starts_with("share") || l.contains("email this")
        };
        return plain(if header { Kind::HeaderMeta } else { Kind::Meta });
    }
    if words <= 3 && EXACT.is_match(text.trim_end_matches([':', '：', '!', '.'])) {
        return plain(Kind::Meta);
    }
    if words <= 10 && BYLINE.is_match(text) && !ends_sentence(text) {
        return plain(Kind::HeaderMeta);
    }
    if !dates.is_empty() && !ends_sentence(text) {
        let rem = date_line_remainder(text, cues);
        let first = rem.split_whitespace().next().unwrap_or("");
        let starts_lower = first.chars().next().is_some_and(|c| c.is_lowercase()) && !first.contains('.');
        let labelled_start = DATE_WORD_START.is_match(text);
        if word_count_upto(&rem, 6) <= 5 && (!starts_lower || labelled_start) {
            return plain(Kind::HeaderMeta);
        }
    }
    if words <= 6 && text.ends_with([':', '：']) {
        return plain(Kind::Meta);
    }
    // navigation
    if LOCATION.is_match(text) {
        return plain(Kind::Nav);
    }
    if words <= 7 && BULLET.is_match(text) && !ends_sentence(text) {
        return plain(Kind::Nav);
    }
    if NUMBERED_SHORT.is_match(text) {
        return plain(Kind::Nav);
    }
    let arrows = text.matches(['>', '»', '›']).count();
    if arrows > 0 && !text.contains("->") {
        let t = text.trim();
        if t.starts_with(['>', '»', '›']) || t.ends_with(['>', '»', '›']) || arrows >= 2 || HOME_START.is_match(t)
        {
            return plain(Kind::Nav);
        }
    }
    if words <= 16 && HOME_START.is_match(text) && !ends_sentence(text) {
        return plain(Kind::Nav);
    }
    let parts: Vec<&str> = text.split(['|', '｜']).map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.len() >= 2 && parts.iter().all(|p| word_count_upto(p, 4) <= 3 && cjk_count(p) <= 8) {
        return plain(Kind::Nav);
    }
    plain(Kind::Text)
}

/// Whether a line opens the page footer: a comment section, related links, copyright or
/// registration notices. Nothing after it is article text.
pub(crate) fn closes_article(text: &str) -> bool {
    static CLOSE: LazyLock<Regex> = LazyLock::new(|| {
        let openers = alt(FOOTER_OPENERS.patterns());
        Regex::new(&format!(r"(?i)^[\W_]{{0,3}}(?:{openers}|\d+\s+comments?\b|comments?\s*(?:\(\d+\))?$)"))
            .expect("close regex")
    });
    CLOSE.is_match(text) || ICP.is_match(text)
}

/// Whether a line names a website rather than an article ("… Official Website").
pub(crate) fn is_site_header(text: &str) -> bool {
    static SITE: LazyLock<Regex> = LazyLock::new(|| {
        let names = alt(SITE_NAMES.patterns());
        Regex::new(&format!(r"(?i)(?:{names})\s*$")).expect("site regex")
    });
    SITE.is_match(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remainder(s: &str) -> String {
        date_line_remainder(s, super::super::keywords::cues(&crate::text::fold_ws(s)))
    }

    fn kind(s: &str) -> Kind {
        classify(s).kind
    }

    #[test]
    fn metadata_lines() {
        assert_eq!(kind("Release date: 2020-01-02 10:00"), Kind::HeaderMeta);
        assert_eq!(kind("Date Add in:2020-01-02 10:00:01"), Kind::HeaderMeta);
        assert_eq!(kind("Information source: Example Evening News"), Kind::HeaderMeta);
        assert_eq!(kind("From:某某新闻网 | Date Add in:2020-01-02 11:00:00 [A  A]"), Kind::HeaderMeta);
        assert_eq!(kind("来源：某某日报"), Kind::HeaderMeta);
        assert_eq!(kind("Updated: 2020-05-06"), Kind::HeaderMeta);
        assert_eq!(kind("Example Post Updated: 2020-05-06"), Kind::HeaderMeta);
        assert_eq!(kind("2020-05-06 12:00   Agency"), Kind::HeaderMeta);
        assert_eq!(kind("By Li Ming"), Kind::HeaderMeta);
        assert_eq!(kind("Posted on March 5, 2020 by admin"), Kind::HeaderMeta);
        assert_eq!(kind("Size: 【 Big Middle Small 】 Print"), Kind::HeaderMeta);
        assert_eq!(kind("Share on FacebookShare on Twitter"), Kind::HeaderMeta);
        assert_eq!(kind("//site.example  Author:  Source:agency  Editor:Wu Di"), Kind::HeaderMeta);
    }

    #[test]
    fn date_prefixed_headline_has_rest() {
        let v = classify(" date 2020-02-03 Members Visit the New Studio".trim());
        assert_eq!(v.kind, Kind::HeaderMeta);
        assert_eq!(v.rest, Some(16));
        assert_eq!(classify("2020-02-03 12:00 Agency").rest, None);
    }

    #[test]
    fn comment_forms_footers_and_widgets() {
        for s in [
            "Leave a Reply",
            "Your email address will not be published.",
            "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
            "LEAVE A REPLY",
            "Please enter your name here",
            "Copyright © 2020 Example Group. All rights reserved.",
            "ICP NO:01234567",
            "京ICP备12345678号-1",
            "Sponsored by Example Municipal People's Government",
            "Please refer to when using this article",
            "Subscribe to us on YouTube:",
            "Related Articles",
            "For more:",
            "Previous: Another headline here",
            "Website",
        ] {
            assert_ne!(kind(s), Kind::Text, "{s}");
        }
    }

    #[test]
    fn navigation_lines() {
        for s in [
            "  • About Town".trim(),
            "Home > News > Local",
            "> Local Today",
            "Current location: Home",
            "您当前的位置 : 某网  >  English",
            "返回首页 >",
            "Home / News",
            "Language: English | Chinese",
            "1. 1",
            "-",
        ] {
            assert_ne!(kind(s), Kind::Text, "{s}");
        }
    }

    #[test]
    fn junk_lines() {
        assert_eq!(kind("图片_20200101.jpg"), Kind::Junk);
        assert_eq!(kind("{$loop_num=0}"), Kind::Junk);
    }

    #[test]
    fn article_text_stays_text() {
        for s in [
            "Members of the county committee visited three villages on Monday.",
            "City deputies listen to voters on waste sorting",
            "On June 3, 2021, the committee met in the town hall to discuss parking.",
            "Legislation at the doorstep",
        ] {
            assert_eq!(kind(s), Kind::Text, "{s}");
        }
    }

    #[test]
    fn remainder_of_date_lines() {
        assert_eq!(remainder("Updated: 2020-05-06 example.com.cn"), "example.com.cn");
        assert_eq!(remainder("2020-05-06 0 By"), "");
        assert_eq!(remainder("Agency, 3 Mar 2020"), "Agency");
    }

    #[test]
    fn footer_openers() {
        assert!(closes_article("2 Comments"));
        assert!(closes_article("Leave a Reply"));
        assert!(closes_article("Related Articles"));
        assert!(closes_article("Copyright © 2020 Example"));
        assert!(!closes_article("Members commented on the plan."));
        assert_eq!(kind("2 Comments"), Kind::Meta);
    }

    #[test]
    fn site_headers() {
        assert!(is_site_header("Example City People's Government Official Website"));
        assert!(!is_site_header("City leaders visit studio"));
    }

    /// Whether `example` holds `rule`, ignoring ASCII case: an example is about its rule.
    fn holds(example: &str, rule: &str) -> bool {
        example.to_ascii_lowercase().contains(&rule.to_ascii_lowercase())
    }

    #[test]
    fn every_metadata_label_opens_a_head_line() {
        for r in &METADATA_LABELS.rules {
            let ex = r.example();
            assert!(holds(ex, r.pattern()), "metadata_labels.tsv:{}: {ex:?}", r.line);
            assert!(
                HEADER_LABEL_START.is_match(ex),
                "metadata_labels.tsv:{}: {ex:?} does not start with a label",
                r.line
            );
            assert_eq!(kind(ex), Kind::HeaderMeta, "metadata_labels.tsv:{}: {ex:?}", r.line);
            // A label anywhere after a separator counts too (two make a metadata line).
            assert!(ANY_LABEL.is_match(&format!("Town News | {ex}")), "metadata_labels.tsv:{}", r.line);
        }
    }

    #[test]
    fn every_footer_label_opens_a_footer_line() {
        for r in &FOOTER_LABELS.rules {
            let ex = r.example();
            assert!(holds(ex, r.pattern()), "footer_labels.tsv:{}: {ex:?}", r.line);
            assert!(FOOTER_LABEL_START.is_match(ex), "footer_labels.tsv:{}: {ex:?}", r.line);
            assert_eq!(kind(ex), Kind::Meta, "footer_labels.tsv:{}: {ex:?}", r.line);
        }
    }

    #[test]
    fn every_footer_opener_closes_the_article() {
        for r in &FOOTER_OPENERS.rules {
            let ex = r.example();
            assert!(holds(ex, r.pattern()), "footer_openers.tsv:{}: {ex:?}", r.line);
            assert!(closes_article(ex), "footer_openers.tsv:{}: {ex:?}", r.line);
            assert_eq!(kind(ex), Kind::Meta, "footer_openers.tsv:{}: {ex:?}", r.line);
        }
    }

    #[test]
    fn every_boilerplate_phrase_marks_its_line() {
        for r in &BOILERPLATE_PHRASES.rules {
            let ex = r.example();
            assert!(holds(ex, r.pattern()), "boilerplate_phrases.tsv:{}: {ex:?}", r.line);
            assert!(PHRASES.is_match(ex), "boilerplate_phrases.tsv:{}: {ex:?}", r.line);
            assert!(matches!(kind(ex), Kind::Meta | Kind::HeaderMeta), "boilerplate_phrases.tsv:{}: {ex:?}", r.line);
        }
    }

    #[test]
    fn every_location_label_opens_a_breadcrumb() {
        for r in &LOCATION_LABELS.rules {
            let ex = r.example();
            assert!(holds(ex, r.pattern()), "location_labels.tsv:{}: {ex:?}", r.line);
            assert_eq!(kind(ex), Kind::Nav, "location_labels.tsv:{}: {ex:?}", r.line);
        }
    }

    #[test]
    fn every_site_name_ends_a_site_header() {
        for r in &SITE_NAMES.rules {
            let ex = r.example();
            assert!(holds(ex, r.pattern()), "site_names.tsv:{}: {ex:?}", r.line);
            assert!(is_site_header(ex), "site_names.tsv:{}: {ex:?}", r.line);
        }
    }

    #[test]
    fn every_stamp_word_leaves_the_stamp_line() {
        for r in &STAMP_WORDS.rules {
            let ex = r.example();
            assert!(holds(ex, r.pattern()), "stamp_words.tsv:{}: {ex:?}", r.line);
            assert_eq!(remainder(ex), "", "stamp_words.tsv:{}: {ex:?}", r.line);
        }
        for r in WIDGET_WORDS.rules.iter().filter(|r| r.field(1) == Some("drop")) {
            let line = format!("2020-05-06 {}", r.example());
            assert_eq!(remainder(&line), "", "widget_words.tsv:{}: {line:?}", r.line);
        }
    }

    #[test]
    fn every_widget_phrase_marks_a_head_line() {
        for r in &WIDGET_PHRASES.rules {
            let ex = r.example();
            assert!(WIDGET.is_match(ex), "widget_phrases.tsv:{}: {ex:?}", r.line);
            assert_eq!(kind(ex), Kind::HeaderMeta, "widget_phrases.tsv:{}: {ex:?}", r.line);
        }
        // Any whitespace between the letters; not letters inside words.
        assert_eq!(kind("Font: A\u{3000}a\u{a0}A"), Kind::HeaderMeta);
        assert_eq!(kind("Java a Ankang"), Kind::Text);
    }
}
