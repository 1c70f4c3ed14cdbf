//! # xieshang (协商)
//!
//! Turns raw crawled news articles about Chinese political consultation (CPPCC
//! committees, people's congress deputies, liaison stations, member studios and
//! "living rooms") into one clean, queryable SQLite dataset: each article verbatim and
//! normalized (title, publication date, source, dateline, clean body), with a full-text
//! index, every normalized field traceable to its span of the raw text.
//!
//! ```
//! use xieshang::Corpus;
//!
//! // The five embedded sample articles, built in memory.
//! let corpus = Corpus::sample()?;
//! let first = corpus.article("000_fa76f7cebd490d1b")?;
//! assert_eq!(first.title.as_deref(), Some("City leaders exchange experiences through video"));
//!
//! for hit in corpus.search("living room", 3)? {
//!     println!("{} {:.2} {}", hit.id, hit.rank, hit.snippet);
//! }
//! # Ok::<(), xieshang::Error>(())
//! ```
//!
//! Build a database file from text files, folders and JSONL dumps with
//! [`Corpus::build`], then [`Corpus::open`] it.

pub mod build;
pub mod dedup;
pub mod error;
pub mod eval;
pub mod extract;
pub mod input;
pub mod model;
pub mod normalize;
pub mod rules;
pub mod sample;
pub mod store;
pub mod text;

#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "python")]
mod python;

pub use error::{Error, Result};
pub use model::*;
pub use normalize::{normalize, Normalizer};
pub use store::{CheckReport, Column, Corpus, Params, SearchOptions, Table, Value, SCHEMA_VERSION};

/// The examples of docs/rust.md, compiled (and, where they need no files, run) as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/rust.md")]
pub struct RustGuide;
