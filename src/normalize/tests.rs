//! Whole-page tests with short pages written for the tests.

use super::*;
use crate::model::{PartialDate, Precision, Span};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn slice(raw: &str, s: Span) -> &str {
    raw.get(s.start..s.end).expect("span on char boundaries")
}

const P1: &str = "On Monday, members of the town committee visited the riverside studio and listened to residents on parking problems.";
const P2: &str =
    "The studio was set up last year and has since received more than two hundred residents, officials said.";

#[test]
fn daily_page_with_repeated_headline_metadata_and_comment_form() {
    let raw = format!(
        "Town members visit riverside studio\n\nA special meeting on parking was held in Pingyang\n\nTown members visit riverside studio\n\nRelease date: 2022-05-04 09:30\n\nInformation source: Pingyang Evening News\n\n\n{P1}\n\n{P2}\n\n\nLeave a Reply\n\nYour email address will not be published.\n\nRequired fields are marked *\n\nPost Comment\n"
    );
    let n = normalize(&raw);
    let t = n.title.as_ref().expect("title");
    assert_eq!(t.value, "Town members visit riverside studio");
    assert_eq!(slice(&raw, t.span), t.value);
    let p = n.published.as_ref().expect("published");
    assert_eq!(p.value, PartialDate::day(d(2022, 5, 4)));
    assert!(slice(&raw, p.span).starts_with("2022-05-04"));
    assert_eq!(n.source.as_ref().map(|s| s.value.as_str()), Some("Pingyang Evening News"));
    assert_eq!(n.dateline, None);
    assert_eq!(n.body, format!("{P1}\n\n{P2}"));
    assert_eq!(n.body_spans.len(), 2);
    assert_eq!(slice(&raw, n.body_spans[0]), P1);
    assert_eq!(n.language, "en");
}

#[test]
fn portal_page_with_menu_widget_and_footers() {
    let raw = format!(
        "-\nSpecial Column\n  • About Town\n    • Snapshot\n    • Economy\n  • 用户体验\n    • 信息构建\n  • AllDocsList\nThree Ways to Serve Residents Better\nFrom:某某新闻网 | Date Add in:2023-12-06 11:33:20 [A  A]\n\n{P1}\n\n{P2}\n\n\n\nSponsored by Town People's Government, Undertaken by Town Normal University\nICP NO:01234567\n"
    );
    let n = normalize(&raw);
    assert_eq!(n.title.map(|t| t.value).as_deref(), Some("Three Ways to Serve Residents Better"));
    assert_eq!(n.published.map(|p| p.value.date), Some(d(2023, 12, 6)));
    assert_eq!(n.source.map(|s| s.value).as_deref(), Some("某某新闻网"));
    assert_eq!(n.body, format!("{P1}\n\n{P2}"));
}

#[test]
fn date_prefixed_headline_caps_dateline_and_share_line() {
    let raw = format!(" date 2023-08-13 Regional Meeting on Grassroots Consultation Held\n\nTONGLIAO CITY, INNER MONGOLIA – {P1}\n\n{P2}\n\nShare this: Twitter\n\nFacebook\n\n");
    let n = normalize(&raw);
    assert_eq!(n.title.as_ref().map(|t| t.value.as_str()), Some("Regional Meeting on Grassroots Consultation Held"));
    assert_eq!(n.published.as_ref().map(|p| p.value.date), Some(d(2023, 8, 13)));
    let dl = n.dateline.as_ref().expect("dateline");
    assert_eq!(dl.value, "TONGLIAO CITY, INNER MONGOLIA");
    assert_eq!(slice(&raw, dl.span), dl.value);
    assert!(n.body.starts_with("On Monday, members"));
    assert!(n.body.ends_with("officials said."));
    assert_eq!(slice(&raw, n.body_spans[0]), P1);
    assert_eq!(n.source, None);
}

