#!/usr/bin/env bash
# Runs every check and test: rustfmt, clippy, cargo test, then the Python package
# built into its own virtualenv (.venv) with pytest and mypy.stubtest.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt / clippy"
cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
cargo clippy --lib --features python -- -D warnings

echo "== cargo test"
cargo test

echo "== python: virtualenv, maturin develop, pytest"
python3 -m venv .venv
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet "maturin>=1.7,<2" "pytest>=7" "pandas>=1.5" "mypy>=1.8" "pyarrow>=14" \
    "polars>=0.20" nbclient nbformat ipykernel matplotlib networkx
maturin develop --quiet
python -m pytest -q
python -m mypy.stubtest xieshang._core
