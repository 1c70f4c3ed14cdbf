//! The writer: the statements that store one article's rows (the article, its dates,
//! entities and signature), the full-text rows, the ingest errors and the build's
//! corpus evidence. Inserts and updates only; what a build reads back is in `stored.rs`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{NaiveDate, Utc};
use rusqlite::{named_params, Connection, OptionalExtension};

use super::schema::sql_file;
use crate::dedup::Signature;
use crate::error::Result;
use crate::extract::{self, Division, Entities, Gazetteer};
use crate::model::{BuildReport, Document, IngestError, Normalized, PartialDate, Span};
use crate::normalize::{self, CorpusCounter};
use crate::text::fold;

const INSERT_ARTICLE: &str = sql_file!("queries/insert_article.sql");
const INSERT_ARTICLE_DATE: &str = sql_file!("queries/insert_article_date.sql");
const INSERT_INGEST_ERROR: &str = sql_file!("queries/insert_ingest_error.sql");
const ARTICLE_BY_SHA: &str = sql_file!("queries/article_by_sha.sql");
const INSERT_PERSON: &str = sql_file!("queries/insert_person.sql");
const PERSON_BY_KEY: &str = sql_file!("queries/person_by_key.sql");
const INSERT_MENTION: &str = sql_file!("queries/insert_mention.sql");
const INSERT_PLACE: &str = sql_file!("queries/insert_place.sql");
const INSERT_ARTICLE_PLACE: &str = sql_file!("queries/insert_article_place.sql");
const INSERT_ORGANIZATION: &str = sql_file!("queries/insert_organization.sql");
const ORGANIZATION_BY_CANONICAL: &str = sql_file!("queries/organization_by_canonical.sql");
const INSERT_ARTICLE_ORGANIZATION: &str = sql_file!("queries/insert_article_organization.sql");
const INSERT_ARTICLE_PLATFORM: &str = sql_file!("queries/insert_article_platform.sql");
const INSERT_ARTICLE_FACT: &str = sql_file!("queries/insert_article_fact.sql");
const INSERT_EVENT: &str = sql_file!("queries/insert_event.sql");
const INSERT_EVENT_PLACE: &str = sql_file!("queries/insert_event_place.sql");
const INSERT_EVENT_PARTICIPANT: &str = sql_file!("queries/insert_event_participant.sql");
const INSERT_ARTICLE_TOPIC: &str = sql_file!("queries/insert_article_topic.sql");
const INSERT_SIGNATURE: &str = sql_file!("queries/insert_signature.sql");
const UPDATE_STORY: &str = sql_file!("queries/update_story.sql");
const UPSERT_CORPUS_LINE: &str = sql_file!("queries/upsert_corpus_line.sql");
const ADD_COUNTED_DOCS: &str = sql_file!("queries/add_counted_docs.sql");
const MARK_COUNTED: &str = sql_file!("queries/mark_counted.sql");
const INSERT_FTS: &str = sql_file!("queries/insert_fts.sql");
const INSERT_CJK: &str = sql_file!("queries/insert_cjk.sql");
const INSERT_BUILD: &str = sql_file!("queries/insert_build.sql");
const INSERT_REBUILD: &str = sql_file!("queries/insert_rebuild.sql");
const COPY_LOGS: [&str; 3] = [
    sql_file!("queries/rebuild_copy_errors.sql"),
    sql_file!("queries/rebuild_copy_builds.sql"),
    sql_file!("queries/rebuild_copy_ingested_at.sql"),
];

/// The time of day as stored (`ingested_at`, the build log).
pub(crate) fn now() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// One article as the build derived it: what [`Writer::article`] stores.
pub(crate) struct ArticleRows<'a> {
    pub doc: &'a Document,
    pub norm: &'a Normalized,
    pub entities: &'a Entities,
    pub signature: &'a Signature,
    /// The title and body as stored (folded).
    pub title: Option<&'a str>,
    pub body: &'a str,
    /// Where the entities are in the stored body.
    pub in_body: &'a BodySpans,
}

