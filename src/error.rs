//! The crate's error type.

use std::path::PathBuf;

/// Everything that can go wrong in xieshang.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("sqlite error")]
    Sqlite(#[from] rusqlite::Error),
    #[error("i/o error")]
    Io(#[from] std::io::Error),
    #[error("json error")]
    Json(#[from] serde_json::Error),
    #[error("{path}: {source}")]
    Path {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: no such file or directory")]
    NotFound { path: PathBuf },
    #[error("database schema version {found} is newer than this xieshang supports ({supported}); upgrade xieshang")]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("cannot migrate the database from schema version {found}: {reason}; nothing was changed")]
    Migration { found: i64, reason: String },
    #[error("{path}: not a xieshang database ({reason})")]
    NotADatabase { path: PathBuf, reason: String },
    #[error("bad query {query:?}: {reason}")]
    BadQuery { query: String, reason: String },
    #[error("bad argument: {0}")]
    BadArgument(String),
    #[error("no article with id {id:?}")]
    ArticleNotFound { id: String },
    #[error("{path}: {reason}")]
    Gold { path: PathBuf, reason: String },
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn path(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        let path = path.into();
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::NotFound { path }
        } else {
            Error::Path { path, source }
        }
    }
}
