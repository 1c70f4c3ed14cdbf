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

    /// Adds `n` occurrences of the line with hash `key` (respecting the cap).
    pub fn add_count(&mut self, key: u64, n: u32) {
        let full = self.counts.len() >= self.cap;
        match self.counts.get_mut(&key) {
            Some(c) => *c = c.saturating_add(n),
            None if !full => {
                self.counts.insert(key, n);
            }
            None => {}
        }
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
}
