//! Turns input paths (files, directories, JSONL dumps) into [`Document`]s.
//!
//! Reading never stops at a bad input: every failure becomes an [`IngestError`] naming
//! the file (and line, for JSONL) and the reason, and the caller goes on.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::model::{Document, IngestError};

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// One item produced while reading inputs.
#[derive(Debug)]
pub enum Item {
    Doc(Document),
    Error(IngestError),
}

/// The kind of an input file, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum InputKind {
    Text,
    Jsonl,
}

impl InputKind {
    fn of(path: &Path) -> Option<InputKind> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            Some(InputKind::Jsonl)
        } else if name.ends_with(".txt") {
            Some(InputKind::Text)
        } else {
            None
        }
    }
}

fn error(origin: impl Into<String>, kind: &str, message: impl Into<String>) -> IngestError {
    IngestError {
        origin: origin.into(),
        kind: kind.to_string(),
        message: message.into(),
    }
}

/// Expands the inputs into a sorted list of files to read. Directories are walked
/// recursively for `*.txt`, `*.jsonl` and `*.ndjson`; a file named directly is read
/// whatever its extension (as JSONL if it ends in `.jsonl`/`.ndjson`, else as text).
/// Missing or unreadable paths become errors.
pub fn collect_files(inputs: &[PathBuf]) -> (Vec<(PathBuf, InputKind)>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        match fs::metadata(input) {
            Err(e) => errors.push(io_error(input, &e)),
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                let mut visited = Vec::new();
                walk(input, &mut found, &mut errors, &mut visited);
                found.sort();
                files.extend(found);
            }
            Ok(_) => files.push((
                input.clone(),
                InputKind::of(input).unwrap_or(InputKind::Text),
            )),
        }
    }
    (files, errors)
}

fn io_error(path: &Path, e: &std::io::Error) -> IngestError {
    let message = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    error(path.display().to_string(), "io", message)
}

fn walk(
    dir: &Path,
    found: &mut Vec<(PathBuf, InputKind)>,
    errors: &mut Vec<IngestError>,
    visited: &mut Vec<PathBuf>,
) {
    // Guard against symlink loops: never enter the same canonical directory twice.
    match fs::canonicalize(dir) {
        Ok(real) if visited.contains(&real) => {
            errors.push(error(
                dir.display().to_string(),
                "io",
                "directory symlink loop, skipped",
            ));
            return;
        }
        Ok(real) => visited.push(real),
        Err(e) => {
            errors.push(io_error(dir, &e));
            return;
        }
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(io_error(dir, &e));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(io_error(dir, &e));
                continue;
            }
        };
        let path = entry.path();
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, found, errors, visited),
            Ok(_) => {
                if let Some(kind) = InputKind::of(&path) {
                    found.push((path, kind));
                }
            }
            Err(e) => errors.push(io_error(&path, &e)),
        }
    }
}

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Decodes raw bytes as UTF-8 (a leading byte-order mark is dropped), or says why not.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let (bom, text) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (3, rest),
        None => (0, bytes),
    };
    if text.starts_with(b"\xFF\xFE") || text.starts_with(b"\xFE\xFF") {
        return Err("UTF-16 text is not supported yet; convert it to UTF-8".into());
    }
    if let Some(at) = text.iter().position(|&b| b == 0) {
        return Err(format!(
            "binary data (NUL byte at byte {}), not text",
            bom + at
        ));
    }
    match std::str::from_utf8(text) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(format!(
            "invalid UTF-8 at byte {} (is it GBK/GB18030 or another legacy encoding?)",
            bom + e.valid_up_to()
        )),
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads one file into documents (one for a text file, one per line for JSONL).
pub fn read_file(path: &Path, kind: InputKind, out: &mut dyn FnMut(Item)) {
    let origin = path.display().to_string();
    match fs::metadata(path) {
        Ok(meta) if meta.len() > MAX_FILE_BYTES => {
            out(Item::Error(error(
                origin,
                "too_large",
                format!(
                    "file is {} bytes, over the {} byte limit",
                    meta.len(),
                    MAX_FILE_BYTES
                ),
            )));
            return;
        }
        Ok(_) => {}
        Err(e) => {
            out(Item::Error(io_error(path, &e)));
            return;
        }
    }
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            out(Item::Error(io_error(path, &e)));
            return;
        }
    };
    match kind {
        InputKind::Text => out(text_document(stem(path), origin, None, None, &bytes)),
        InputKind::Jsonl => read_jsonl(path, &bytes, out),
    }
}

