fn main() {
    std::process::exit(xieshang::cli::run(std::env::args_os()));
}
