//! Sets `cfg(shared_material)` when the project's shared material (`../shared`, beside
//! the checkout) is there, or when `CI` is set: CI always has it, so there a missing
//! folder fails the tests that read it instead of sparing them. Those tests carry
//! `#[cfg_attr(not(shared_material), ignore = "...")]`, so a checkout without the folder
//! reports them as ignored, never as passed.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_material)");
    println!("cargo::rerun-if-env-changed=CI");
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let shared = Path::new(&root).join("../shared");
    if shared.is_dir() {
        println!("cargo::rerun-if-changed={}", shared.display());
    } else {
        // Cargo re-runs a script whose watched path is missing on every build; watch
        // this file instead (a folder that appears later needs `touch build.rs`).
        println!("cargo::rerun-if-changed=build.rs");
    }
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    if shared.is_dir() || ci {
        println!("cargo::rustc-cfg=shared_material");
    }
}
