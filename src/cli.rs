//! The `xieshang` command line. Both the Rust binary and the Python console script
//! (`xieshang` installed by pip) call [`run`], so they behave identically.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use crate::error::Error;
use crate::model::{BuildOptions, BuildReport, Progress, Stats};
use crate::store::{Corpus, SearchOptions};

/// Exit code when some inputs could not be stored (the rest were).
pub const EXIT_INPUT_ERRORS: i32 = 3;
/// Exit code when `check` finds problems.
pub const EXIT_CHECK_FAILED: i32 = 4;

#[derive(Debug, Parser)]
#[command(
    name = "xieshang",
    version,
    about = "Raw crawled news about Chinese political consultation → a clean SQLite dataset"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build or extend a database from text files, folders (*.txt, *.jsonl) and JSONL dumps.
    /// With no INPUT, builds the embedded sample corpus.
    Build {
        /// Files or directories to ingest.
        inputs: Vec<PathBuf>,
        /// The database to create or extend.
        #[arg(short, long, default_value = "xieshang.db")]
        output: PathBuf,
        /// Print nothing but errors.
        #[arg(short, long)]
        quiet: bool,
        /// Documents per transaction.
        #[arg(long, default_value_t = 1000)]
        batch_size: usize,
        /// Re-derive every normalized table of OUTPUT from the raw text it stores (e.g.
        /// after upgrading xieshang), then add INPUTS, if any.
        #[arg(long)]
        rebuild: bool,
    },
    /// Print summary counts of a database.
    Stats {
        db: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Full-text search (bm25-ranked, with snippets). QUERY: words (all must match),
    /// "phrases", prefix*, AND, OR, NOT, parentheses; Chinese text (委员会客厅) too.
    Search {
        db: PathBuf,
        query: String,
        /// Maximum number of hits.
        #[arg(short = 'n', long, default_value_t = 10)]
        limit: usize,
        /// Published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Published on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        until: Option<String>,
        /// Articles naming this place or a place inside it: adcode, or name (Jiaxing, 嘉兴).
        #[arg(long)]
        place: Option<String>,
        /// Articles naming this person.
        #[arg(long)]
        person: Option<String>,
        /// Articles naming this platform: glossary concept, Chinese term, or words.
        #[arg(long)]
        platform: Option<String>,
        /// Keep only the best hit of each story (syndicated copies).
        #[arg(long)]
        collapse: bool,
        /// Pass QUERY unchanged to FTS5 (column filters, NEAR); no filters apply.
        #[arg(long)]
        fts: bool,
        /// Print JSON lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Export every article as JSONL or CSV.
    Export {
        db: PathBuf,
        #[arg(short, long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Verify a database: SQLite integrity, foreign keys, the full-text index, the hash of
    /// every raw text, and that every stored span indexes its raw text.
    Check {
        db: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Score normalization and entities against gold files (NAME.txt + NAME.gold.json) in a folder.
    Eval {
        gold_dir: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Jsonl,
    Csv,
    /// A directory of Parquet files partitioned by year and province (needs -o DIR).
    Parquet,
}

/// Runs the command line with these arguments (the first is the program name) and
/// returns the process exit code. Never panics on bad input.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match execute(cli.command) {
        Ok(code) => code,
        Err(CliError::BrokenPipe) => 0,
        Err(CliError::Xieshang(e)) => {
            let mut msg = format!("error: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                msg.push_str(&format!(": {s}"));
                source = s.source();
            }
            eprintln!("{msg}");
            1
        }
    }
}

enum CliError {
    BrokenPipe,
    Xieshang(Error),
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        match e {
            Error::Io(io) if io.kind() == io::ErrorKind::BrokenPipe => CliError::BrokenPipe,
            Error::Json(j) if j.io_error_kind() == Some(io::ErrorKind::BrokenPipe) => CliError::BrokenPipe,
            other => CliError::Xieshang(other),
        }
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        Error::Io(e).into()
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        if e.io_error_kind() == Some(io::ErrorKind::BrokenPipe) {
            CliError::BrokenPipe
        } else {
            Error::Json(e).into()
        }
    }
}

struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, phase: &str, total_bytes: u64) {
        self.0.reset();
        self.0.set_length(total_bytes);
        self.0.set_message(phase.to_string());
    }
    fn advance(&self, bytes_done: u64, docs_done: u64) {
        self.0.set_position(bytes_done);
        self.0.set_prefix(format!("{docs_done} docs"));
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

fn execute(command: Command) -> std::result::Result<i32, CliError> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match command {
        Command::Build { inputs, output, quiet, batch_size, rebuild } => {
            let mut options = BuildOptions { batch_size, ..Default::default() };
            if !quiet && io::stderr().is_terminal() {
                let bar = ProgressBar::new(0);
                bar.set_style(
                    ProgressStyle::with_template(
                        "{msg:>5} {bar:30} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {prefix} eta {eta}",
                    )
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                options.progress = Some(Box::new(Bar(bar)));
            }
            let mut report = if rebuild {
                let report = Corpus::rebuild(&output, &options)?;
                if !quiet {
                    writeln!(out, "rebuilt {} articles from their stored raw text", report.added)?;
                }
                report
            } else {
                BuildReport::default()
            };
            if !rebuild || !inputs.is_empty() {
                report = Corpus::build(&inputs, &output, &options)?;
            }
            for e in &report.errors {
                eprintln!("error: {}: {} ({})", e.origin, e.message, e.kind);
            }
            if !quiet {
                print_build(&mut out, &report, &output)?;
                let stats = Corpus::open(&output)?.stats()?;
                print_stats(&mut out, &stats)?;
            }
            Ok(if report.errors.is_empty() { 0 } else { EXIT_INPUT_ERRORS })
        }
        Command::Stats { db, json } => {
            let stats = Corpus::open(&db)?.stats()?;
            if json {
                serde_json::to_writer_pretty(&mut out, &stats)?;
                writeln!(out)?;
            } else {
                print_stats(&mut out, &stats)?;
            }
            Ok(0)
        }
        Command::Search { db, query, limit, since, until, place, person, platform, collapse, fts, json } => {
            let corpus = Corpus::open(&db)?;
            let hits = if fts {
                corpus.search_fts(&query, limit)?
            } else {
                let options = SearchOptions { since, until, place, person, platform, limit, collapse };
                corpus.search_with(&query, &options)?
            };
            for hit in &hits {
                if json {
                    serde_json::to_writer(&mut out, hit)?;
                    writeln!(out)?;
                } else {
                    writeln!(
                        out,
                        "{:>7.2}  {}  {}  {}",
                        hit.rank,
                        hit.id,
                        hit.published.as_deref().unwrap_or("----------"),
                        hit.title.as_deref().unwrap_or("(no title)")
                    )?;
                    writeln!(out, "         {}", hit.snippet.split_whitespace().collect::<Vec<_>>().join(" "))?;
                }
            }
            if hits.is_empty() && !json {
                eprintln!("no matches for {query:?}");
            }
            Ok(0)
        }
        Command::Export { db, format, output } => {
            let corpus = Corpus::open(&db)?;
            if let Format::Parquet = format {
                let Some(dir) = output else {
                    return Err(
                        Error::BadArgument("--format parquet writes a directory: give it with -o DIR".into()).into()
                    );
                };
                let report = corpus.export_parquet(&dir)?;
                eprintln!("wrote {} articles to {} files under {}", report.rows, report.files.len(), dir.display());
                return Ok(0);
            }
            let mut sink: Box<dyn Write> = match &output {
                Some(path) => Box::new(BufWriter::new(File::create(path).map_err(|e| Error::path(path, e))?)),
                None => Box::new(BufWriter::new(out)),
            };
            let n = match format {
                Format::Jsonl => corpus.export_jsonl(&mut sink)?,
                Format::Csv => corpus.export_csv(&mut sink)?,
                Format::Parquet => 0,
            };
            sink.flush()?;
            if let Some(path) = output {
                eprintln!("wrote {n} articles to {}", path.display());
            }
            Ok(0)
        }
        Command::Check { db, json } => {
            let report = Corpus::open(&db)?.check()?;
            if json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            } else if report.is_clean() {
                writeln!(
                    out,
                    "ok: {} articles; integrity, foreign keys, full-text index, hashes, spans and the stored summary check out",
                    report.articles
                )?;
            } else {
                for p in &report.problems {
                    writeln!(out, "{p}")?;
                }
                writeln!(out, "{} problems in {} articles", report.problems.len(), report.articles)?;
            }
            Ok(if report.is_clean() { 0 } else { EXIT_CHECK_FAILED })
        }
        Command::Eval { gold_dir, json } => {
            let report = crate::eval::evaluate_all(&gold_dir)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            } else {
                write!(out, "{report}")?;
            }
            Ok(0)
        }
    }
}

