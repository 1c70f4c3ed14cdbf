//! `cargo run --example normalize -- FILE...`: prints the normalized fields of raw articles.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    for path in std::env::args().skip(1) {
        let raw = std::fs::read_to_string(&path)?;
        let n = xieshang::normalize(&raw);
        println!("== {path}");
        println!("title:     {:?}", n.title.map(|t| t.value));
        println!("published: {:?}", n.published.map(|p| p.value.iso()));
        println!("source:    {:?}", n.source.map(|t| t.value));
        println!("dateline:  {:?}", n.dateline.map(|t| t.value));
        println!(
            "events:    {:?}",
            n.event_dates.iter().map(|e| (e.text.as_str(), e.start.map(|s| s.iso()))).collect::<Vec<_>>()
        );
        println!("body:\n{}\n", n.body);
    }
    Ok(())
}
