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