/// A document from the raw bytes of one text, or the reason it cannot be one.
pub fn text_document(
    id: String,
    origin: String,
    url: Option<String>,
    hint_date: Option<String>,
    bytes: &[u8],
) -> Item {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Item::Error(error(origin, "empty", "empty document (no text)"));
    }
    match decode(bytes) {
        Ok(raw) => Item::Doc(Document {
            id,
            origin,
            url,
            hint_date,
            raw,
            sha256: sha256_hex(bytes),
        }),
        Err(message) => Item::Error(error(origin, "decode", message)),
    }
}

/// Reads a JSONL dump: one object per line with `text` and optional `id`, `url`, `date`.
/// A malformed line is reported with its line number and the rest of the file goes on.
pub fn read_jsonl(path: &Path, bytes: &[u8], out: &mut dyn FnMut(Item)) {
    let file_stem = stem(path);
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let lineno = i + 1;
        let origin = format!("{}:{}", path.display(), lineno);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = if i == 0 {
            line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line)
        } else {
            line
        };
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        let value: serde_json::Value = match serde_json::from_slice(line) {
            Ok(v) => v,
            Err(e) => {
                out(Item::Error(error(
                    origin,
                    "json",
                    format!("malformed JSON: {e}"),
                )));
                continue;
            }
        };
        let Some(obj) = value.as_object() else {
            out(Item::Error(error(
                origin,
                "json",
                "line is not a JSON object",
            )));
            continue;
        };
        let Some(text) = obj.get("text").and_then(|t| t.as_str()) else {
            out(Item::Error(error(
                origin,
                "json",
                "object has no string field \"text\"",
            )));
            continue;
        };
        let id = match obj.get("id") {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => format!("{file_stem}:{lineno}"),
        };
        let get = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(str::to_string);
        out(text_document(
            id,
            origin,
            get("url"),
            get("date"),
            text.as_bytes(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(path: &Path, bytes: &[u8]) -> Vec<Item> {
        let mut items = Vec::new();
        read_jsonl(path, bytes, &mut |i| items.push(i));
        items
    }

    #[test]
    fn decode_reports_byte_offset_of_invalid_utf8() {
        // "协商" in GBK is not UTF-8.
        let gbk = b"ok \xd0\xad\xc9\xcc";
        let err = decode(gbk).unwrap_err();
        assert!(err.contains("invalid UTF-8 at byte 3"), "{err}");
        assert_eq!(decode("\u{feff}协商".as_bytes()).unwrap(), "协商");
        assert!(decode(b"a\0b").unwrap_err().contains("binary"));
    }

    #[test]
    fn jsonl_bad_lines_are_reported_and_the_rest_goes_on() {
        let data = b"{\"id\": \"a\", \"text\": \"CPPCC living room\", \"url\": \"http://x/1\"}\n\
                     {not json}\n\
                     \n\
                     {\"id\": 7, \"text\": \"second\"}\n\
                     [1, 2]\n\
                     {\"text\": \"no id here\", \"date\": \"2023-01-02\"}\n";
        let items = collect(Path::new("dump.jsonl"), data);
        let mut docs = Vec::new();
        let mut errs = Vec::new();
        for item in items {
            match item {
                Item::Doc(d) => docs.push(d),
                Item::Error(e) => errs.push(e),
            }
        }
        let ids: Vec<_> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "7", "dump:6"]);
        assert_eq!(docs[0].url.as_deref(), Some("http://x/1"));
        assert_eq!(docs[2].hint_date.as_deref(), Some("2023-01-02"));
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].origin, "dump.jsonl:2");
        assert!(errs[0].message.starts_with("malformed JSON"));
        assert_eq!(errs[1].origin, "dump.jsonl:5");
    }

    #[test]
    fn missing_path_is_an_error_naming_it() {
        let (files, errs) = collect_files(&[PathBuf::from("/definitely/not/here.txt")]);
        assert!(files.is_empty());
        assert_eq!(errs[0].origin, "/definitely/not/here.txt");
        assert_eq!(errs[0].message, "no such file or directory");
    }

    #[test]
    fn sha256_matches_known_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
