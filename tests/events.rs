//! Event and topic extraction on real article text: the embedded seeds and short
//! passages written in the style of the dev articles.

use xieshang::extract::{extract, Entities, Event, Gazetteer, Role};
use xieshang::sample::SEEDS;

fn seed(prefix: &str) -> &'static str {
    SEEDS.iter().find(|(id, _)| id.starts_with(prefix)).map(|(_, raw)| *raw).expect("seed present")
}

fn entities(raw: &str) -> Entities {
    extract(raw, &xieshang::normalize(raw), Gazetteer::embedded())
}

fn of_type<'a>(e: &'a Entities, kind: &str) -> Vec<&'a Event> {
    e.events.iter().filter(|x| x.event_type == kind).collect()
}

fn roles(e: &Event, name: &str) -> Vec<Role> {
    let mut r: Vec<Role> = e.participants.iter().filter(|p| p.name == name).map(|p| p.role).collect();
    r.sort();
    r
}

fn adcodes(e: &Event) -> Vec<&str> {
    e.places.iter().filter_map(|p| p.adcode.as_deref()).collect()
}

/// Every span of an event indexes the raw text, and the phrase is printed there.
fn spans_hold(raw: &str, e: &Entities) {
    for ev in &e.events {
        assert_eq!(raw[ev.span.start..ev.span.end].split_whitespace().collect::<Vec<_>>().join(" "), ev.text);
        if let Some(d) = &ev.date {
            assert_eq!(&raw[d.span.start..d.span.end], d.text);
        }
        for p in &ev.places {
            assert!(raw.get(p.span.start..p.span.end).is_some());
        }
        for p in &ev.participants {
            assert!(raw.get(p.span.start..p.span.end).is_some_and(|s| p.name.contains(s) || s.contains(&p.name)));
        }
    }
    for t in &e.topics {
        assert_eq!(raw[t.span.start..t.span.end].split_whitespace().collect::<Vec<_>>().join(" "), t.term);
    }
}

#[test]
fn seed_000_work_promotion_meeting_in_hangzhou_yesterday() {
    let raw = seed("000_");
    let e = entities(raw);
    spans_hold(raw, &e);
    let meetings = of_type(&e, "event.work_promotion_meeting");
    assert_eq!(meetings.len(), 1, "{:#?}", e.events);
    let m = meetings[0];
    assert_eq!(m.text, "living room work promotion meeting");
    assert_eq!(adcodes(m), ["330100"]);
    let date = m.date.as_ref().expect("dated");
    assert_eq!((date.from.iso(), date.to, date.text.as_str()), ("2021-10-09".to_string(), None, "Yesterday"));
    // "Ge Huijun attended the meeting and delivered a speech": nobody is said to preside,
    // so the one who attended and addressed it is its presider, marked as inferred.
    assert_eq!(roles(m, "Ge Huijun"), [Role::Presided, Role::Spoke, Role::Attended]);
    let presided: Vec<_> = m.participants.iter().filter(|p| p.role == Role::Presided).collect();
    assert_eq!(presided.len(), 1);
    assert!(presided[0].inferred && presided[0].name == "Ge Huijun");
    assert!(m.participants.iter().filter(|p| p.role != Role::Presided).all(|p| !p.inferred));
    // "Gao Linghui, chairman of the CPPCC, made an exchange speech"
    assert_eq!(roles(m, "Gao Linghui"), [Role::Spoke]);
    // "CPPCC Vice Chairman Sun Jianhua, ..., and Sheng Fuxiang participated."
    for name in ["Sun Jianhua", "Zhu Jingqi", "Dai Ming", "Sheng Fuxiang"] {
        assert_eq!(roles(m, name), [Role::Attended], "{name}");
    }
    // the exchange speech is a role, not a second event
    assert!(of_type(&e, "event.experience_exchange").is_empty(), "{:#?}", e.events);
}

