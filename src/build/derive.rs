//! Normalize, extract, sign: what the workers derive from one document, in parallel.

use crate::dedup::{self, Signature};
use crate::extract::{self, Entities, Gazetteer};
use crate::model::{Document, IngestError, Normalized};
use crate::normalize::Normalizer;
use crate::store::{search, ArticleRows, BodySpans};
use crate::text::fold;

/// Everything derived from one document, ready for the writer.
pub(super) struct Derived {
    pub doc: Document,
    pub norm: Normalized,
    pub entities: Entities,
    /// The near-duplicate signature of the body (see `stories`).
    pub signature: Signature,
    /// The title and body as stored (folded), worked out here rather than on the
    /// writer thread.
    pub title: Option<String>,
    pub body: String,
    /// Where the entities are in the stored body.
    pub in_body: BodySpans,
    /// Their CJK runs, the row of the trigram index ([`search::cjk_runs`]).
    pub cjk: Option<(Option<String>, Option<String>)>,
}

impl Derived {
    pub(super) fn rows(&self) -> ArticleRows<'_> {
        ArticleRows {
            doc: &self.doc,
            norm: &self.norm,
            entities: &self.entities,
            signature: &self.signature,
            title: self.title.as_deref(),
            body: &self.body,
            in_body: &self.in_body,
        }
    }
}

/// A document ready for the writer.
pub(super) enum Prepared {
    Doc(Box<Derived>),
    /// Stored already.
    Unchanged,
    Error(IngestError),
}

/// Normalizes and extracts one document. A bug that panics on some text costs that one
/// document, recorded as an `internal` ingest error naming it, never the build.
pub(super) fn derive(doc: Document, normalizer: &Normalizer, gazetteer: &Gazetteer) -> Prepared {
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let norm = normalizer.normalize(&doc.raw, doc.url.as_deref());
        let entities = extract::extract(&doc.raw, &norm, gazetteer);
        let signature = dedup::signature(&norm.body);
        let title = norm.title.as_ref().map(|t| fold(&t.value));
        let body = fold(&norm.body);
        let in_body = BodySpans::new(&doc.raw, &norm, &body, &entities);
        let cjk = match (title.as_deref().and_then(search::cjk_runs), search::cjk_runs(&body)) {
            (None, None) => None,
            runs => Some(runs),
        };
        (norm, entities, signature, title, body, in_body, cjk)
    }));
    match run {
        Ok((norm, entities, signature, title, body, in_body, cjk)) => {
            Prepared::Doc(Box::new(Derived { doc, norm, entities, signature, title, body, in_body, cjk }))
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Prepared::Error(IngestError {
                origin: doc.origin,
                kind: "internal".into(),
                message: format!("xieshang failed on this document (a bug; please report it): {what}"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;
    use crate::normalize::body_text;

    /// The seeds, the normalizer's fixture pages (English and Chinese) and a hard-wrapped
    /// page with full-width forms, as documents.
    fn documents() -> Vec<Document> {
        let mut docs = crate::sample::documents();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/normalize");
        let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("fixtures").flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
            let raw = std::fs::read_to_string(&path).expect("fixture");
            docs.push(Document { id: path.display().to_string(), raw, ..docs[0].clone() });
        }
        let raw = "Ｃommittee members meet residents in Jiaxing\n2023-06-28\n\n\
            On June 28, Gao Linghui, chairman of the Jiaxing CPPCC, visited the\n   \
            Committee Living Room in Nanhu District and talked with residents about \n  \
            parking, the ＣＰＰＣＣ　member studio and the elderly canteen.\n\n\
            Ge Huijun, vice chairman of the Jiaxing CPPCC, said the members would answer\n\
            within a week. The Nanhu District CPPCC member studio has received 120 residents.\n";
        docs.push(Document { id: "wrapped".into(), raw: raw.into(), ..docs[0].clone() });
        docs
    }

    #[test]
    fn every_body_span_holds_its_mention_as_the_body_has_it() {
        let (normalizer, gazetteer) = (Normalizer::default(), Gazetteer::embedded());
        let (mut inside, mut mapped) = (0, 0);
        for doc in documents() {
            let id = doc.id.clone();
            let Prepared::Doc(d) = derive(doc, &normalizer, gazetteer) else { panic!("{id}: not derived") };
            let chars: Vec<char> = d.body.chars().collect();
            let raw_spans: Vec<Span> = (d.entities.persons.iter().map(|x| x.span))
                .chain(d.entities.places.iter().map(|x| x.span))
                .chain(d.entities.orgs.iter().map(|x| x.span))
                .chain(d.entities.platforms.iter().map(|x| x.span))
                .collect();
            let in_body = &d.in_body;
            let body_spans: Vec<_> =
                [&in_body.persons, &in_body.places, &in_body.orgs, &in_body.platforms].into_iter().flatten().collect();
            assert_eq!(raw_spans.len(), body_spans.len(), "{id}");
            for (span, body) in raw_spans.iter().zip(body_spans) {
                let text = &d.doc.raw[span.start..span.end];
                let in_paragraph = d.norm.body_spans.iter().any(|p| p.start <= span.start && span.end <= p.end);
                inside += usize::from(in_paragraph);
                // Outside the body paragraphs: no body span. Inside: the body's text.
                assert!(in_paragraph || body.is_none(), "{id}: {text:?} has a body span outside the body");
                if let Some((a, b)) = *body {
                    mapped += 1;
                    let got: String = chars[a..b].iter().collect();
                    assert_eq!(got, fold(&body_text(text)), "{id}: {text:?}");
                }
            }
        }
        // No text here composes across a mention's edge: every mention in a paragraph maps.
        assert!(inside >= 50, "{inside}");
        assert_eq!(mapped, inside);
    }
}
