#!/usr/bin/env python3
"""Derive xieshang's embedded gazetteer (data/gazetteer.csv) from divisions.csv.

Usage (from the repository root):

    python3 scripts/make_gazetteer.py [PATH/TO/divisions.csv] [-o data/gazetteer.csv]

The default input is ../shared/domain/divisions.csv relative to the repository root.
Stdlib only; the output is deterministic (same input -> byte-identical output).

Output columns (UTF-8, header row, "\\n" line ends, RFC 4180 quoting where needed):

    adcode         6-digit GB/T 2260 code (9 digits for townships)
    parent_adcode  parent's code; empty for provinces
    level          province | prefecture | county | township
    name_zh        registered Chinese name
    name           romanised base name without the level word (Jiaxing, Inner Mongolia)
    suffix_en      English level word(s) (City, District, League, Autonomous Region, Town)
    variants       "|"-separated alternative spellings (source variants + EXTRA_VARIANTS)
    status         current | revoked
    reviewed       1 if the romanisation was reviewed upstream (province, prefecture and
                   county rows), 0 for township rows (mechanical pinyin: match weakly)
"""

import argparse
import csv
import io
import os
import sys

# Well-known English exonyms not already carried by divisions.csv, keyed by adcode.
# Source: Chinese postal romanization (1906 Imperial Postal Joint-Session
# Conference; see https://en.wikipedia.org/wiki/Chinese_postal_romanization), still
# seen in older English texts. Ethnic qualifiers such as "Guangxi Zhuang" are not
# variants: the extractor reads them as part of the level word ("Zhuang autonomous
# region"). Keep this list short: every entry is a match key.
EXTRA_VARIANTS = {
    "110000": ["Peking"],  # Beijing: historical postal romanisation
    "650000": ["Sinkiang"],  # Xinjiang: historical postal romanisation
    "540000": ["Xizang"],  # Tibet: official pinyin (already in source; deduplicated)
    "820000": ["Macau"],  # Macao: Portuguese spelling (already in source; deduplicated)
}

COLUMNS = ["adcode", "parent_adcode", "level", "name_zh", "name", "suffix_en",
           "variants", "status", "reviewed"]
LEVEL_ORDER = {"province": 0, "prefecture": 1, "county": 2, "township": 3}


def default_input():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(root, "..", "shared", "domain", "divisions.csv")


def default_output():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(root, "data", "gazetteer.csv")


def convert(rows):
    out = []
    for r in rows:
        code = r["adcode"].strip()
        variants = [v for v in r.get("name_variants", "").split("|") if v]
        for extra in EXTRA_VARIANTS.get(code, []):
            if extra not in variants and extra != r["name_pinyin"]:
                variants.append(extra)
        level = r["level"].strip()
        if level not in LEVEL_ORDER:
            raise SystemExit(f"unknown level {level!r} for {code}")
        out.append([
            code,
            r["parent_adcode"].strip(),
            level,
            r["name_zh"].strip(),
            r["name_pinyin"].strip(),
            r["suffix_en"].strip(),
            "|".join(variants),
            r["status"].strip() or "current",
            "0" if level == "township" else "1",
        ])
    # Deterministic order: by code (parents sort before children within a branch).
    out.sort(key=lambda row: (row[0].ljust(9, "0"), LEVEL_ORDER[row[2]], row[0]))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input", nargs="?", default=default_input(),
                    help="divisions.csv (default: ../shared/domain/divisions.csv)")
    ap.add_argument("-o", "--output", default=default_output(),
                    help="output file (default: data/gazetteer.csv); '-' for stdout")
    args = ap.parse_args(argv)
    with open(args.input, encoding="utf-8", newline="") as f:
        rows = convert(csv.DictReader(f))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    w.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    if args.output == "-":
        sys.stdout.buffer.write(data)
    else:
        os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
        with open(args.output, "wb") as f:
            f.write(data)
        counts = {}
        for row in rows:
            counts[row[2]] = counts.get(row[2], 0) + 1
        print(f"{args.output}: {len(rows)} rows " +
              " ".join(f"{k}={counts.get(k, 0)}" for k in LEVEL_ORDER), file=sys.stderr)


if __name__ == "__main__":
    main()
