//! Read: where a build's documents come from (input files decoded by `input`, the
//! embedded sample, or the documents a database stores), streamed in batches.

use std::fs;
use std::path::PathBuf;

use crate::input::{self, InputKind, Item};
use crate::model::IngestError;
use crate::store;

/// Error kind of a stored document that could not be read back (see `rebuild`).
pub(super) const READ_BACK: &str = "rebuild_read";

/// Where a build's documents come from.
pub(crate) enum Source {
    /// The embedded sample corpus.
    Sample,
    /// Files found under the inputs, with the errors met while finding them.
    Files { files: Vec<(PathBuf, InputKind)>, errors: Vec<IngestError>, bytes: u64 },
    /// The documents stored in a database (`--rebuild`), with their total raw bytes.
    Stored { path: PathBuf, bytes: u64 },
}

impl Source {
    pub(super) fn files(inputs: &[PathBuf]) -> Source {
        let (files, errors) = input::collect_files(inputs);
        let bytes = files.iter().filter_map(|(p, _)| fs::metadata(p).ok()).map(|m| m.len()).sum();
        Source::Files { files, errors, bytes }
    }

    pub(super) fn total_bytes(&self) -> u64 {
        match self {
            Source::Sample => crate::sample::SEEDS.iter().map(|(_, raw)| raw.len() as u64).sum(),
            Source::Files { bytes, .. } | Source::Stored { bytes, .. } => *bytes,
        }
    }

    /// Streams the documents and input errors in batches of at most `batch` items to
    /// `send`, which returns false to stop. Without `hash`, documents read from files
    /// come with an empty `sha256`. A stored document that cannot be read back is sent
    /// as a [`READ_BACK`] error.
    pub(super) fn stream(&self, batch: usize, hash: bool, send: &mut dyn FnMut(Vec<Item>) -> bool) {
        let mut items = Vec::with_capacity(batch);
        let go_on = std::cell::Cell::new(true);
        let mut push = |item: Item, items: &mut Vec<Item>| {
            items.push(item);
            if go_on.get() && items.len() >= batch {
                go_on.set(send(std::mem::replace(items, Vec::with_capacity(batch))));
            }
        };
        match self {
            Source::Sample => {
                for d in crate::sample::documents() {
                    push(Item::Doc(d), &mut items);
                }
            }
            Source::Files { files, errors: found, .. } => {
                for e in found {
                    push(Item::Error(e.clone()), &mut items);
                }
                for (path, kind) in files {
                    input::read_file_hashing(path, *kind, hash, &mut |item| push(item, &mut items));
                    if !go_on.get() {
                        return;
                    }
                }
            }
            Source::Stored { path, .. } => {
                let read = store::stored_documents(path, &mut |d| {
                    push(Item::Doc(d), &mut items);
                    go_on.get()
                });
                if let Err(e) = read {
                    let origin = path.display().to_string();
                    let error = IngestError { origin, kind: READ_BACK.into(), message: e.to_string() };
                    push(Item::Error(error), &mut items);
                }
            }
        }
        if go_on.get() && !items.is_empty() {
            send(items);
        }
    }
}

/// The raw bytes of an item (0 for an error).
pub(super) fn item_bytes(item: &Item) -> u64 {
    match item {
        Item::Doc(d) => d.raw.len() as u64,
        Item::Error(_) => 0,
    }
}
