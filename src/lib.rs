//! xieshang: raw crawled news about Chinese political consultation → a clean SQLite dataset.

pub mod error;
pub mod eval;
pub mod model;
pub mod normalize;

pub use error::{Error, Result};
pub use model::*;
pub use normalize::{normalize, Normalizer};
pub mod extract;
