//! Raw crawled text → [`Normalized`] article fields. Pure: no I/O.
//!
//! The entry point is [`normalize`]; [`Normalizer`] carries corpus-level evidence
//! (`counter.rs`: lines that recur across many documents of one build are site template).
//! [`Normalizer::normalize`] runs the phases in order, each in its own file:
//!
//! 1. `lines.rs`: the page as units, each line classified on its own evidence
//!    (`boilerplate.rs`: metadata labels, navigation, widgets, comment forms, footers) and
//!    against the corpus, hard-wrapped lines joined, runs of short lines marked as menus;
//! 2. `body.rs`: where the head ends and the body begins, and the repeated lines;
//! 3. `title.rs`: the headline, chosen from the lines above the body;
//! 4. `body.rs`: the body paragraphs, up to the footer;
//! 5. `dateline.rs`: the dateline stamp taken off the body's head;
//! 6. `dates.rs`: the publication date, and the event dates in the body;
//! 7. `source.rs`: the outlet.
//!
//! Below every phase: `page.rs` (a page's units and their kinds, the line features) and
//! `keywords.rs` (the rule vocabularies, the one keyword pass); no import between the files closes a cycle.

mod body;
mod boilerplate;
mod counter;
mod dateline;
mod dates;
mod keywords;
mod lines;
mod page;
mod source;
mod title;

pub(crate) use page::trim_span;

use std::sync::Arc;

use rustc_hash::FxHashSet;

use crate::model::{Normalized, Span};
pub use crate::text::fold_ws as fold_whitespace;
pub use body::{body_text, BodyMap};
pub use counter::CorpusCounter;
pub use dates::date_from_url;
pub use source::canonical_source;

/// Normalizes one raw article with no corpus-level evidence.
pub fn normalize(raw: &str) -> Normalized {
    Normalizer::default().normalize(raw, None)
}

/// Lines with at least this many words are never treated as corpus template (syndicated
/// paragraphs recur across sites and are article text).
const TEMPLATE_MAX_WORDS: usize = 16;

/// A normalizer that may carry corpus-level evidence gathered over a whole build.
#[derive(Clone, Default)]
pub struct Normalizer {
    template: Arc<FxHashSet<u64>>,
}

impl std::fmt::Debug for Normalizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Normalizer").field("template_lines", &self.template.len()).finish()
    }
}

impl Normalizer {
    /// Normalizes one raw article; `url` is the page address if known, used only as the
    /// last resort for the publication date (such a date has the empty span `0..0`, as it
    /// does not come from the raw text).
    pub fn normalize(&self, raw: &str, url: Option<&str>) -> Normalized {
        let mut page = lines::read(raw, |t, words| self.is_template_counted(t, words));
        let head = body::head(&page);
        body::mark_repeats(&mut page, head.body);
        let title = title::find(&page, head);
        let mut body = body::paragraphs(&page, head.body, title.as_ref());
        let dateline = dateline::strip(raw, &mut body);
        body::finish(raw, &mut body);
        let title_at = title.as_ref().map_or(0, |t| t.span.start);
        let published = dates::published(&page, head.body, title_at, &body, url);
        let source = source::find(&page, head.body, &body, dateline.agency);
        let event_dates = dates::in_body(&page, &body, published.as_ref().map(|p| p.value.date));
        let text = body::text(raw, &body);
        Normalized {
            title,
            published,
            source,
            dateline: dateline.place,
            language: body::language(&text).into(),
            body: text,
            body_spans: body.iter().map(|&(s, e)| Span::new(s, e)).collect(),
            event_dates,
        }
    }
}

#[cfg(test)]
mod tests;