/// The span in the stored body (character offsets into `articles.body`) of each person,
/// place, organization and platform mention, in the order of [`Entities`]; `None` for a
/// mention outside the body. See [`crate::normalize::BodyMap::folded_spans`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct BodySpans {
    pub persons: Vec<Option<(usize, usize)>>,
    pub places: Vec<Option<(usize, usize)>>,
    pub orgs: Vec<Option<(usize, usize)>>,
    pub platforms: Vec<Option<(usize, usize)>>,
}

impl BodySpans {
    /// The body spans of `ents`, worked out from the raw text, the normalizer's body and
    /// the body as stored (`folded`).
    pub(crate) fn new(raw: &str, norm: &Normalized, folded: &str, ents: &Entities) -> BodySpans {
        let map = normalize::BodyMap::new(raw, norm.body_spans.iter().copied());
        let spans: Vec<Span> = (ents.persons.iter().map(|x| x.span))
            .chain(ents.places.iter().map(|x| x.span))
            .chain(ents.orgs.iter().map(|x| x.span))
            .chain(ents.platforms.iter().map(|x| x.span))
            .collect();
        let mut all = map.folded_spans(raw, &norm.body, folded, &spans).into_iter();
        let mut take = |n: usize| all.by_ref().take(n).collect::<Vec<_>>();
        BodySpans {
            persons: take(ents.persons.len()),
            places: take(ents.places.len()),
            orgs: take(ents.orgs.len()),
            platforms: take(ents.platforms.len()),
        }
    }

    /// The span of mention `i` of `spans` as stored: `(body_start, body_end)`, NULL outside the body.
    fn get(spans: &[Option<(usize, usize)>], i: usize) -> (Option<i64>, Option<i64>) {
        match spans.get(i).copied().flatten() {
            Some((s, e)) => (i64::try_from(s).ok(), i64::try_from(e).ok()),
            None => (None, None),
        }
    }
}

/// What became of an article handed to [`Writer::article`].
pub(crate) enum Stored {
    /// Stored under this pk.
    Added(i64),
    /// The same bytes are stored already.
    Unchanged,
    /// Another text is stored under its id.
    Rejected(IngestError),
}

/// Stores articles with their rows, remembering what this build stored (see [`Known`]).
#[derive(Default)]
pub(crate) struct Writer {
    known: Known,
}

impl Writer {
    /// Inserts one article with its dates, entities and signature. The insert ignores
    /// any uniqueness conflict; a conflict is then told apart: same bytes (unchanged) or
    /// same id (refused). `counted`: its lines are counted in `corpus_lines` already.
    pub(crate) fn article(&mut self, conn: &Connection, a: &ArticleRows<'_>, counted: bool) -> Result<Stored> {
        if let Some(pk) = insert_article(conn, a, counted, &mut self.known)? {
            return Ok(Stored::Added(pk));
        }
        let same_bytes: Option<String> = conn
            .prepare_cached(ARTICLE_BY_SHA)?
            .query_row(named_params! {":sha256": a.doc.sha256}, |r| r.get(0))
            .optional()?;
        if same_bytes.is_some() {
            return Ok(Stored::Unchanged);
        }
        Ok(Stored::Rejected(IngestError {
            origin: a.doc.origin.clone(),
            kind: "duplicate_id".into(),
            message: format!("id {:?} is already stored with different content; not replaced", a.doc.id),
        }))
    }
}

/// The word index's row of article `pk` (what the `articles_ai` trigger writes).
pub(crate) fn insert_words(conn: &Connection, pk: i64, title: Option<&str>, body: &str) -> Result<()> {
    conn.prepare_cached(INSERT_FTS)?.execute(rusqlite::params![pk, title, body])?;
    Ok(())
}

/// The trigram index's row of article `pk` (what the `articles_cjk_ai` trigger writes).
pub(crate) fn insert_cjk(conn: &Connection, pk: i64, title: Option<&str>, body: Option<&str>) -> Result<()> {
    conn.prepare_cached(INSERT_CJK)?.execute(rusqlite::params![pk, title, body])?;
    Ok(())
}

pub(crate) fn insert_errors(conn: &Connection, errors: &[IngestError]) -> Result<()> {
    let mut stmt = conn.prepare_cached(INSERT_INGEST_ERROR)?;
    let at = now();
    for e in errors {
        stmt.execute(named_params! {
            ":origin": e.origin, ":kind": e.kind, ":message": e.message, ":occurred_at": at,
        })?;
    }
    Ok(())
}

