//! Turns input paths (files, directories, JSONL dumps) into [`Document`]s.
//!
//! Reading never stops at a bad input: every failure becomes an [`IngestError`] naming
//! the file (and line, for JSONL) and the reason, and the caller goes on.

use std::fs;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::model::{Document, IngestError};

/// One document (a text file, or one JSONL line) larger than this is refused: no news
/// article is that long, and a crawl dump's stray archive or log should not stall a build.
pub const MAX_DOC_BYTES: u64 = 32 * 1024 * 1024;

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
    /// Gzip-compressed JSONL (`.jsonl.gz`), decompressed as it streams.
    JsonlGz,
}

impl InputKind {
    fn of(path: &Path) -> Option<InputKind> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".jsonl.gz") || name.ends_with(".ndjson.gz") {
            Some(InputKind::JsonlGz)
        } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            Some(InputKind::Jsonl)
        } else if name.ends_with(".txt") {
            Some(InputKind::Text)
        } else {
            None
        }
    }
}

fn error(origin: impl Into<String>, kind: &str, message: impl Into<String>) -> IngestError {
    IngestError { origin: origin.into(), kind: kind.to_string(), message: message.into() }
}

/// Expands the inputs into a sorted list of files to read. Directories are walked
/// recursively for `*.txt`, `*.jsonl`, `*.ndjson` and their `.gz` forms; a file named
/// directly is read whatever its extension (JSONL by those names, else text).
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
            Ok(_) => files.push((input.clone(), InputKind::of(input).unwrap_or(InputKind::Text))),
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

