"""Run the benchmarks: one JSON line per benchmark with name, seconds, floor_seconds, ratio, peak_rss_mb.

Usage: python bench/run.py [--quick] [--only NAME]
Each ratio compares our code with a floor measured in the same run on the same machine.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# Each module exposes run(quick: bool) -> list[dict].
MODULES = ["foundation_bench", "checklists_bench", "photos_bench", "reports_bench", "merge_bench"]
MODULES.append("map_bench")
MODULES.append("consultation_bench")
MODULES.append("district_bench")  # issue 21: a district-sized file, --quick at 0.05
MODULES.append("server_bench")  # issue 26: needs PostgreSQL + PostGIS, says so without


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="fewer repeats, smaller inputs (< 1 minute)"
    )
    parser.add_argument("--only", help="run only the module with this name")
    args = parser.parse_args()
    failed = 0
    for name in MODULES:
        if args.only and args.only != name:
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        try:
            for result in module.run(args.quick):
                print(json.dumps(result, ensure_ascii=False), flush=True)
        except Exception as error:  # noqa: BLE001 - report and go on with the other benchmarks
            failed += 1
            print(
                json.dumps({"name": name, "error": f"{type(error).__name__}: {error}"}), flush=True
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
