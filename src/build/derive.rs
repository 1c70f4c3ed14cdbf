//! Normalize, extract, sign: what the workers derive from one document, in parallel.

use crate::dedup::{self, Signature};
use crate::extract::{self, Entities, Gazetteer};
use crate::model::{Document, IngestError, Normalized};
use crate::normalize::Normalizer;
use crate::store::{search, ArticleRows};
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
        let cjk = match (title.as_deref().and_then(search::cjk_runs), search::cjk_runs(&body)) {
            (None, None) => None,
            runs => Some(runs),
        };
        (norm, entities, signature, title, body, cjk)
    }));
    match run {
        Ok((norm, entities, signature, title, body, cjk)) => {
            Prepared::Doc(Box::new(Derived { doc, norm, entities, signature, title, body, cjk }))
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