#[test]
fn agency_dateline_gives_source_and_kicker_block_gives_middle_line() {
    let raw = format!(
        " date 2022-03-30 Build a better city together\n\nProvincial advisors open annual session\n\nChen Ming made a report, Li Hua presided over and Wang Jun, Zhao Lei and others attended to congratulate\n\nHEFEI, March 29 (Xinhua) -- {P1}\n\n{P2}\n"
    );
    let n = normalize(&raw);
    assert_eq!(n.title.map(|t| t.value).as_deref(), Some("Provincial advisors open annual session"));
    assert_eq!(n.dateline.map(|t| t.value).as_deref(), Some("HEFEI"));
    assert_eq!(n.source.map(|t| t.value).as_deref(), Some("Xinhua"));
    assert!(n.body.starts_with("On Monday"));
}

#[test]
fn truncated_teaser_lead_is_dropped_and_no_headline_is_none() {
    let raw = format!(
        "On May 3, the county Party Building Conference of the CPPCC System was held to sum up work and deploy related tasks for the coming year, with the chairman presid\n\nOn May 3, the Party Building Conference of the county CPPCC System was held to sum up work and deploy related tasks for the year. The chairman presided.\n\n{P2}\n\n(Source: County People's Government website) [For submissions, please email us.]\n"
    );
    let n = normalize(&raw);
    assert_eq!(n.title, None);
    assert_eq!(n.published, None, "a page that states no date has none");
    assert!(n.body.starts_with("On May 3, the Party Building Conference"), "{}", n.body);
    assert!(n.body.ends_with("officials said."));
    assert_eq!(n.source.map(|s| s.value).as_deref(), Some("County People's Government website"));
}

#[test]
fn chrome_dates_breadcrumbs_and_column_labels() {
    let raw = format!(
        "Tuesday, August 26, 2025\nHome > News > Local\n\nWorldToday | Deputies hear voters at the doorstep\n\n2023-03-20 10:02   Example Wire\n\n{P1}\n\n{P2}\n\n猜你喜欢\n\n热点新闻\n"
    );
    let n = normalize(&raw);
    assert_eq!(n.title.map(|t| t.value).as_deref(), Some("Deputies hear voters at the doorstep"));
    assert_eq!(n.published.map(|p| p.value.date), Some(d(2023, 3, 20)));
    assert_eq!(n.source.map(|s| s.value).as_deref(), Some("Example Wire"));
    assert_eq!(n.body, format!("{P1}\n\n{P2}"));
}

#[test]
fn chinese_and_english_date_formats_in_the_head() {
    for (stamp, want) in [
        ("发布时间：2023年12月06日 09:55", d(2023, 12, 6)),
        ("Updated: Dec 6, 2023", d(2023, 12, 6)),
        ("6 December 2023", d(2023, 12, 6)),
        ("Posted: 12-06-2023 08:20", d(2023, 12, 6)),
        ("Pub Date:23-12-06", d(2023, 12, 6)),
        ("Time:2023.12.06", d(2023, 12, 6)),
    ] {
        let raw = format!("Members discuss elderly care services\n\n{stamp}\n\n{P1}\n\n{P2}\n");
        let n = normalize(&raw);
        assert_eq!(n.published.as_ref().map(|p| p.value.date), Some(want), "{stamp}");
        assert_eq!(
            n.title.as_ref().map(|t| t.value.as_str()),
            Some("Members discuss elderly care services"),
            "{stamp}"
        );
        assert!(!n.body.contains(stamp), "{stamp}");
    }
}

#[test]
fn stamp_without_year_gives_no_date_and_url_is_last_resort() {
    let raw = format!("Members discuss elderly care services\n\nNovember 21\n\n{P1}\n\n{P2}\n");
    assert_eq!(normalize(&raw).published, None);
    let n = Normalizer::default().normalize(&raw, Some("http://example.cn/news/2017-03/14/content_1.htm"));
    assert_eq!(n.published.map(|p| p.value.date), Some(d(2017, 3, 14)));
}

