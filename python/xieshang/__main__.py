"""``python -m xieshang`` and the ``xieshang`` console script: the same CLI as the Rust binary."""

from __future__ import annotations

import sys

from xieshang._core import run_cli


def main() -> None:
    """Runs the command line and exits with its status."""
    sys.stdout.flush()
    raise SystemExit(run_cli(["xieshang", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