fn walk(dir: &Path, found: &mut Vec<(PathBuf, InputKind)>, errors: &mut Vec<IngestError>, visited: &mut Vec<PathBuf>) {
    // Guard against symlink loops: never enter the same canonical directory twice.
    match fs::canonicalize(dir) {
        Ok(real) if visited.contains(&real) => {
            errors.push(error(dir.display().to_string(), "io", "directory symlink loop, skipped"));
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

/// The text of some bytes and the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// `utf-8`, `utf-8-bom`, `utf-16le(-bom)`, `utf-16be(-bom)` or `gb18030`.
    pub encoding: &'static str,
}

fn utf16(bytes: &[u8], little: bool, bom: bool) -> Result<Decoded, String> {
    let enc = if little { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
    let name = match (little, bom) {
        (true, true) => "utf-16le-bom",
        (true, false) => "utf-16le",
        (false, true) => "utf-16be-bom",
        (false, false) => "utf-16be",
    };
    let body = if bom { &bytes[2..] } else { bytes };
    match enc.decode_without_bom_handling_and_without_replacement(body) {
        Some(text) => Ok(Decoded { text: text.into_owned(), encoding: name }),
        None => Err(format!("invalid {} text", if little { "UTF-16LE" } else { "UTF-16BE" })),
    }
}

/// Which half of each byte pair is mostly NUL, if the bytes look like BOM-less UTF-16.
fn sniff_utf16(bytes: &[u8]) -> Option<bool> {
    let pairs = bytes.len() / 2;
    if pairs < 2 || bytes.len() % 2 != 0 {
        return None;
    }
    let (mut odd, mut even) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // ASCII-range text in UTF-16 has a NUL in nearly every pair, always on one side.
    if odd * 10 >= pairs * 4 && even == 0 {
        Some(true)
    } else if even * 10 >= pairs * 4 && odd == 0 {
        Some(false)
    } else {
        None
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Decodes raw bytes: UTF-8 (with or without a byte-order mark), UTF-16 (by BOM or by
/// its NUL pattern), or GB18030/GBK when the bytes are not UTF-8 but decode cleanly to
/// mostly Chinese text. Binary data and undecodable text are refused with the byte
/// offset of the first bad sequence.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok(Decoded { text: s.to_string(), encoding: "utf-8-bom" }),
            Err(e) => Err(format!("invalid UTF-8 at byte {}", 3 + e.valid_up_to())),
        };
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return utf16(bytes, true, true);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return utf16(bytes, false, true);
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        if let Some(little) = sniff_utf16(bytes) {
            return utf16(bytes, little, false);
        }
        return Err(format!("binary data, not text (NUL byte at byte {at})"));
    }
    let controls = bytes.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    if controls * 100 > bytes.len() {
        return Err(format!("binary data, not text ({controls} control bytes)"));
    }
    let err = match std::str::from_utf8(bytes) {
        Ok(s) => return Ok(Decoded { text: s.to_string(), encoding: "utf-8" }),
        Err(e) => e,
    };
    if let Some(text) = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        let non_ascii = text.chars().filter(|c| !c.is_ascii()).count();
        let cjk = text.chars().filter(|&c| is_cjk(c)).count();
        // Accept only a lossless reading (WHATWG GB18030 maps a few bytes, e.g. 0x80,
        // one way only), so the stored text always re-encodes to the hashed bytes.
        let lossless = || encoding_rs::GB18030.encode(&text).0.as_ref() == bytes;
        if non_ascii > 0 && cjk * 10 >= non_ascii * 7 && lossless() {
            return Ok(Decoded { text: text.into_owned(), encoding: "gb18030" });
        }
    }
    Err(format!("invalid UTF-8 at byte {} (and not GB18030 text either)", err.valid_up_to()))
}

/// The original bytes of a decoded text, for integrity checks: `None` if the encoding
/// name is unknown.
pub fn encode(text: &str, encoding: &str) -> Option<Vec<u8>> {
    let utf16 = |little: bool, bom: bool| {
        let mut out = Vec::with_capacity(text.len() * 2 + 2);
        if bom {
            out.extend_from_slice(if little { b"\xFF\xFE" } else { b"\xFE\xFF" });
        }
        for unit in text.encode_utf16() {
            out.extend_from_slice(&if little { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        out
    };
    Some(match encoding {
        "utf-8" => text.as_bytes().to_vec(),
        "utf-8-bom" => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        "utf-16le" => utf16(true, false),
        "utf-16le-bom" => utf16(true, true),
        "utf-16be" => utf16(false, false),
        "utf-16be-bom" => utf16(false, true),
        "gb18030" => encoding_rs::GB18030.encode(text).0.into_owned(),
        _ => return None,
    })
}

fn stem(path: &Path) -> String {
    let name = path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

/// Reads one file into documents (one for a text file, one per line for JSONL, which is
/// streamed so a dump of any size reads in bounded memory).
pub fn read_file(path: &Path, kind: InputKind, out: &mut dyn FnMut(Item)) {
    read_file_hashing(path, kind, true, out)
}

/// [`read_file`]; with `hash` false the documents' `sha256` is left empty (a pass that
/// only counts lines of a new database has no use for it, and the build pass hashes).
pub(crate) fn read_file_hashing(path: &Path, kind: InputKind, hash: bool, out: &mut dyn FnMut(Item)) {
    let origin = path.display().to_string();
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => return out(Item::Error(io_error(path, &e))),
    };
    match kind {
        InputKind::Text if meta.len() > MAX_DOC_BYTES => out(Item::Error(error(
            origin,
            "too_large",
            format!("file is {} bytes, over the {MAX_DOC_BYTES} byte limit for one article", meta.len()),
        ))),
        InputKind::Text => match fs::read(path) {
            Ok(bytes) => out(document(stem(path), origin, None, None, &bytes, hash)),
            Err(e) => out(Item::Error(io_error(path, &e))),
        },
        InputKind::Jsonl => match fs::File::open(path) {
            Ok(file) => read_jsonl_hashing(path, std::io::BufReader::with_capacity(1 << 16, file), hash, out),
            Err(e) => out(Item::Error(io_error(path, &e))),
        },
        InputKind::JsonlGz => match fs::File::open(path) {
            Ok(file) => {
                let gz = flate2::read::MultiGzDecoder::new(std::io::BufReader::with_capacity(1 << 16, file));
                read_jsonl_hashing(path, std::io::BufReader::with_capacity(1 << 16, gz), hash, out)
            }
            Err(e) => out(Item::Error(io_error(path, &e))),
        },
    }
}

/// A document from the raw bytes of one text, or the reason it cannot be one.
pub fn text_document(id: String, origin: String, url: Option<String>, hint_date: Option<String>, bytes: &[u8]) -> Item {
    document(id, origin, url, hint_date, bytes, true)
}

/// [`text_document`], hashing the bytes only when `hash` is true.
fn document(
    id: String,
    origin: String,
    url: Option<String>,
    hint_date: Option<String>,
    bytes: &[u8],
    hash: bool,
) -> Item {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Item::Error(error(origin, "empty", "empty document (no text)"));
    }
    if bytes.len() as u64 > MAX_DOC_BYTES {
        return Item::Error(error(
            origin,
            "too_large",
            format!("document is {} bytes, over the {MAX_DOC_BYTES} byte limit for one article", bytes.len()),
        ));
    }
    match decode(bytes) {
        Ok(d) => Item::Doc(Document {
            id,
            origin,
            url,
            hint_date,
            raw: d.text,
            encoding: d.encoding.to_string(),
            sha256: if hash { sha256_hex(bytes) } else { String::new() },
        }),
        Err(message) => Item::Error(error(origin, "decode", message)),
    }
}

/// Reads a JSONL dump: one object per line with `text` and optional `id`, `url`, `date`.
/// A malformed line is reported with its line number and the rest of the file goes on.
pub fn read_jsonl(path: &Path, reader: impl BufRead, out: &mut dyn FnMut(Item)) {
    read_jsonl_hashing(path, reader, true, out)
}

/// [`read_jsonl`], hashing the texts only when `hash` is true.
fn read_jsonl_hashing(path: &Path, mut reader: impl BufRead, hash: bool, out: &mut dyn FnMut(Item)) {
    let file_stem = stem(path);
    let mut line = Vec::new();
    for lineno in 1.. {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                out(Item::Error(error(format!("{}:{lineno}", path.display()), "io", e.to_string())));
                break;
            }
        }
        if let Some(item) = jsonl_line(path, &file_stem, lineno, &line, hash) {
            out(item);
        }
    }
}

fn jsonl_line(path: &Path, file_stem: &str, lineno: usize, line: &[u8], hash: bool) -> Option<Item> {
    let origin = format!("{}:{}", path.display(), lineno);
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let line = if lineno == 1 { line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line) } else { line };
    if line.iter().all(|b| b.is_ascii_whitespace()) {
        return None;
    }
    if line.len() as u64 > MAX_DOC_BYTES {
        return Some(Item::Error(error(
            origin,
            "too_large",
            format!("line is {} bytes, over the {MAX_DOC_BYTES} byte limit for one article", line.len()),
        )));
    }
    let value: serde_json::Value = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) => return Some(Item::Error(error(origin, "json", format!("malformed JSON: {e}")))),
    };
    let Some(obj) = value.as_object() else {
        return Some(Item::Error(error(origin, "json", "line is not a JSON object")));
    };
    let Some(text) = obj.get("text").and_then(|t| t.as_str()) else {
        return Some(Item::Error(error(origin, "json", "object has no string field \"text\"")));
    };
    let id = match obj.get("id") {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("{file_stem}:{lineno}"),
    };
    let get = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(str::to_string);
    Some(document(id, origin, get("url"), get("date"), text.as_bytes(), hash))
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
    fn decode_reads_utf8_utf16_and_gb18030_and_refuses_binary() {
        let d = decode("政协 living room".as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("政协 living room", "utf-8"));
        let d = decode("\u{feff}协商".as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("协商", "utf-8-bom"));
        // 政协委员工作室 ("CPPCC member studio") in GBK, a subset of GB18030.
        let gbk = encoding_rs::GBK.encode("政协委员工作室 2023").0.into_owned();
        let d = decode(&gbk).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("政协委员工作室 2023", "gb18030"));
        let le: Vec<u8> = "Studio 工作室".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let d = decode(&[b"\xFF\xFE".as_slice(), &le].concat()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("Studio 工作室", "utf-16le-bom"));
        let be: Vec<u8> = "Liaison station".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&be).unwrap().encoding, "utf-16be");
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err().contains("binary"));
        // Latin-1 prose is neither UTF-8 nor Chinese: refused with the offset.
        let err = decode(b"caf\xe9 au lait, na\xefve").unwrap_err();
        assert!(err.starts_with("invalid UTF-8 at byte 3"), "{err}");
    }

    #[test]
    fn one_way_gb18030_bytes_are_refused() {
        // Found by tests/fuzz_inputs.rs: 0x80 decodes to € but € encodes as A2 E3, so
        // accepting it would store text whose bytes (and hash) cannot be re-derived.
        let mut bytes = vec![0x80];
        bytes.extend(encoding_rs::GBK.encode("政协委员工作室").0.iter());
        assert!(decode(&bytes).unwrap_err().starts_with("invalid UTF-8 at byte 0"));
    }

    #[test]
    fn encode_restores_the_original_bytes() {
        for bytes in [
            "政协 studio".as_bytes().to_vec(),
            [b"\xEF\xBB\xBF".as_slice(), "协商".as_bytes()].concat(),
            encoding_rs::GBK.encode("政协委员").0.into_owned(),
            [b"\xFF\xFE".as_slice(), &"ab 协".encode_utf16().flat_map(|u| u.to_le_bytes()).collect::<Vec<_>>()]
                .concat(),
        ] {
            let d = decode(&bytes).unwrap();
            assert_eq!(encode(&d.text, d.encoding).unwrap(), bytes, "{}", d.encoding);
        }
    }

    #[test]
    fn jsonl_bad_lines_are_reported_and_the_rest_goes_on() {
        let data = b"{\"id\": \"a\", \"text\": \"CPPCC living room\", \"url\": \"http://x/1\"}\n\
                     {not json}\n\
                     \n\
                     {\"id\": 7, \"text\": \"second\"}\n\
                     [1, 2]\n\
                     {\"text\": \"no id here\", \"date\": \"2023-01-02\"}\n";
        let items = collect(Path::new("dump.jsonl"), &data[..]);
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
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
