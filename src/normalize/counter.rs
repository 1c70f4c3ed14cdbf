//! Corpus-level evidence: [`CorpusCounter`] counts, over the documents of a build, in how
//! many documents each short line occurs; lines that recur in many are site template.
//! Counters merge (parallel counting) and persist (incremental builds).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rustc_hash::FxHashSet;

use super::page::{self, line_key, word_count, word_count_upto};
use super::{Normalizer, TEMPLATE_MAX_WORDS};

/// Counts, over the documents of a build, in how many documents each short line occurs.
///
/// Memory is bounded: only 64-bit hashes of lines are kept, at most `cap` of them. When
/// the table is full, the rarest lines are pruned (lossy counting): every line seen in at
/// most `k` documents is dropped, with `k` the smallest count that frees half the table.
/// Frequent lines keep their counts, and lines of sites that appear late in a build are
/// still counted (a pruned line that comes back starts again from one), so template
/// evidence is lost only for lines rarer than the pruning floor.
#[derive(Debug, Clone)]
pub struct CorpusCounter {
    counts: HashMap<u64, u32>,
    docs: usize,
    cap: usize,
    /// The highest count ever pruned: a count may be short by at most this much.
    pruned_floor: u32,
    min_docs: usize,
    fraction: f64,
}

/// Default table size: about 1.8 million line hashes (~36 MB) before pruning, which
/// stays within one power-of-two hash table allocation.
const COUNTER_CAP: usize = 1_800_000;

impl Default for CorpusCounter {
    fn default() -> Self {
        CorpusCounter {
            counts: HashMap::new(),
            docs: 0,
            cap: COUNTER_CAP,
            pruned_floor: 0,
            min_docs: 5,
            fraction: 0.01,
        }
    }
}

impl CorpusCounter {
    /// A counter with the default thresholds: a line is template when it occurs in at least
    /// 5 documents and in at least 1% of them.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the thresholds: template when seen in `>= min_docs` documents and in
    /// `>= fraction` of all documents.
    pub fn with_thresholds(mut self, min_docs: usize, fraction: f64) -> Self {
        self.min_docs = min_docs.max(2);
        self.fraction = fraction.clamp(0.0, 1.0);
        self
    }

    /// Adds one document's raw text.
    pub fn add(&mut self, raw: &str) {
        self.docs += 1;
        let mut seen = HashSet::new();
        for l in page::split_lines(raw) {
            let t = raw.get(l.start..l.end).unwrap_or("");
            if word_count_upto(t, TEMPLATE_MAX_WORDS) < TEMPLATE_MAX_WORDS {
                seen.insert(line_key(t));
            }
        }
        for k in seen {
            self.add_count(k, 1);
        }
    }

    /// Sets the maximum number of line hashes kept (at least 16) before rare lines are pruned.
    pub fn with_capacity_limit(mut self, cap: usize) -> Self {
        self.cap = cap.max(16);
        self
    }

    /// The highest count dropped by pruning so far (0 if the table never filled): any
    /// count may fall short of the true number of documents by at most this much.
    pub fn pruned_floor(&self) -> u32 {
        self.pruned_floor
    }

    /// Frees at least half of the table by dropping the rarest lines: all lines with a
    /// count at or below the smallest `k` that does so.
    fn prune(&mut self) {
        let target = self.cap / 2;
        // How many lines have each small count; counts above 64 are never the floor
        // unless nearly every line is that frequent.
        let mut histogram = [0usize; 65];
        for &c in self.counts.values() {
            histogram[(c as usize).min(64)] += 1;
        }
        let mut left = self.counts.len();
        let mut k = 0u32;
        for (count, &n) in histogram.iter().enumerate().skip(1) {
            if left <= target {
                break;
            }
            left -= n;
            k = count as u32;
        }
        if left > target {
            k = u32::MAX; // pathological: everything is frequent; start over
        }
        self.counts.retain(|_, c| *c > k);
        self.pruned_floor = self.pruned_floor.max(k);
    }

    /// The number of documents added.
    pub fn documents(&self) -> usize {
        self.docs
    }

    /// Builds the normalizer that treats frequent lines as template.
    pub fn finish(self) -> Normalizer {
        let by_share = (self.fraction * self.docs as f64).ceil() as usize;
        let threshold = self.min_docs.max(by_share).max(2) as u32;
        let template: FxHashSet<u64> =
            self.counts.into_iter().filter(|&(_, c)| c >= threshold).map(|(k, _)| k).collect();
        Normalizer { template: Arc::new(template) }
    }
}

