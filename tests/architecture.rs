//! No import cycles: between the top-level modules of the crate, and between the sibling
//! files of any folder of `src/`.
//!
//! The test reads `src/**/*.rs` (test modules left out), collects every `crate::` and
//! `super::` path (in code and in doc links), resolves each to the module file it names,
//! and projects each reference onto the level where the two files' module paths part:
//! `src/build/scan.rs` naming `crate::store::search::refresh` is the edge build → store
//! among the top-level modules; `src/store/writer.rs` naming `super::schema::sql_file` is
//! writer → schema among the files of `src/store/`. A reference between a module and one
//! of its ancestors (a child using its parent's items, a `mod.rs` declaring and
//! re-exporting its children) is no edge. Paths through `use` of a sibling by a bare name
//! (`mod.rs` writing `ingest::build`) are not collected: only a parent can write those.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Known cycles not yet removed, as the edges that close them: (folder, from, to), ""
/// for the crate root. Empty: there are none. An edge may be listed here only while the
/// cycle it closes is being taken apart; the second test fails once a listed edge is
/// gone, so the list only shrinks.
const KNOWN_FOREIGN: &[(&str, &str, &str)] = &[];

/// A module path, e.g. ["store", "search"]; [] is the crate root.
type ModPath = Vec<String>;

/// Where a reference was found, for the failure message.
#[derive(Clone, Debug)]
struct Site {
    file: String,
    line: usize,
    path: String,
}

fn module_of(src: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().expect("a file name");
    match last.as_str() {
        "mod.rs" | "lib.rs" => {}
        name => parts.push(name.trim_end_matches(".rs").to_string()),
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir).expect("readable src").flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The lines of a file without its `#[cfg(test)]` items and plain `//` comments (doc
/// comments stay: their links are references too), and the names of the modules it
/// declares as test-only files (`#[cfg(test)] mod tests;`).
fn non_test_lines(text: &str) -> (Vec<(usize, String)>, Vec<String>) {
    let mut lines = Vec::new();
    let mut test_files = Vec::new();
    let mut all = text.lines().enumerate();
    while let Some((i, line)) = all.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            // Skip the next item: to its `;`, or to the brace that closes its block.
            let mut depth = 0i64;
            let mut opened = false;
            for (_, item) in all.by_ref() {
                let t = item.trim();
                if t.starts_with("#[") {
                    continue;
                }
                if !opened && t.ends_with(';') && !t.contains('{') {
                    if let Some(name) = t.strip_prefix("mod ").or_else(|| t.strip_prefix("pub(crate) mod ")) {
                        test_files.push(name.trim_end_matches(';').trim().to_string());
                    }
                    break;
                }
                depth += item.matches('{').count() as i64 - item.matches('}').count() as i64;
                opened |= item.contains('{');
                if opened && depth <= 0 {
                    break;
                }
            }
            continue;
        }
        let code = if trimmed.starts_with("///") || trimmed.starts_with("//!") {
            line.to_string()
        } else {
            match line.find("//") {
                // Not inside a string: a `//` after an odd number of quotes is in one.
                Some(at) if line[..at].matches('"').count() % 2 == 0 => line[..at].to_string(),
                _ => line.to_string(),
            }
        };
        lines.push((i + 1, code));
    }
    (lines, test_files)
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths a line names through `crate::` or `super::`: (leading `super`s, or None for
/// `crate`; the segments after them), a `{...}` group giving one path per item.
fn paths_in(line: &str) -> Vec<(Option<usize>, Vec<String>)> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(at) = line[i..].find("crate::").into_iter().chain(line[i..].find("super::")).min() {
        let at = i + at;
        let before = line[..at].chars().next_back();
        if before.is_some_and(|c| is_ident(c) || c == ':') {
            i = at + 1;
            continue;
        }
        let mut rest = &line[at..];
        let supers = if let Some(r) = rest.strip_prefix("crate::") {
            rest = r;
            None
        } else {
            let mut n = 0;
            while let Some(r) = rest.strip_prefix("super::") {
                n += 1;
                rest = r;
            }
            Some(n)
        };
        i = line.len() - rest.len();
        let (prefix, after) = segments(rest);
        if let Some(group) = after.strip_prefix('{') {
            for item in split_group(group) {
                let (more, _) = segments(item.trim());
                let mut path = prefix.clone();
                path.extend(more.into_iter().filter(|s| s != "self"));
                found.push((supers, path));
            }
        } else {
            found.push((supers, prefix));
        }
    }
    found
}

/// Leading `ident::ident::...` of `s`, and what follows the last `::`.
fn segments(s: &str) -> (Vec<String>, &str) {
    let mut segs = Vec::new();
    let mut rest = s;
    loop {
        let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        if end == 0 {
            return (segs, rest);
        }
        segs.push(rest[..end].to_string());
        match rest[end..].strip_prefix("::") {
            Some(r) => rest = r,
            None => return (segs, &rest[end..]),
        }
    }
}

/// The comma-separated items of a `{...}` group (nested groups kept whole).
fn split_group(s: &str) -> Vec<&str> {
    let (mut items, mut depth, mut from) = (Vec::new(), 0, 0);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&s[from..i]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&s[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    items.push(&s[from..]);
    items
}

/// The deepest module of `modules` that `base` + `segs` names.
fn resolve(modules: &BTreeSet<ModPath>, mut base: ModPath, segs: &[String]) -> ModPath {
    for s in segs {
        base.push(s.clone());
        if !modules.contains(&base) {
            base.pop();
            break;
        }
    }
    base
}

/// Every edge: (folder, from, to) with the sites that make it.
fn edges() -> BTreeMap<(String, String, String), Vec<Site>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    // main.rs is the binary crate: it names the library as `xieshang::`.
    files.retain(|f| f != &src.join("main.rs"));
    let texts: Vec<(PathBuf, String)> =
        files.iter().map(|f| (f.clone(), fs::read_to_string(f).expect("readable source"))).collect();
    let mut test_only = BTreeSet::new();
    for (file, text) in &texts {
        let (_, tests) = non_test_lines(text);
        let parent = module_of(&src, file);
        for name in tests {
            let mut m = parent.clone();
            m.push(name);
            test_only.insert(m);
        }
    }
    let modules: BTreeSet<ModPath> = texts.iter().map(|(f, _)| module_of(&src, f)).collect();
    let mut edges: BTreeMap<(String, String, String), Vec<Site>> = BTreeMap::new();
    for (file, text) in &texts {
        let from = module_of(&src, file);
        if test_only.contains(&from) {
            continue;
        }
        let name = file.strip_prefix(root).unwrap_or(file).display().to_string();
        for (line, code) in non_test_lines(text).0 {
            for (supers, segs) in paths_in(&code) {
                let base = match supers {
                    None => Vec::new(),
                    Some(n) => from[..from.len().saturating_sub(n)].to_vec(),
                };
                let to = resolve(&modules, base, &segs);
                let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
                if common == from.len() || common == to.len() {
                    continue; // the same module, or an ancestor and its descendant
                }
                let key = (from[..common].join("/"), from[common].clone(), to[common].clone());
                let shown =
                    format!("{}{}", supers.map_or("crate::".to_string(), |n| "super::".repeat(n)), segs.join("::"));
                edges.entry(key).or_default().push(Site { file: name.clone(), line, path: shown });
            }
        }
    }
    edges
}

/// The cycles of a directed graph: its strongly connected components of two or more
/// nodes (Tarjan's algorithm).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<BTreeSet<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<BTreeSet<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        let graph = s.graph;
        for w in graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.insert(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

#[test]
fn no_import_cycles_among_top_level_modules_or_sibling_files() {
    let edges = edges();
    let mut graphs: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (folder, from, to) in edges.keys() {
        if KNOWN_FOREIGN.contains(&(folder.as_str(), from.as_str(), to.as_str())) {
            continue;
        }
        graphs.entry(folder.clone()).or_default().entry(from.clone()).or_default().insert(to.clone());
    }
    let mut report = String::new();
    for (folder, graph) in &graphs {
        for cycle in cycles(graph) {
            let place = if folder.is_empty() { "the top-level modules".to_string() } else { format!("src/{folder}/") };
            report
                .push_str(&format!("cycle among {place}: {}\n", cycle.iter().cloned().collect::<Vec<_>>().join(", ")));
            for ((f, from, to), sites) in &edges {
                if f == folder && cycle.contains(from) && cycle.contains(to) {
                    let site = &sites[0];
                    let more = if sites.len() > 1 { format!(" (and {} more)", sites.len() - 1) } else { String::new() };
                    report.push_str(&format!("  {from} -> {to}: {}:{} {}{more}\n", site.file, site.line, site.path));
                }
            }
        }
    }
    assert!(report.is_empty(), "import cycles:\n{report}");
}

/// The edges of `allowed` that `edges` does not have.
fn stale<'a>(
    allowed: &'a [(&'a str, &'a str, &'a str)],
    edges: &BTreeMap<(String, String, String), Vec<Site>>,
) -> Vec<&'a (&'a str, &'a str, &'a str)> {
    allowed
        .iter()
        .filter(|(folder, from, to)| !edges.contains_key(&(folder.to_string(), from.to_string(), to.to_string())))
        .collect()
}