/// Adds a build's line counts to the corpus evidence. `mark`: (the largest pk before
/// the build, the JSON list of the hashes it recounted), whose articles are then marked
/// as counted.
pub(crate) fn add_corpus_counts(conn: &Connection, delta: &CorpusCounter, mark: Option<(i64, &str)>) -> Result<()> {
    let mut up = conn.prepare_cached(UPSERT_CORPUS_LINE)?;
    for (hash, n) in delta.counts() {
        up.execute(named_params! {":hash": hash as i64, ":docs": n as i64})?;
    }
    conn.execute(ADD_COUNTED_DOCS, [delta.documents() as i64])?;
    if let Some((before, recounted)) = mark {
        conn.execute(MARK_COUNTED, named_params! {":before": before, ":recounted": recounted})?;
    }
    Ok(())
}

/// Stores article `pk`'s story (the pk of its canonical copy) and its similarity to it.
pub(crate) fn set_story(conn: &Connection, pk: i64, story_pk: i64, similarity: f64) -> Result<()> {
    conn.prepare_cached(UPDATE_STORY)?
        .execute(named_params! {":story_pk": story_pk, ":similarity": similarity, ":pk": pk})?;
    Ok(())
}

/// Logs a build in `builds`; `inputs` is the JSON list of its inputs.
pub(crate) fn insert_build(conn: &Connection, started: &str, inputs: &str, report: &BuildReport) -> Result<()> {
    conn.execute(
        INSERT_BUILD,
        rusqlite::params![
            started,
            now(),
            inputs,
            report.seen as i64,
            report.added as i64,
            report.unchanged as i64,
            report.errors.len() as i64,
            env!("CARGO_PKG_VERSION")
        ],
    )?;
    Ok(())
}

/// A rebuild's last step: carries `ingested_at`, the ingest error log and the build log
/// over from the database `old` it replaces, and logs the rebuild (started at `started`).
pub(crate) fn copy_logs(conn: &mut Connection, old: &Path, started: &str, report: &BuildReport) -> Result<()> {
    conn.execute("ATTACH DATABASE ?1 AS old", [old.to_string_lossy()])?;
    let tx = conn.transaction()?;
    for sql in COPY_LOGS {
        tx.execute(sql, [])?;
    }
    let row = rusqlite::params![started, now(), report.seen as i64, report.added as i64, env!("CARGO_PKG_VERSION")];
    tx.execute(INSERT_REBUILD, row)?;
    tx.commit()?;
    conn.execute("DETACH DATABASE old", [])?;
    Ok(())
}

/// Converts byte offsets into `raw` to character offsets in one pass.
struct CharOffsets {
    /// (byte offset, char offset), sorted by byte offset.
    table: Vec<(usize, usize)>,
}

impl CharOffsets {
    fn new(raw: &str, mut bytes: Vec<usize>) -> CharOffsets {
        bytes.sort_unstable();
        bytes.dedup();
        let raw = raw.as_bytes();
        let mut table = Vec::with_capacity(bytes.len());
        // Characters starting before `at`: its bytes that are not UTF-8 continuation
        // bytes (0x80..=0xBF). A plain byte count, which the compiler vectorizes; walking
        // `char_indices` cost ~7% of the writer thread.
        let (mut at, mut chars) = (0usize, 0usize);
        for b in bytes {
            let end = b.min(raw.len());
            if end > at {
                chars += raw[at..end].iter().filter(|&&x| (x as i8) >= -0x40).count();
                at = end;
            }
            table.push((b, chars));
        }
        CharOffsets { table }
    }

    fn get(&self, byte: usize) -> i64 {
        match self.table.binary_search_by_key(&byte, |&(b, _)| b) {
            Ok(i) => self.table[i].1 as i64,
            Err(_) => 0,
        }
    }

    fn span(&self, span: Span) -> (i64, i64) {
        (self.get(span.start), self.get(span.end))
    }
}

