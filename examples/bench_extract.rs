//! Per-document cost of the text pipeline: corpus counting, normalization, entity
//! extraction and the dedup signature, single-threaded, over a folder of `*.txt`.
//!
//!   cargo run --release --example bench_extract -- DIR [--dump FILE]
//!
//! `--dump FILE` writes every document's normalized fields and entities as JSON lines,
//! so two versions of the code can be compared for identical output.

use std::io::Write;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).ok_or("usage: bench_extract DIR [--dump FILE]")?;
    let dump = args.iter().position(|a| a == "--dump").and_then(|i| args.get(i + 1));
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let docs: Vec<String> = paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect();
    let n = docs.len() as f64;
    // Wall time and this thread's CPU time (from /proc, 10 ms ticks): on a busy machine
    // the CPU time is the steadier measure.
    let cpu = || -> f64 {
        std::fs::read_to_string("/proc/thread-self/stat")
            .ok()
            .and_then(|s| {
                let f: Vec<&str> = s.rsplit(')').next()?.split_whitespace().collect();
                Some((f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?) / 100.0)
            })
            .unwrap_or(0.0)
    };
    let per = |t: (Instant, f64)| {
        format!("{:>8.1} µs/doc (cpu {:>8.1})", t.0.elapsed().as_secs_f64() * 1e6 / n, (cpu() - t.1) * 1e6 / n)
    };
    let now = || (Instant::now(), cpu());

    let gaz = xieshang::extract::Gazetteer::embedded();
    let t = now();
    let normalizer = xieshang::Normalizer::from_corpus(docs.iter().map(String::as_str));
    println!("corpus count  {}", per(t));
    let t = now();
    let norms: Vec<_> = docs.iter().map(|d| normalizer.normalize(d, None)).collect();
    println!("normalize     {}", per(t));
    let t = now();
    let ents: Vec<_> = docs.iter().zip(&norms).map(|(d, n)| xieshang::extract::extract(d, n, gaz)).collect();
    println!("extract       {}", per(t));
    let t = now();
    let sigs: Vec<_> = norms.iter().map(|n| xieshang::dedup::signature(&n.body)).collect();
    println!("signature     {}", per(t));
    println!("({} docs, {} signatures)", docs.len(), sigs.len());
    if let Some(path) = dump {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        for ((p, n), e) in paths.iter().zip(&norms).zip(&ents) {
            serde_json::to_writer(
                &mut out,
                &serde_json::json!({"file": p.file_name().map(|f| f.to_string_lossy()), "norm": n, "entities": e}),
            )?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}