#[test]
fn the_known_foreign_edges_still_exist() {
    // An allowed edge that is gone must leave the list, so the list never hides a new one.
    let edges = edges();
    let stale_now = stale(KNOWN_FOREIGN, &edges);
    assert!(stale_now.is_empty(), "edges allowed in KNOWN_FOREIGN that no longer exist: {stale_now:?}");
    // The check itself, on an edge this crate has (build -> store) and one it has not.
    let probe = [("", "build", "store"), ("normalize", "page", "dates")];
    assert_eq!(stale(&probe, &edges), vec![&("normalize", "page", "dates")]);
}

#[test]
fn the_scanner_sees_edges_and_cycles() {
    // The parts the test above relies on, on known text.
    let found = paths_in("use super::{extract, gazetteer::Level}; use crate::store::search::refresh;");
    assert_eq!(
        found,
        vec![
            (Some(1), vec!["extract".to_string()]),
            (Some(1), vec!["gazetteer".to_string(), "Level".to_string()]),
            (None, vec!["store".to_string(), "search".to_string(), "refresh".to_string()]),
        ]
    );
    let (lines, tests) = non_test_lines(
        "use crate::a;\n#[cfg(test)]\nmod tests {\n    use crate::b;\n}\n#[cfg(test)]\nmod more;\n// crate::c\n",
    );
    assert_eq!(lines.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(), vec!["use crate::a;", ""]);
    assert_eq!(tests, vec!["more".to_string()]);
    let graph: BTreeMap<String, BTreeSet<String>> =
        [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")].iter().fold(BTreeMap::new(), |mut g, (f, t)| {
            g.entry(f.to_string()).or_insert_with(BTreeSet::new).insert(t.to_string());
            g
        });
    assert_eq!(cycles(&graph), vec![["a", "b", "c"].iter().map(|s| s.to_string()).collect::<BTreeSet<_>>()]);
    // This crate's own build → store edge is seen, and resolved to the top level.
    assert!(edges().contains_key(&(String::new(), "build".to_string(), "store".to_string())));
}
