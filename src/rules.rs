//! Rule vocabularies: one file per concept under `data/rules/`, compiled in.
//!
//! A rule file is UTF-8 text with one rule a line, its fields separated by tabs. The
//! first field is the rule (a phrase, a title, a suffix); the last is an example of text
//! the rule must match, which the tests of the stage that uses the file check. Fields
//! between them are the concept's own (a plural, a canonical form): each file's header
//! comment names them. Lines starting with `#` and blank lines are skipped.
//!
//! ```text
//! # widget phrases: phrase, then (after a tab) an example line
//! share this article→Share this article:
//! ```
//!
//! (`→` stands for the tab.)
//!
//! A stage loads its files once with [`rule_file!`] and compiles them into whatever it
//! scans with (an Aho-Corasick automaton, a set). `docs/rules.md` shows how to add a rule.

/// One line of a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// 1-based line number in its file, for messages.
    pub line: usize,
    /// The tab-separated fields, the rule first and the example last.
    pub fields: Vec<&'static str>,
}

impl Rule {
    /// The rule itself: the first field.
    pub fn pattern(&self) -> &'static str {
        self.fields.first().copied().unwrap_or("")
    }

    /// The example the rule must match: the last field (empty when the line has one field).
    pub fn example(&self) -> &'static str {
        match self.fields.as_slice() {
            [_, .., last] => last,
            _ => "",
        }
    }

    /// The field at `i` (0 is the rule), when the line has it.
    pub fn field(&self, i: usize) -> Option<&'static str> {
        self.fields.get(i).copied()
    }
}

/// The rules of one concept, in file order.
#[derive(Debug, Clone)]
pub struct RuleFile {
    /// The file's name without `.tsv` (`widget_phrases`).
    pub name: &'static str,
    pub rules: Vec<Rule>,
}

impl RuleFile {
    /// The rules' patterns, in file order.
    pub fn patterns(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.rules.iter().map(Rule::pattern)
    }
}

/// Parses a rule file's text (see the module docs for the format).
pub fn parse(name: &'static str, text: &'static str) -> RuleFile {
    let rules = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| Rule { line: i + 1, fields: l.split('\t').collect() })
        .collect();
    RuleFile { name, rules }
}

/// Loads `data/rules/NAME.tsv`, compiled into the crate: `rule_file!("widget_phrases")`.
#[macro_export]
macro_rules! rule_file {
    ($name:literal) => {
        $crate::rules::parse($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/rules/", $name, ".tsv")))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fields_comments_and_blank_lines() {
        let f = parse("t", "# header\n\nchairman\tchairmen\tChairman Wang Hao\nshare this\tShare this:\n");
        assert_eq!(f.rules.len(), 2);
        assert_eq!((f.rules[0].line, f.rules[0].pattern(), f.rules[0].field(1)), (3, "chairman", Some("chairmen")));
        assert_eq!(f.rules[0].example(), "Chairman Wang Hao");
        assert_eq!((f.rules[1].pattern(), f.rules[1].example()), ("share this", "Share this:"));
        assert_eq!(f.patterns().collect::<Vec<_>>(), ["chairman", "share this"]);
    }

    /// Every shipped rule file is well formed: each line has a rule and an example, no
    /// field has stray spaces, and no rule is listed twice. Whether the example matches
    /// is checked by the tests of the stage that reads the file.
    #[test]
    fn every_rule_file_is_well_formed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules");
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("tsv") {
                continue;
            }
            let text: &'static str = Box::leak(std::fs::read_to_string(&path).unwrap_or_default().into_boxed_str());
            let file = parse("t", text);
            assert!(!file.rules.is_empty(), "{} has no rules", path.display());
            let mut seen = std::collections::HashSet::new();
            for r in &file.rules {
                let at = format!("{}:{}", path.display(), r.line);
                assert!(r.fields.len() >= 2, "{at}: a rule needs an example after a tab");
                assert!(!r.pattern().is_empty() && !r.example().is_empty(), "{at}: empty rule or example");
                assert!(r.fields.iter().all(|f| f.trim() == *f), "{at}: a field has leading or trailing spaces");
                assert!(seen.insert(r.fields[..r.fields.len() - 1].to_vec()), "{at}: rule listed twice");
            }
        }
    }
}
