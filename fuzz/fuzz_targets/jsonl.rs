//! Decoding and the JSONL reader on arbitrary bytes: no panics; decoding is lossless.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xieshang::input::{decode, encode, read_jsonl, Item};

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = decode(data) {
        assert_eq!(encode(&d.text, d.encoding).as_deref(), Some(data), "{}", d.encoding);
    }
    read_jsonl(std::path::Path::new("fuzz.jsonl"), data, &mut |item| {
        if let Item::Doc(d) = item {
            assert!(!d.id.is_empty());
        }
    });
});