/// Inserts the article, its dates, entities and signature; its pk, or `None` if a
/// uniqueness conflict (hash or id) kept it out.
fn insert_article(conn: &Connection, a: &ArticleRows<'_>, counted: bool, known: &mut Known) -> Result<Option<i64>> {
    let (doc, norm, ents) = (a.doc, a.norm, a.entities);
    let mut offsets = Vec::new();
    let mut want = |s: Span| {
        offsets.push(s.start);
        offsets.push(s.end);
    };
    norm.title.iter().for_each(|x| want(x.span));
    norm.published.iter().for_each(|x| want(x.span));
    norm.source.iter().for_each(|x| want(x.span));
    norm.dateline.iter().for_each(|x| want(x.span));
    norm.body_spans.iter().for_each(|s| want(*s));
    norm.event_dates.iter().for_each(|d| want(d.span));
    for p in &ents.persons {
        want(p.span);
        p.title_span.iter().for_each(|s| want(*s));
    }
    ents.places.iter().for_each(|x| want(x.span));
    ents.orgs.iter().for_each(|x| want(x.span));
    ents.platforms.iter().for_each(|x| want(x.span));
    ents.counts.iter().for_each(|x| want(x.span));
    for e in &ents.events {
        want(e.span);
        e.date.iter().for_each(|d| want(d.span));
        e.organizer.iter().for_each(|o| want(o.span));
        e.places.iter().for_each(|p| want(p.span));
        e.participants.iter().for_each(|p| want(p.span));
    }
    ents.topics.iter().for_each(|x| want(x.span));
    let chars = CharOffsets::new(&doc.raw, offsets);

    let span = |s: Option<Span>| s.map(|s| chars.span(s));
    let title_span = span(norm.title.as_ref().map(|x| x.span));
    let source_span = span(norm.source.as_ref().map(|x| x.span));
    let dateline_span = span(norm.dateline.as_ref().map(|x| x.span));
    // The page's own date first; else a date the crawler supplied (no span in the text).
    let (published, published_span) = match &norm.published {
        Some(p) => (Some(p.value), span(Some(p.span))),
        None => (doc.hint_date.as_deref().and_then(parse_hint_date), None),
    };
    let body_spans: Vec<[i64; 2]> = norm
        .body_spans
        .iter()
        .map(|s| {
            let (a, b) = chars.span(*s);
            [a, b]
        })
        .collect();
    let source = norm.source.as_ref().map(|s| fold(&s.value));
    let inserted = conn.prepare_cached(INSERT_ARTICLE)?.execute(named_params! {
        ":id": doc.id,
        ":origin": doc.origin,
        ":url": doc.url,
        ":sha256": doc.sha256,
        ":raw": doc.raw,
        ":encoding": doc.encoding,
        ":title": a.title,
        ":title_start": title_span.map(|s| s.0),
        ":title_end": title_span.map(|s| s.1),
        ":published": published.map(|p| p.iso()),
        ":published_precision": published.map(|p| p.precision.as_str()),
        ":published_start": published_span.map(|s| s.0),
        ":published_end": published_span.map(|s| s.1),
        ":source": source,
        ":source_canonical": source.as_deref().map(normalize::canonical_source),
        ":source_start": source_span.map(|s| s.0),
        ":source_end": source_span.map(|s| s.1),
        ":dateline": norm.dateline.as_ref().map(|d| fold(&d.value)),
        ":dateline_start": dateline_span.map(|s| s.0),
        ":dateline_end": dateline_span.map(|s| s.1),
        ":body": a.body,
        ":body_spans": serde_json::to_string(&body_spans)?,
        ":language": norm.language,
        ":ingested_at": now(),
        ":province_adcode": main_province(ents),
        ":counted": counted,
    })?;
    if inserted == 0 {
        return Ok(None);
    }
    let pk = conn.last_insert_rowid();
    if !norm.event_dates.is_empty() {
        let mut stmt = conn.prepare_cached(INSERT_ARTICLE_DATE)?;
        for d in &norm.event_dates {
            let (start, end) = chars.span(d.span);
            stmt.execute(named_params! {
                ":article_pk": pk,
                ":text": d.text,
                ":start": start,
                ":end": end,
                ":date_from": d.start.map(|p| p.iso()),
                ":date_to": d.end.map(|p| p.iso()),
                ":precision": d.start.map(|p| p.precision.as_str()),
            })?;
        }
    }
    insert_entities(conn, pk, ents, a.in_body, &chars, known)?;
    conn.prepare_cached(INSERT_SIGNATURE)?
        .execute(named_params! {":article_pk": pk, ":signature": a.signature.to_bytes()})?;
    Ok(Some(pk))
}

