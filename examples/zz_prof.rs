use xieshang::Corpus;
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpus = Corpus::open(&args[0])?;
    let n: usize = args[1].parse()?;
    for q in &args[2..] {
        let t = std::time::Instant::now();
        for _ in 0..n {
            let hits = corpus.search(q, 20)?;
            assert!(!hits.is_empty());
        }
        println!("{q}: {:.2} ms", t.elapsed().as_secs_f64() * 1000.0 / n as f64);
    }
    Ok(())
}
