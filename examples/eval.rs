//! `cargo run --release --example eval -- DIR [--json]`: scores the normalizer on a gold folder.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    for dir in args.iter().filter(|a| !a.starts_with("--")) {
        let r = xieshang::eval::evaluate_dir(std::path::Path::new(dir))?;
        if json {
            println!("{}", serde_json::to_string_pretty(&r)?);
        } else {
            println!("== {dir}\n{r}");
        }
    }
    Ok(())
}
