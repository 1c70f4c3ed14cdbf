//! Scan: the first pass over the inputs, counting the corpus-level evidence (short lines
//! that recur across documents: menus, footers, templates) that the normalizer needs
//! before it sees any one document.

use std::collections::HashMap;
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;

use super::read::{item_bytes, Source};
use super::stats;
use crate::input::Item;
use crate::model::{Document, IngestError, Progress};
use crate::normalize::CorpusCounter;
use crate::store::sha_key;

/// What the scan saw.
pub(super) struct Scan {
    /// Documents read.
    pub seen: u64,
    /// Documents not stored yet.
    pub unstored: u64,
    /// The input errors.
    pub errors: Vec<IngestError>,
    /// Hashes of stored documents whose lines are not counted (a killed build stored
    /// them), found in this input: this build counts them, and marks them counted.
    pub recounted: Vec<String>,
    /// The line counts of the documents not counted yet: new ones, and the recounted.
    pub delta: CorpusCounter,
}

/// Counts, in parallel, the short lines of every document whose lines are not counted
/// yet. `stored`: the stored documents by hash, and whether their lines are counted.
pub(super) fn scan(
    source: &Source,
    batch: usize,
    stored: &HashMap<[u8; 32], bool>,
    progress: Option<&dyn Progress>,
) -> Scan {
    let started = std::time::Instant::now();
    if let Some(p) = progress {
        p.start("scan", source.total_bytes());
    }
    let mut scan =
        Scan { seen: 0, unstored: 0, errors: Vec::new(), recounted: Vec::new(), delta: CorpusCounter::new() };
    // Hashes tell stored documents apart; with none stored the scan needs none.
    let hash = !stored.is_empty();
    std::thread::scope(|s| {
        let (tx, rx) = sync_channel::<Vec<Item>>(4);
        s.spawn(move || source.stream(batch, hash, &mut |items| tx.send(items).is_ok()));
        let (mut bytes, mut docs) = (0u64, 0u64);
        for items in rx {
            bytes += items.iter().map(item_bytes).sum::<u64>();
            docs += items.len() as u64;
            let mut uncounted: Vec<&Document> = Vec::with_capacity(items.len());
            for item in &items {
                match item {
                    Item::Doc(d) => {
                        scan.seen += 1;
                        match stored.get(&sha_key(&d.sha256)) {
                            None => {
                                scan.unstored += 1;
                                uncounted.push(d);
                            }
                            Some(false) => {
                                scan.recounted.push(d.sha256.clone());
                                uncounted.push(d);
                            }
                            Some(true) => {}
                        }
                    }
                    Item::Error(e) => scan.errors.push(e.clone()),
                }
            }
            scan.delta.merge(count_batch(&uncounted));
            if let Some(p) = progress {
                p.advance(bytes, docs);
            }
        }
    });
    if let Some(p) = progress {
        p.finish();
    }
    stats(|| format!("scan {:.2} s", started.elapsed().as_secs_f64()));
    scan
}

/// Counts the lines of one batch of documents in parallel.
fn count_batch(docs: &[&Document]) -> CorpusCounter {
    docs.par_iter()
        .fold(CorpusCounter::new, |mut c, d| {
            c.add(&d.raw);
            c
        })
        .reduce(CorpusCounter::new, |mut a, b| {
            a.merge(b);
            a
        })
}