#[test]
fn seed_003_field_visits_span_four_days_across_three_cities() {
    let raw = seed("003_");
    let e = entities(raw);
    spans_hold(raw, &e);
    let visits = of_type(&e, "event.research");
    assert_eq!(visits.len(), 1, "{:#?}", e.events);
    let v = visits[0];
    assert_eq!(v.text, "field visits");
    let date = v.date.as_ref().expect("dated");
    assert_eq!(date.from.iso(), "2023-08-09");
    assert_eq!(date.to.map(|d| d.iso()).as_deref(), Some("2023-08-12"));
    // "They visited Xing’an League, Tongliao City, and Chifeng City"
    assert_eq!(adcodes(v), ["152200", "150500", "150400"]);

    // the exchange meeting: one event for its five mentions, on August 12 in Chifeng
    let meetings = of_type(&e, "event.experience_exchange");
    assert_eq!(meetings.len(), 1, "{:#?}", e.events);
    let m = meetings[0];
    assert_eq!(m.date.as_ref().map(|d| d.from.iso()).as_deref(), Some("2023-08-12"));
    assert_eq!(adcodes(m), ["150400"]);
    // "The meeting was attended by Zhang Yankun"
    assert_eq!(roles(m, "Zhang Yankun"), [Role::Attended]);
}

#[test]
fn seed_004_symposium_at_a_liaison_station() {
    let raw = seed("004_");
    let e = entities(raw);
    spans_hold(raw, &e);
    let s = of_type(&e, "event.symposium");
    assert_eq!(s.len(), 1, "{:#?}", e.events);
    assert_eq!(s[0].date.as_ref().map(|d| d.from.iso()).as_deref(), Some("2022-01-17"));
    assert_eq!(roles(s[0], "Zhang Bing"), [Role::Attended]);
    // "Other leaders also attended the symposium such as Liu Dongsheng, ... and Ao Kaoquan"
    assert_eq!(roles(s[0], "Liu Dongsheng"), [Role::Attended]);
    assert_eq!(roles(s[0], "Ao Kaoquan"), [Role::Attended]);
    let topics: Vec<&str> = e.topics.iter().map(|t| t.topic.as_str()).collect();
    assert!(topics.contains(&"common_prosperity") && topics.contains(&"grassroots_governance"), "{topics:?}");
}

#[test]
fn every_seed_has_sound_spans_and_no_event_without_a_cue() {
    for (id, raw) in SEEDS {
        let e = entities(raw);
        spans_hold(raw, &e);
        for ev in &e.events {
            assert!(ev.event_type.starts_with("event."), "{id}: {ev:?}");
            if ev.event_type == "event.research" || ev.event_type == "event.inspection" {
                assert!(ev.participants.iter().all(|p| !p.inferred), "{id}: visits have no presider: {ev:?}");
            }
        }
    }
}

fn page(body: &str) -> String {
    format!(
        "Home > News > Local\nCPPCC news\nRelease date: 2023-09-14 10:20\nInformation source: Jiaxing Daily\n\n{body}\n\nLeave a Reply\n"
    )
}

#[test]
fn organizer_presider_and_a_date_range() {
    let raw = page(
        "From September 4 to 6, the CPPCC Jiaxing Municipal Committee held a special consultative meeting on elderly care in Nanhu District. \
         The meeting was presided over by Gao Linghui, chairman of the CPPCC Jiaxing Municipal Committee. \
         Zhang Bing attended the meeting and delivered a speech.",
    );
    let e = entities(&raw);
    spans_hold(&raw, &e);
    let m = of_type(&e, "event.consultation_meeting");
    assert_eq!(m.len(), 1, "{:#?}", e.events);
    let m = m[0];
    assert_eq!(m.text, "special consultative meeting");
    let d = m.date.as_ref().expect("dated");
    assert_eq!((d.from.iso(), d.to.map(|x| x.iso())), ("2023-09-04".into(), Some("2023-09-06".into())));
    assert_eq!(m.organizer.as_ref().map(|o| o.canonical.as_str()), Some("CPPCC Jiaxing Municipal Committee"));
    assert_eq!(adcodes(m), ["330402"]);
    assert_eq!(roles(m, "Gao Linghui"), [Role::Presided]);
    assert_eq!(roles(m, "Zhang Bing"), [Role::Spoke, Role::Attended]);
    assert!(m.participants.iter().all(|p| !p.inferred), "a stated presider leaves nothing to infer");
    assert!(e.topics.iter().any(|t| t.topic == "elderly_care" && t.term == "elderly care"));
}

