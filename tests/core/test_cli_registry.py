"""The command table of the command line matches what its modules register."""

from __future__ import annotations

import argparse
import importlib

from retrofit_app import cli


def test_every_command_is_found_in_the_module_the_table_names():
    registered = {}
    for name in cli.MODULES:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(f"retrofit_app.cli.{name}").register(sub)
        registered.update({command: name for command in sub.choices})
    assert registered == cli.COMMANDS


def test_design_md_commands_all_exist():
    contract = {"new", "demo", "add-estate", "info", "estates", "import-households", "tally", "checklist",
                "import-photos", "import-geojson", "export", "report", "export-package", "merge-package", "check"}  # fmt: skip
    assert contract <= set(cli.COMMANDS)


def test_the_readme_lists_every_command():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    listed = {line.split()[1] for line in readme.splitlines() if line.startswith("retrofit-app ")}
    assert set(cli.COMMANDS) | {"gui"} <= listed, sorted(set(cli.COMMANDS) - listed)
