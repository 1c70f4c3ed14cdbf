//! The embedded gazetteer of PRC administrative divisions (`data/gazetteer.csv`, see
//! `GAZETTEER.md`), parsed once on first use.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

const DATA: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/gazetteer.csv"));

/// Administrative level of a division (GOLD.md `places` levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Province,
    Prefecture,
    County,
    Township,
    /// Villages, communities, development and port areas (not in the gazetteer).
    Other,
}

impl Level {
    pub fn as_str(&self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Prefecture => "prefecture",
            Level::County => "county",
            Level::Township => "township",
            Level::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "province" => Some(Level::Province),
            "prefecture" => Some(Level::Prefecture),
            "county" => Some(Level::County),
            "township" => Some(Level::Township),
            "other" => Some(Level::Other),
            _ => None,
        }
    }
}

/// One administrative division.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Division {
    pub adcode: String,
    pub parent: Option<String>,
    pub level: Level,
    pub name_zh: String,
    /// Romanised base name without the level word (`Jiaxing`, `Inner Mongolia`).
    pub name: String,
    /// English level word(s) (`City`, `District`, `League`).
    pub suffix_en: String,
    pub variants: Vec<String>,
    /// `false` for revoked divisions.
    pub current: bool,
    /// `false` for township rows, whose romanisation is unreviewed.
    pub reviewed: bool,
}

/// Lookup tables over the divisions.
#[derive(Debug, Default)]
pub struct Gazetteer {
    divisions: Vec<Division>,
    by_code: HashMap<String, usize>,
    by_key: HashMap<String, Vec<usize>>,
    /// The first word of every key, with the most words a key starting with it has.
    first_words: HashMap<String, usize>,
    by_zh: HashMap<String, Vec<usize>>,
}

static EMBEDDED: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer::parse(DATA));

/// The match key of a place name: lower case, curly apostrophes and hyphens folded.
pub fn place_key(name: &str) -> String {
    let mut out = String::new();
    place_key_into(name, &mut out);
    out
}