#[test]
fn hard_wrapped_lines_are_one_paragraph_not_a_headline() {
    let raw = "Local legislators and political advisors, who also work as\nfarmers, factory workers, village officials and residential\ncommittee heads, bring their proposals to the annual sessions.\nThey said the problems are simple but real.\n";
    let n = normalize(raw);
    assert_eq!(n.title, None);
    assert_eq!(n.body_spans.len(), 2);
    assert!(n.body.starts_with("Local legislators and political advisors, who also work as\nfarmers"));
}

#[test]
fn event_dates_are_resolved_against_the_stamp() {
    let raw = "Members visit riverside studio\n\nRelease date: 2023-08-13\n\nYesterday, members met in the studio. Field visits ran from August 9th to 12th, and a second round is planned for October 3.\n";
    let n = normalize(raw);
    let ev = &n.event_dates;
    assert!(ev.iter().any(|e| e.text == "Yesterday" && e.start == Some(PartialDate::day(d(2023, 8, 12)))), "{ev:?}");
    assert!(ev.iter().any(|e| e.text == "from August 9th to 12th" && e.end == Some(PartialDate::day(d(2023, 8, 12)))));
    assert!(ev.iter().any(|e| e.text == "October 3" && e.start.map(|s| s.precision) == Some(Precision::Day)));
    for e in ev {
        assert_eq!(slice(raw, e.span), e.text);
    }
}

#[test]
fn corpus_template_lines_are_removed() {
    let footer = "Scan to follow our account";
    let docs: Vec<String> = (0..6).map(|i| format!("Headline number {i} for the test\n\nRelease date: 2020-01-0{}\n\n{P1}\n\n{P2}\n\n{footer}\n\nHotline 12345 weekday mornings only", i + 1)).collect();
    let nz = Normalizer::from_corpus(docs.iter().map(String::as_str));
    assert!(nz.is_template(footer));
    assert!(!nz.is_template(P1), "long sentences are never template");
    let raw = format!("Another headline for the test\n\nRelease date: 2020-02-01\n\n{P1}\n\n{footer}\n\n{P2}\n");
    let n = nz.normalize(&raw, None);
    assert!(!n.body.contains(footer));
    assert!(normalize(&raw).body.contains(footer), "without corpus evidence the line stays");
    assert_eq!(n.title.map(|t| t.value).as_deref(), Some("Another headline for the test"));
}

#[test]
fn repeated_junk_line_and_labelled_outlet_author() {
    let raw = format!("The moon is bright over the quiet river tonight, and the boats are home\n\nauthor:Example Online\n\nProvincial congress leader inspects township work\n\nExample Daily, New Example Client, May 9 (Correspondent Li Si) {P1}\n\nThe moon is bright over the quiet river tonight, and the boats are home\n\n{P2}\n\nThe moon is bright over\n");
    let n = normalize(&raw);
    assert_eq!(n.title.map(|t| t.value).as_deref(), Some("Provincial congress leader inspects township work"));
    assert_eq!(n.source.map(|t| t.value).as_deref(), Some("Example Online"));
    assert_eq!(n.dateline, None);
    assert_eq!(n.body, format!("{P1}\n\n{P2}"));
}

#[test]
fn chinese_body_is_zh() {
    let raw = "委员工作室建设推进会召开\n\n来源：某某日报\n\n近日，某某区政协召开委员工作室建设推进会，总结交流经验，部署下一阶段工作任务。会议要求各委员工作室进一步发挥作用。\n";
    let n = normalize(raw);
    assert_eq!(n.language, "zh");
    assert_eq!(n.title.map(|t| t.value).as_deref(), Some("委员工作室建设推进会召开"));
    assert_eq!(n.source.map(|t| t.value).as_deref(), Some("某某日报"));
}

#[test]
fn empty_and_odd_inputs() {
    for raw in ["", "\n\n\n", "   ", "a", "•\n•\n•", "2020-01-01", "日"] {
        let n = normalize(raw);
        for s in &n.body_spans {
            assert!(raw.get(s.start..s.end).is_some());
        }
    }
    assert_eq!(normalize("").body, "");
}