/// The province most often named (directly or through a place inside it).
fn main_province(ents: &Entities) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for p in &ents.places {
        if let Some(code) = p.adcode.as_deref().and_then(|c| c.get(..2)) {
            *counts.entry(code).or_default() += 1;
        }
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(code, _)| format!("{code}0000"))
}

/// What the writer has stored in this build, so that a name met again costs no statement:
/// the ids of persons and organizations by key (an upsert of a known key rewrites its
/// row), and the divisions already in `places`. Each set is emptied when it reaches
/// [`Known::MAX`] entries, so memory stays bounded on any corpus.
#[derive(Default)]
struct Known {
    persons: HashMap<String, i64>,
    orgs: HashMap<String, i64>,
    places: HashSet<String>,
}

impl Known {
    const MAX: usize = 1 << 18;

    /// The id stored under `key` in `map`, or the one `upsert` gives (then remembered).
    fn id(
        map: &mut HashMap<String, i64>,
        key: &str,
        upsert: impl FnOnce() -> rusqlite::Result<i64>,
    ) -> rusqlite::Result<i64> {
        if let Some(&id) = map.get(key) {
            return Ok(id);
        }
        let id = upsert()?;
        if map.len() >= Known::MAX {
            map.clear();
        }
        map.insert(key.to_string(), id);
        Ok(id)
    }

    /// Stores the division `d` in `places` unless this build already did.
    fn place(&mut self, stmt: &mut rusqlite::CachedStatement<'_>, gaz: &Gazetteer, d: &Division) -> Result<()> {
        if self.places.contains(&d.adcode) {
            return Ok(());
        }
        let province = gaz.lineage(d).last().map(|c| c.to_string()).unwrap_or_else(|| d.adcode.clone());
        stmt.execute(named_params! {
            ":adcode": d.adcode, ":name": d.name, ":name_zh": d.name_zh, ":level": d.level.as_str(),
            ":suffix_en": d.suffix_en, ":parent_adcode": d.parent, ":province_adcode": province,
        })?;
        if self.places.len() >= Known::MAX {
            self.places.clear();
        }
        self.places.insert(d.adcode.clone());
        Ok(())
    }
}

/// The id of a row an insert-if-new statement just wrote (`inserted` rows: 1), or, when
/// the row was stored already (0), the one the look-up `find` gives for the same key.
fn inserted_or_found(
    conn: &Connection,
    inserted: usize,
    find: &str,
    key: &[(&str, &dyn rusqlite::ToSql)],
) -> rusqlite::Result<i64> {
    if inserted == 1 {
        return Ok(conn.last_insert_rowid());
    }
    conn.prepare_cached(find)?.query_row(key, |r| r.get(0))
}

