"""Run the benchmarks: `python -m bench [GROUP ...]`, one JSON object a line on stdout.

Each line: name, value, unit, and where a baseline is measured in the same run,
baseline and ratio (value / baseline). Groups are modules of this package with a
`run()` generator; list them with `python -m bench --list`.
"""

from __future__ import annotations

import importlib
import json
import sys

GROUPS = ["store", "slip", "export", "ui", "central", "sync"]


def main(argv: list[str]) -> int:
    if "--list" in argv:
        print("\n".join(GROUPS))
        return 0
    chosen = [a for a in argv if not a.startswith("-")] or GROUPS
    for group in chosen:
        module = importlib.import_module(f"bench.{group}")
        for entry in module.run():
            print(json.dumps(entry), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