#[test]
fn weekday_and_day_of_month_dates() {
    // published Thursday 2023-09-14
    let raw = page("On Monday, a symposium was held in Haining. Li Ming led a research team to Tongxiang on the 12th.");
    let e = entities(&raw);
    let s = of_type(&e, "event.symposium");
    assert_eq!(s.len(), 1, "{:#?}", e.events);
    assert_eq!(s[0].date.as_ref().map(|d| d.from.iso()).as_deref(), Some("2023-09-11"));
    assert_eq!(adcodes(s[0]), ["330481"]);
    let r = of_type(&e, "event.research");
    assert_eq!(r.len(), 1, "{:#?}", e.events);
    assert_eq!(
        r[0].date.as_ref().map(|d| (d.from.iso(), d.text.clone())),
        Some(("2023-09-12".into(), "on the 12th".into()))
    );
    assert_eq!(adcodes(r[0]), ["330483"]);
    assert_eq!(roles(r[0], "Li Ming"), [Role::Led]);
}

#[test]
fn platform_names_and_generic_statements_are_not_events() {
    let raw = page(
        "The committee members' living room in Nanhu District opened its doors to residents. \
         Plenary sessions are the highest form of consultation, and inspections are a routine duty of members.",
    );
    let e = entities(&raw);
    assert!(e.events.is_empty(), "{:#?}", e.events);
}

#[test]
fn related_links_after_the_body_are_not_read() {
    let raw = format!(
        "{}\nRelated news\nCPPCC holds symposium on rural revitalization\nCity leaders attended a work conference\n",
        page("Deputies of Nanhu District visited residents to hear their opinions on parking.")
    );
    let norm = xieshang::normalize(&raw);
    assert!(!norm.body.contains("symposium"), "{}", norm.body);
    let e = extract(&raw, &norm, Gazetteer::embedded());
    assert!(e.events.is_empty(), "{:#?}", e.events);
    assert!(e.topics.iter().all(|t| t.topic != "rural_revitalization"), "{:#?}", e.topics);
}

#[test]
fn chinese_meeting_with_a_chinese_date() {
    let raw = page("9月12日，嘉兴市政协召开委员会客厅工作推进会。");
    let e = entities(&raw);
    let m = of_type(&e, "event.work_promotion_meeting");
    assert_eq!(m.len(), 1, "{:#?}", e.events);
    assert_eq!(m[0].date.as_ref().map(|d| d.from.iso()).as_deref(), Some("2023-09-12"));
}

#[test]
fn seed_001_work_conference_and_no_discipline_inspection_tour() {
    let raw = seed("001_");
    let e = entities(raw);
    spans_hold(raw, &e);
    let c = of_type(&e, "event.work_conference");
    assert_eq!(c.len(), 1, "{:#?}", e.events);
    assert_eq!(c[0].text, "Party Building Work Conference");
    assert!(roles(c[0], "Song Zhiheng").contains(&Role::Presided), "{:#?}", c[0].participants);
    // "strengthen discipline inspection and supervision" is not an inspection tour
    assert!(of_type(&e, "event.inspection").is_empty(), "{:#?}", e.events);
    assert!(e.topics.iter().any(|t| t.topic == "party_building"));
}