#[test]
fn short_cut_off_teaser_above_the_body_is_not_a_headline() {
    let raw = format!("{}\n\n{P1} The chairman spoke.\n\n{P2}\n", &P1[..80].trim_end());
    let n = normalize(&raw);
    assert_eq!(n.title, None, "{:?}", n.title);
    assert!(n.body.starts_with("On Monday, members of the town committee visited the riverside studio and listened to residents on parking problems. The chairman"));
    assert_eq!(n.body_spans.len(), 2);
}

#[test]
fn a_question_headline_without_metadata() {
    let raw = format!("How do deputies hear voters at the doorstep?\n\n{P1}\n\n{P2}\n");
    let n = normalize(&raw);
    assert_eq!(n.title.map(|t| t.value).as_deref(), Some("How do deputies hear voters at the doorstep?"));
    assert!(n.body.starts_with("On Monday"));
}

#[test]
fn closing_credit_on_its_own_line_gives_source_and_date() {
    let raw = format!("Members discuss elderly care services\n\n{P1}\n\n{P2}\n\n(CCTV March 3, 2010)\n");
    let n = normalize(&raw);
    assert_eq!(n.source.map(|s| s.value).as_deref(), Some("CCTV"));
    assert_eq!(n.published.map(|p| p.value.date), Some(d(2010, 3, 3)));
    assert!(!n.body.contains("CCTV"));
}

#[test]
fn normalizer_is_send_sync_and_debug_is_short() {
    fn assert_traits<T: Clone + std::fmt::Debug + Default + Send + Sync>() {}
    assert_traits::<Normalizer>();
    let docs: Vec<String> = (0..10).map(|i| format!("Line shared by all\nLine {i}")).collect();
    let nz = Normalizer::from_corpus(docs.iter().map(String::as_str));
    assert_eq!(nz.template_lines(), 1);
    assert_eq!(format!("{nz:?}"), "Normalizer { template_lines: 1 }");
    let mut c = CorpusCounter::new().with_thresholds(2, 0.5);
    c.add("a b\nc d");
    c.add("a b\ne f");
    assert_eq!(c.documents(), 2);
    assert!(c.finish().is_template("A  b"));
}

#[test]
fn related_link_lists_after_the_article_are_footer() {
    let raw = format!("Members discuss elderly care services\n\nRelease date: 2023-03-05\n\n{P1}\n\n{P2}\n\nRelated Articles\n\nCity members visit farms to learn about the progress of tea growing\n\nDeputies inspect the river and hear from villagers about the water quality\n");
    let n = normalize(&raw);
    assert_eq!(n.body, format!("{P1}\n\n{P2}"));
}

#[test]
fn teaser_with_ellipsis_is_dropped() {
    let raw = format!(
        "Members discuss elderly care services\n\nRelease date: 2023-03-05\n\n{}...\n\n{P1}\n\n{P2}\n",
        &P1[..60]
    );
    let n = normalize(&raw);
    assert_eq!(n.body, format!("{P1}\n\n{P2}"));
}

#[test]
fn published_stamp_beats_updated_stamp() {
    let raw = format!("Members discuss elderly care services\n\nUpdated: 2023-03-07 08:00 | Published: 2023-03-05 10:00\n\n{P1}\n\n{P2}\n");
    assert_eq!(normalize(&raw).published.map(|p| p.value.date), Some(d(2023, 3, 5)));
    let raw = format!("Members discuss elderly care services\n\nUpdated: 2023-03-07 08:00\n\n{P1}\n\n{P2}\n");
    assert_eq!(normalize(&raw).published.map(|p| p.value.date), Some(d(2023, 3, 7)));
}

#[test]
fn a_lead_printed_twice_in_full_is_kept_once() {
    let raw = format!("{P1}\n\n{P1}\n\n{P2}\n");
    let n = normalize(&raw);
    assert_eq!(n.body, format!("{P1}\n\n{P2}"));
}
