#!/usr/bin/env bash
# count_lines.sh [DIR|FILE...]: non-test Rust lines, the measure of issue 20 ("about 14,700
# lines"). Counts the non-blank lines of src/**/*.rs (or of the files and folders given),
# leaving out every `#[cfg(test)] mod NAME { ... }` block and every file that is itself a
# test module (declared as `#[cfg(test)] mod NAME;`). tests/ and examples/ are not counted.
# Prints one line per file, then the total. COUNT_ROOT=DIR counts another checkout.
set -euo pipefail
cd "${COUNT_ROOT:-$(dirname "$0")/..}"
[ $# -eq 0 ] && set -- src
files=$(find "$@" -name '*.rs' | sort)
# Files declared as test modules: `#[cfg(test)]` then `mod NAME;` in DIR/mod.rs or DIR.rs.
skip=$(for f in $files; do
  awk -v f="$f" '
    /^[[:space:]]*#\[cfg\(test\)\][[:space:]]*$/ { t = 1; next }
    t && match($0, /^[[:space:]]*(pub(\([a-z]+\))? )?mod [a-z_0-9]+;/) {
      name = $0; sub(/^[[:space:]]*(pub(\([a-z]+\))? )?mod /, "", name); sub(/;.*/, "", name)
      dir = f; sub(/\/[^\/]*$/, "", dir)
      base = f; sub(/^.*\//, "", base)
      if (base != "mod.rs" && base != "lib.rs" && base != "main.rs") { sub(/\.rs$/, "", f); dir = f }
      print dir "/" name ".rs"
    }
    { t = 0 }' "$f"
done)
total=0
for f in $files; do
  if grep -qxF "$f" <<<"$skip"; then continue; fi
  n=$(awk '
    skipping {
      line = $0; gsub(/"([^"\\]|\\.)*"/, "", line); gsub(/'"'"'([^'"'"'\\]|\\.)'"'"'/, "", line)
      depth += gsub(/\{/, "{", line) - gsub(/\}/, "}", line)
      if (opened && depth <= 0) skipping = 0
      if (depth > 0) opened = 1
      next
    }
    /^[[:space:]]*#\[cfg\(test\)\][[:space:]]*$/ { pending = 1; next }
    pending && /^[[:space:]]*(pub(\([a-z]+\))? )?mod [a-z_0-9]+[[:space:]]*\{/ {
      skipping = 1; opened = 1; depth = 1; pending = 0; next
    }
    pending { pending = 0; if (NF) n++ }
    NF { n++ }
    END { print n + 0 }' "$f")
  printf '%6d %s\n' "$n" "$f"
  total=$((total + n))
done
printf '%6d total\n' "$total"
