//! Combining and persisting [`CorpusCounter`]s: parallel counting merges per-thread
//! counters, and incremental builds load the counts stored by earlier builds.

use super::CorpusCounter;

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
        let early = super::super::lines::line_key("Early Site Menu");
        let late = super::super::lines::line_key("Late Site Footer");
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