fn insert_entities(
    conn: &Connection,
    pk: i64,
    ents: &Entities,
    in_body: &BodySpans,
    chars: &CharOffsets,
    known: &mut Known,
) -> Result<()> {
    let gaz = Gazetteer::embedded();
    // (person id, mention id) of each person, by name, for the event participants
    let mut person_rows: HashMap<&str, (i64, i64)> = HashMap::new();
    if !ents.persons.is_empty() {
        let mut insert = conn.prepare_cached(INSERT_PERSON)?;
        let mut mention = conn.prepare_cached(INSERT_MENTION)?;
        for (i, p) in ents.persons.iter().enumerate() {
            let key = extract::person_key(&p.name);
            let person_id = Known::id(&mut known.persons, &key, || {
                let inserted = insert.execute(named_params! {":key": key, ":name": fold(&p.name)})?;
                inserted_or_found(conn, inserted, PERSON_BY_KEY, named_params! {":key": key})
            })?;
            let (start, end) = chars.span(p.span);
            let title = p.title_span.map(|s| chars.span(s));
            let (body_start, body_end) = BodySpans::get(&in_body.persons, i);
            mention.execute(named_params! {
                ":article_pk": pk,
                ":person_id": person_id,
                ":name": p.name,
                ":title": p.title.as_deref().map(fold),
                ":role": p.role,
                ":body": p.body,
                ":body_adcode": p.body_adcode,
                ":start": start,
                ":end": end,
                ":title_start": title.map(|t| t.0),
                ":title_end": title.map(|t| t.1),
                ":occurrences": p.mentions.len().max(1) as i64,
                ":body_start": body_start,
                ":body_end": body_end,
            })?;
            person_rows.insert(p.name.as_str(), (person_id, conn.last_insert_rowid()));
        }
    }
    if !ents.places.is_empty() {
        let mut place = conn.prepare_cached(INSERT_PLACE)?;
        let mut article_place = conn.prepare_cached(INSERT_ARTICLE_PLACE)?;
        for (i, p) in ents.places.iter().enumerate() {
            let division = p.adcode.as_deref().and_then(|c| gaz.get(c));
            if let Some(d) = division {
                known.place(&mut place, gaz, d)?;
            }
            let (start, end) = chars.span(p.span);
            let (body_start, body_end) = BodySpans::get(&in_body.places, i);
            article_place.execute(named_params! {
                ":article_pk": pk,
                ":adcode": division.map(|d| d.adcode.as_str()),
                ":name": p.name,
                ":level": p.level.as_str(),
                ":start": start,
                ":end": end,
                ":body_start": body_start,
                ":body_end": body_end,
            })?;
        }
    }
    let mut org_ids: HashMap<&str, i64> = HashMap::new();
    if !ents.orgs.is_empty() {
        let mut insert = conn.prepare_cached(INSERT_ORGANIZATION)?;
        let mut link = conn.prepare_cached(INSERT_ARTICLE_ORGANIZATION)?;
        for (i, o) in ents.orgs.iter().enumerate() {
            let id = Known::id(&mut known.orgs, &o.canonical, || {
                let row = named_params! {":canonical": o.canonical, ":kind": o.kind.as_str(), ":level": o.level, ":adcode": o.adcode};
                let inserted = insert.execute(row)?;
                inserted_or_found(conn, inserted, ORGANIZATION_BY_CANONICAL, named_params! {":canonical": o.canonical})
            })?;
            org_ids.insert(o.canonical.as_str(), id);
            let (start, end) = chars.span(o.span);
            let (body_start, body_end) = BodySpans::get(&in_body.orgs, i);
            link.execute(named_params! {
                ":article_pk": pk, ":organization_id": id, ":text": o.text, ":start": start, ":end": end,
                ":body_start": body_start, ":body_end": body_end,
            })?;
        }
    }
    if !ents.platforms.is_empty() {
        let mut stmt = conn.prepare_cached(INSERT_ARTICLE_PLATFORM)?;
        for (i, p) in ents.platforms.iter().enumerate() {
            let (start, end) = chars.span(p.span);
            let (body_start, body_end) = BodySpans::get(&in_body.platforms, i);
            stmt.execute(named_params! {
                ":article_pk": pk, ":concept": p.concept, ":zh": p.zh, ":text": p.text, ":start": start, ":end": end,
                ":body_start": body_start, ":body_end": body_end,
            })?;
        }
    }
    if !ents.counts.is_empty() {
        let mut stmt = conn.prepare_cached(INSERT_ARTICLE_FACT)?;
        for c in &ents.counts {
            let (start, end) = chars.span(c.span);
            stmt.execute(named_params! {
                ":article_pk": pk,
                ":value": i64::try_from(c.value).unwrap_or(i64::MAX),
                ":what": c.what,
                ":text": c.text,
                ":start": start,
                ":end": end,
            })?;
        }
    }
    insert_events(conn, pk, ents, chars, &person_rows, &org_ids, known)?;
    if !ents.topics.is_empty() {
        let mut stmt = conn.prepare_cached(INSERT_ARTICLE_TOPIC)?;
        for t in &ents.topics {
            let (start, end) = chars.span(t.span);
            stmt.execute(named_params! {
                ":article_pk": pk, ":topic": t.topic, ":term": t.term, ":start": start, ":end": end,
            })?;
        }
    }
    Ok(())
}