/// [`place_key`] written into `out` (cleared first), so a loop can reuse one buffer.
pub(crate) fn place_key_into(name: &str, out: &mut String) {
    out.clear();
    let b = name.as_bytes();
    if name.is_ascii()
        && !b.iter().any(|&c| c == b'-' || c.is_ascii_whitespace() && c != b' ')
        && !name.contains("  ")
        && !name.starts_with(' ')
        && !name.ends_with(' ')
    {
        out.push_str(name);
        out.make_ascii_lowercase();
        return;
    }
    out.reserve(name.len());
    let mut space = false;
    for c in name.trim().chars() {
        let c = match c {
            '’' | '‘' | '`' | 'ʼ' => '\'',
            '-' | '‐' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
}

/// Splits one CSV line (RFC 4180 quoting, no embedded newlines).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    fields.push(cur);
    fields
}

impl Gazetteer {
    /// The gazetteer compiled into the library, parsed on first use.
    pub fn embedded() -> &'static Gazetteer {
        &EMBEDDED
    }

    /// Parses gazetteer CSV text (the `data/gazetteer.csv` format). Malformed rows are
    /// skipped.
    pub fn parse(text: &str) -> Gazetteer {
        let mut g = Gazetteer::default();
        for line in text.lines().skip(1) {
            let f = csv_fields(line);
            if f.len() < 9 {
                continue;
            }
            let Some(level) = Level::parse(&f[2]) else {
                continue;
            };
            let d = Division {
                adcode: f[0].clone(),
                parent: (!f[1].is_empty()).then(|| f[1].clone()),
                level,
                name_zh: f[3].clone(),
                name: f[4].clone(),
                suffix_en: f[5].clone(),
                variants: f[6].split('|').filter(|v| !v.is_empty()).map(str::to_string).collect(),
                current: f[7] != "revoked",
                reviewed: f[8] == "1",
            };
            let idx = g.divisions.len();
            g.by_code.insert(d.adcode.clone(), idx);
            let mut keys: Vec<String> = Vec::new();
            for n in std::iter::once(&d.name).chain(d.variants.iter()) {
                let k = place_key(n);
                let bare = k.replace('\'', "");
                keys.push(k);
                keys.push(bare);
            }
            keys.sort();
            keys.dedup();
            for k in keys {
                if !k.is_empty() {
                    g.by_key.entry(k).or_default().push(idx);
                }
            }
            g.by_zh.entry(d.name_zh.clone()).or_default().push(idx);
            g.divisions.push(d);
        }
        for k in g.by_key.keys() {
            let first = k.split(' ').next().unwrap_or("");
            let most = g.first_words.entry(first.to_string()).or_default();
            *most = (*most).max(k.split(' ').count());
        }
        g
    }

    /// The most words of a key that starts with the word `first` (a key word: lower
    /// case, as [`place_key`] writes it); 0 when none does.
    pub(crate) fn most_words_from(&self, first: &str) -> usize {
        self.first_words.get(first).copied().unwrap_or(0)
    }

    pub fn len(&self) -> usize {
        self.divisions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.divisions.is_empty()
    }

    pub fn divisions(&self) -> &[Division] {
        &self.divisions
    }

    /// The division with this code.
    pub fn get(&self, adcode: &str) -> Option<&Division> {
        self.by_code.get(adcode).map(|&i| &self.divisions[i])
    }

    /// Divisions whose base name or a variant equals `name` (case-, apostrophe- and
    /// hyphen-insensitive): `Jiaxing`, `Xing’an`, `inner mongolia`.
    pub fn lookup(&self, name: &str) -> Vec<&Division> {
        self.lookup_key(&place_key(name))
    }

    pub(crate) fn lookup_key(&self, key: &str) -> Vec<&Division> {
        let mut out: Vec<&Division> = match self.by_key.get(key) {
            Some(v) => v.iter().map(|&i| &self.divisions[i]).collect(),
            None => Vec::new(),
        };
        if out.is_empty() && key.contains('\'') {
            if let Some(v) = self.by_key.get(&key.replace('\'', "")) {
                out = v.iter().map(|&i| &self.divisions[i]).collect();
            }
        }
        out
    }

    /// Whether [`Gazetteer::lookup_key`] finds a reviewed division (without collecting them).
    pub(crate) fn has_reviewed_key(&self, key: &str) -> bool {
        let reviewed = |v: &Vec<usize>| v.iter().any(|&i| self.divisions[i].reviewed);
        match self.by_key.get(key) {
            Some(v) if !v.is_empty() => reviewed(v),
            _ if key.contains('\'') => self.by_key.get(&key.replace('\'', "")).is_some_and(reviewed),
            _ => false,
        }
    }

    pub(crate) fn has_key(&self, key: &str) -> bool {
        self.by_key.contains_key(key)
    }

    /// Divisions named with their level word: `Nanhu District`, `Xing'an League`,
    /// `Inner Mongolia Autonomous Region`, `Jiaxing City`.
    pub fn lookup_with_suffix(&self, name: &str) -> Vec<&Division> {
        let key = place_key(name);
        let words: Vec<&str> = key.split(' ').collect();
        for cut in (1..words.len()).rev() {
            let base = words[..cut].join(" ");
            let suffix = words[cut..].join(" ");
            let found: Vec<&Division> =
                self.lookup_key(&base).into_iter().filter(|d| suffix_matches(&suffix, &d.suffix_en)).collect();
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    /// Divisions with this Chinese name (`嘉兴市`).
    pub fn lookup_zh(&self, name_zh: &str) -> Vec<&Division> {
        self.by_zh.get(name_zh.trim()).map_or(Vec::new(), |v| v.iter().map(|&i| &self.divisions[i]).collect())
    }

    /// The parent division.
    pub fn parent(&self, d: &Division) -> Option<&Division> {
        d.parent.as_deref().and_then(|p| self.get(p))
    }

    /// Codes of `d` and all its ancestors, nearest first.
    pub fn lineage<'a>(&'a self, d: &'a Division) -> Vec<&'a str> {
        let mut out = vec![d.adcode.as_str()];
        let mut cur = d;
        while let Some(p) = self.parent(cur) {
            out.push(p.adcode.as_str());
            cur = p;
            if out.len() > 8 {
                break;
            }
        }
        out
    }

    /// Whether `ancestor` is `d` itself or one of its ancestors.
    pub fn is_within(&self, d: &Division, ancestor: &str) -> bool {
        self.lineage(d).contains(&ancestor)
    }
}

/// Whether a printed level word names this division's level word (`Street` for a
/// `Subdistrict`, `city` for a `City`).
fn suffix_matches(printed: &str, suffix_en: &str) -> bool {
    let s = place_key(suffix_en);
    printed == s
        || match printed {
            "street" | "sub district" | "subdistrict office" | "jiedao" => s == "subdistrict",
            "city" | "municipal" | "municipality" => s == "city" || s == "municipality",
            "town" => s == "township",
            "township" => s == "town",
            "prefecture" => s.ends_with("prefecture"),
            "autonomous region" => s.ends_with("autonomous region"),
            _ => false,
        }
}

/// What an English level word says about the level of the name before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LevelHint {
    Province,
    /// city / municipal / municipality: prefecture, county-level city or municipality
    City,
    Prefecture,
    County,
    Township,
}

pub(crate) fn level_of_word(word: &str) -> Option<LevelHint> {
    let w = place_key(word);
    Some(match w.as_str() {
        "province" | "provinces" | "provincial" | "autonomous region" | "special administrative region" | "sar" => {
            LevelHint::Province
        }
        "city" | "cities" | "municipal" | "municipality" | "municipalities" => LevelHint::City,
        "league" | "prefecture" | "autonomous prefecture" => LevelHint::Prefecture,
        "district" | "districts" | "county" | "counties" | "banner" | "banners" | "autonomous county" | "new area" => {
            LevelHint::County
        }
        "town" | "towns" | "township" | "townships" | "street" | "subdistrict" | "sub district"
        | "subdistrict office" | "jiedao" | "sumu" => LevelHint::Township,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "adcode,parent_adcode,level,name_zh,name,suffix_en,variants,status,reviewed\n\
330000,,province,浙江省,Zhejiang,Province,,current,1\n\
330400,330000,prefecture,嘉兴市,Jiaxing,City,,current,1\n\
330402,330400,county,南湖区,Nanhu,District,,current,1\n\
330402105,330402,township,大桥镇,Daqiao,Town,,current,0\n\
150000,,province,内蒙古自治区,Inner Mongolia,Autonomous Region,Nei Mongol,current,1\n\
152200,150000,prefecture,兴安盟,Hinggan,League,Xing'an|Xingan|Xing’an,current,1\n\
220781200,220781,township,三骏乡,Sanjun,\"Manchu, Mongol and Xibe Ethnic Township\",,revoked,0\n";

    #[test]
    fn parses_and_looks_up() {
        let g = Gazetteer::parse(SAMPLE);
        assert_eq!(g.len(), 7);
        assert_eq!(g.lookup("jiaxing")[0].adcode, "330400");
        assert_eq!(g.lookup("Xing’an")[0].adcode, "152200");
        assert_eq!(g.lookup("XINGAN")[0].adcode, "152200");
        assert_eq!(g.lookup("Inner  Mongolia")[0].adcode, "150000");
        assert_eq!(g.lookup_with_suffix("Nanhu District")[0].adcode, "330402");
        assert!(g.lookup_with_suffix("Nanhu County").is_empty());
        assert_eq!(g.lookup_with_suffix("Jiaxing city")[0].adcode, "330400");
        assert_eq!(g.lookup_with_suffix("Inner Mongolia Autonomous Region")[0].adcode, "150000");
        assert_eq!(g.lookup_zh("南湖区")[0].name, "Nanhu");
        let sanjun = g.get("220781200").unwrap();
        assert_eq!(sanjun.suffix_en, "Manchu, Mongol and Xibe Ethnic Township");
        assert!(!sanjun.current && !sanjun.reviewed);
        let daqiao = g.get("330402105").unwrap();
        assert_eq!(g.lineage(daqiao), vec!["330402105", "330402", "330400", "330000"]);
        assert!(g.is_within(daqiao, "330000"));
        assert!(!g.is_within(daqiao, "150000"));
        assert!(g.lookup("Hangzhou").is_empty());
    }

    #[test]
    fn keys_fold_case_apostrophes_and_spaces() {
        assert_eq!(place_key(" Xing’an  League "), "xing'an league");
        assert_eq!(place_key("Sub-district"), "sub district");
        assert_eq!(level_of_word("Sub-district"), Some(LevelHint::Township));
        assert_eq!(level_of_word("municipal"), Some(LevelHint::City));
        assert_eq!(level_of_word("lake"), None);
    }
}
