// mimalloc (see Cargo.toml); a build with the `python` feature gets it from the library.
#[cfg(not(feature = "python"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(xieshang::cli::run(std::env::args_os()));
}
