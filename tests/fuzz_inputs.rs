//! Property tests over the input layer: decoding and the JSONL reader never panic, and
//! decoding is lossless (re-encoding gives back the original bytes, which is what makes
//! `xieshang check`'s hash verification sound). Scale with XIESHANG_FUZZ_CASES.

use std::path::Path;

use proptest::prelude::*;
use xieshang::input::{decode, encode, read_jsonl, Item};

fn cases() -> u32 {
    std::env::var("XIESHANG_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
}

/// Bytes that look like crawled text: ASCII, CJK in UTF-8 and GBK, BOMs, NULs, junk.
fn texty_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        "[ -~\\n]{0,40}".prop_map(String::into_bytes),
        "[政协委员工作室会议代表联络站，。]{0,10}".prop_map(String::into_bytes),
        "[政协委员工作室会议]{0,10}".prop_map(|s| encoding_rs::GBK.encode(&s).0.into_owned()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..16),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn decode_never_panics_and_round_trips(bytes in texty_bytes()) {
        if let Ok(d) = decode(&bytes) {
            prop_assert_eq!(encode(&d.text, d.encoding), Some(bytes.clone()), "encoding {}", d.encoding);
        }
    }

    #[test]
    fn decode_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(d) = decode(&bytes) {
            prop_assert_eq!(encode(&d.text, d.encoding), Some(bytes.clone()));
        }
    }

    #[test]
    fn jsonl_reader_never_panics_and_names_lines(lines in proptest::collection::vec(prop_oneof![
        "\\{\"id\": \"[a-z0-9]{0,6}\", \"text\": \"[ -!#-~]{0,30}\"\\}",
        "\\{\"text\": \"[ -!#-~]{0,30}\", \"url\": \"http://x/[a-z]{0,5}\", \"date\": \"20[0-9]{2}-0[1-9]-1[0-9]\"\\}",
        "[ -~]{0,30}",
        "\\{\"id\": [0-9]{1,4}, \"text\": 5\\}",
    ], 0..20)) {
        let data = lines.join("\n");
        let mut items = Vec::new();
        read_jsonl(Path::new("f.jsonl"), data.as_bytes(), &mut |i| items.push(i));
        for item in items {
            match item {
                Item::Doc(d) => {
                    prop_assert!(!d.id.is_empty());
                    prop_assert!(d.origin.starts_with("f.jsonl:"));
                }
                Item::Error(e) => {
                    prop_assert!(e.origin.starts_with("f.jsonl:"));
                    prop_assert!(!e.message.is_empty());
                }
            }
        }
    }
}