fn print_build(out: &mut dyn Write, report: &BuildReport, db: &std::path::Path) -> io::Result<()> {
    writeln!(
        out,
        "built {}: {} documents read, {} added, {} already stored, {} errors",
        db.display(),
        report.seen,
        report.added,
        report.unchanged,
        report.errors.len()
    )
}

fn print_stats(out: &mut dyn Write, s: &Stats) -> io::Result<()> {
    let pct = |n: i64| {
        if s.articles > 0 {
            100.0 * n as f64 / s.articles as f64
        } else {
            0.0
        }
    };
    writeln!(out, "articles        {}", s.articles)?;
    writeln!(out, "  with title    {} ({:.0}%)", s.with_title, pct(s.with_title))?;
    writeln!(out, "  with date     {} ({:.0}%)", s.with_published, pct(s.with_published))?;
    writeln!(out, "  with source   {} ({:.0}%)", s.with_source, pct(s.with_source))?;
    writeln!(out, "  with dateline {} ({:.0}%)", s.with_dateline, pct(s.with_dateline))?;
    writeln!(
        out,
        "published       {} .. {}",
        s.earliest.as_deref().unwrap_or("?"),
        s.latest.as_deref().unwrap_or("?")
    )?;
    if !s.by_year.is_empty() {
        let years: Vec<String> = s.by_year.iter().map(|(y, n)| format!("{y}: {n}")).collect();
        writeln!(out, "by year         {}", years.join(", "))?;
    }
    if !s.top_sources.is_empty() {
        writeln!(out, "top sources")?;
        for (src, n) in &s.top_sources {
            writeln!(out, "  {n:>6}  {src}")?;
        }
    }
    let x = &s.extracted;
    writeln!(out, "people          {} ({} mentions)", x.people, x.person_mentions)?;
    writeln!(out, "places          {} ({} mentions)", x.places, x.place_mentions)?;
    writeln!(out, "organizations   {} ({} mentions)", x.organizations, x.organization_mentions)?;
    writeln!(out, "platforms       {} ({} mentions)", x.platforms, x.platform_mentions)?;
    writeln!(out, "events          {} ({} participant roles)", x.events, x.event_participants)?;
    writeln!(out, "topics          {} (in {} articles)", x.topics, x.topic_articles)?;
    writeln!(out, "stories         {} ({} syndicated copies)", x.stories, x.syndicated_copies)?;
    writeln!(out, "ingest errors   {}", s.ingest_errors)?;
    writeln!(out, "schema version  {}", s.schema_version)
}