impl CorpusCounter {
    /// Adds another counter's documents and line counts to this one.
    pub fn merge(&mut self, other: CorpusCounter) {
        self.docs += other.docs;
        for (k, n) in other.counts {
            self.add_count(k, n);
        }
    }

    /// Adds `n` occurrences of the line with hash `key`. When the table is full, the
    /// rarest lines are pruned first (see [`CorpusCounter`]).
    pub fn add_count(&mut self, key: u64, n: u32) {
        if let Some(c) = self.counts.get_mut(&key) {
            *c = c.saturating_add(n);
            return;
        }
        if self.counts.len() >= self.cap {
            self.prune();
        }
        self.counts.insert(key, n);
    }

    /// Counts `n` more documents whose lines were added with [`CorpusCounter::add_count`].
    pub fn add_documents(&mut self, n: usize) {
        self.docs += n;
    }

    /// Every (line hash, number of documents) pair counted so far.
    pub fn counts(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.counts.iter().map(|(&k, &n)| (k, n))
    }
}

impl Normalizer {
    /// A normalizer whose corpus evidence is counted over `docs` (the raw texts of one
    /// build): short lines occurring in many documents are template. See [`CorpusCounter`]
    /// to count documents one at a time.
    pub fn from_corpus<'a>(docs: impl IntoIterator<Item = &'a str>) -> Normalizer {
        let mut c = CorpusCounter::new();
        for d in docs {
            c.add(d);
        }
        c.finish()
    }

    /// Whether a line is site template according to the corpus evidence.
    pub fn is_template(&self, line: &str) -> bool {
        self.is_template_counted(line, word_count(line))
    }

    /// [`Normalizer::is_template`] for a line of `words` words.
    pub(super) fn is_template_counted(&self, line: &str, words: usize) -> bool {
        !self.template.is_empty() && words < TEMPLATE_MAX_WORDS && self.template.contains(&line_key(line))
    }

    /// The number of distinct template lines known.
    pub fn template_lines(&self) -> usize {
        self.template.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_counters_equal_one_counter() {
        let docs = ["Home\nNews\nFirst story text.", "Home\nNews\nSecond story.", "Home\nOther\nThird."];
        let mut one = CorpusCounter::new();
        docs.iter().for_each(|d| one.add(d));
        let mut a = CorpusCounter::new();
        a.add(docs[0]);
        let mut b = CorpusCounter::new();
        b.add(docs[1]);
        b.add(docs[2]);
        a.merge(b);
        assert_eq!(a.documents(), one.documents());
        let mut x: Vec<_> = a.counts().collect();
        let mut y: Vec<_> = one.counts().collect();
        x.sort_unstable();
        y.sort_unstable();
        assert_eq!(x, y);
        // Restoring from stored counts gives the same counter.
        let mut restored = CorpusCounter::new();
        restored.add_documents(one.documents());
        for (k, n) in one.counts() {
            restored.add_count(k, n);
        }
        assert_eq!(restored.documents(), 3);
        assert_eq!(restored.counts().count(), one.counts().count());
    }

    /// A template that only appears after the table has filled with one-off lines is
    /// still counted (the old counter ignored every line once full).
    #[test]
    fn late_templates_keep_evidence_when_the_table_is_full() {
        let mut c = CorpusCounter::new().with_capacity_limit(64).with_thresholds(5, 0.0);
        // An early site's template, then enough one-off lines to fill the table many times.
        for i in 0..200 {
            c.add(&format!("Early Site Menu\nunique line number {i}\nanother unique {i}"));
        }
        // A late site whose template recurs on every page.
        for i in 0..20 {
            c.add(&format!("Late Site Footer\nlate unique {i}"));
        }
        assert!(c.counts.len() <= 64);
        assert!(c.pruned_floor() >= 1);
        let early = super::super::page::line_key("Early Site Menu");
        let late = super::super::page::line_key("Late Site Footer");
        let count = |k| c.counts().find(|&(h, _)| h == k).map(|(_, n)| n);
        assert_eq!(count(early), Some(200));
        // At worst the late footer was pruned once, right after its first page.
        assert!(count(late).is_some_and(|n| n >= 19), "{:?}", count(late));
        let n = c.finish();
        assert!(n.is_template("Early Site Menu"));
        assert!(n.is_template("late site footer"));
        assert!(!n.is_template("unique line number 3"));
    }

    /// Below the cap nothing is pruned and counts are exact.
    #[test]
    fn no_pruning_below_the_cap() {
        let mut c = CorpusCounter::new().with_capacity_limit(1000);
        for i in 0..100 {
            c.add(&format!("Menu\nline {i}"));
        }
        assert_eq!(c.pruned_floor(), 0);
        assert_eq!(c.counts().count(), 101);
    }
}
