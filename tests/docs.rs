//! The data dictionary in docs/schema.md documents every table and column the
//! migrations create, so the documentation cannot fall behind the schema.

use xieshang::Corpus;

/// The part of the document under the `###` heading that names `table`.
fn section<'a>(doc: &'a str, table: &str) -> Option<&'a str> {
    let needle = format!("`{table}`");
    let mut parts = doc.split("\n### ");
    parts.next();
    parts.find(|p| p.lines().next().is_some_and(|h| h.contains(&needle)))
}

#[test]
fn every_table_and_column_is_in_the_data_dictionary() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/schema.md")).expect("docs/schema.md");
    let corpus = Corpus::sample().expect("sample");
    let conn = corpus.connection();
    let mut stmt = conn
        .prepare(
            // every table but SQLite's own and the shadow tables of virtual (FTS5) tables
            "SELECT t.name FROM sqlite_master AS t WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
             AND NOT EXISTS (SELECT 1 FROM sqlite_master AS v WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%'
                             AND t.name LIKE v.name || '\\_%' ESCAPE '\\')
             ORDER BY t.name",
        )
        .expect("tables");
    let tables: Vec<String> =
        stmt.query_map([], |r| r.get(0)).expect("tables").collect::<rusqlite::Result<_>>().expect("tables");
    assert!(tables.len() >= 15, "{tables:?}");
    let mut missing = Vec::new();
    for table in &tables {
        let Some(text) = section(&doc, table) else {
            missing.push(format!("table {table}"));
            continue;
        };
        let mut cols = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')")).expect("columns");
        let names: Vec<String> =
            cols.query_map([], |r| r.get(0)).expect("columns").collect::<rusqlite::Result<_>>().expect("columns");
        for c in names {
            if !text.contains(&format!("`{c}`")) && !text.contains(&format!("`{table}.{c}`")) {
                missing.push(format!("{table}.{c}"));
            }
        }
    }
    assert!(missing.is_empty(), "not documented in docs/schema.md: {missing:?}");
}