/// Inserts the events of one article with their places and participants. Participants
/// link to the person and mention rows just written (by name); places to the gazetteer.
fn insert_events(
    conn: &Connection,
    pk: i64,
    ents: &Entities,
    chars: &CharOffsets,
    person_rows: &HashMap<&str, (i64, i64)>,
    org_ids: &HashMap<&str, i64>,
    known: &mut Known,
) -> Result<()> {
    if ents.events.is_empty() {
        return Ok(());
    }
    let gaz = Gazetteer::embedded();
    let division_of = |code: Option<&String>| code.and_then(|c| gaz.get(c)).map(|d| d.adcode.clone());
    let mut event = conn.prepare_cached(INSERT_EVENT)?;
    let mut place = conn.prepare_cached(INSERT_EVENT_PLACE)?;
    let mut person = conn.prepare_cached(INSERT_EVENT_PARTICIPANT)?;
    let mut division = conn.prepare_cached(INSERT_PLACE)?;
    for e in &ents.events {
        // every event place is a division of the gazetteer, stored like article places
        for d in e.places.iter().filter_map(|p| p.adcode.as_deref().and_then(|c| gaz.get(c))) {
            known.place(&mut division, gaz, d)?;
        }
        let (start, end) = chars.span(e.span);
        let date = e.date.as_ref().map(|d| chars.span(d.span));
        let org = e.organizer.as_ref().map(|o| chars.span(o.span));
        let organizer = e.organizer.as_ref().map(|o| o.canonical.as_str());
        event.execute(named_params! {
            ":article_pk": pk,
            ":type": e.event_type,
            ":text": e.text,
            ":start": start,
            ":end": end,
            ":date_from": e.date.as_ref().map(|d| d.from.iso()),
            ":date_to": e.date.as_ref().and_then(|d| d.to).map(|d| d.iso()),
            ":precision": e.date.as_ref().map(|d| d.from.precision.as_str()),
            ":date_text": e.date.as_ref().map(|d| fold(&d.text)),
            ":date_start": date.map(|d| d.0),
            ":date_end": date.map(|d| d.1),
            ":organizer": organizer,
            ":organization_id": organizer.and_then(|o| org_ids.get(o)),
            ":organizer_start": org.map(|o| o.0),
            ":organizer_end": org.map(|o| o.1),
            ":place_adcode": e.places.iter().find_map(|p| division_of(p.adcode.as_ref())),
        })?;
        let id = conn.last_insert_rowid();
        for p in &e.places {
            let (start, end) = chars.span(p.span);
            place.execute(named_params! {
                ":event_id": id, ":adcode": division_of(p.adcode.as_ref()), ":name": p.name, ":start": start, ":end": end,
            })?;
        }
        for p in &e.participants {
            let Some(&(person_id, mention_id)) = person_rows.get(p.name.as_str()) else { continue };
            let (start, end) = chars.span(p.span);
            person.execute(named_params! {
                ":event_id": id, ":person_id": person_id, ":mention_id": mention_id, ":name": p.name,
                ":role": p.role.as_str(), ":basis": if p.inferred { "inferred" } else { "stated" },
                ":start": start, ":end": end,
            })?;
        }
    }
    Ok(())
}

/// A crawler-supplied date: `YYYY-MM-DD`, optionally followed by a time.
fn parse_hint_date(s: &str) -> Option<PartialDate> {
    let head = s.trim().get(..10)?;
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok().map(PartialDate::day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_code_points() {
        let raw = "协商 ab 会议";
        let chars = CharOffsets::new(raw, vec![0, 3, 6, 7, raw.len()]);
        assert_eq!(chars.get(0), 0);
        assert_eq!(chars.get(3), 1);
        assert_eq!(chars.get(6), 2);
        assert_eq!(chars.get(7), 3);
        assert_eq!(chars.get(raw.len()), 8);
        // Past the end: every character; a supplementary-plane character counts once.
        let raw = "a😀b";
        let chars = CharOffsets::new(raw, vec![raw.len() + 5, 5, 1, 0]);
        assert_eq!((chars.get(0), chars.get(1), chars.get(5), chars.get(raw.len() + 5)), (0, 1, 2, 3));
    }

    #[test]
    fn hint_dates_parse_with_or_without_time() {
        assert_eq!(parse_hint_date("2023-08-13T10:00:00Z").map(|d| d.iso()), Some("2023-08-13".into()));
        assert_eq!(parse_hint_date("yesterday"), None);
    }
}
