"""The schema text shipped with the program and the version it describes."""

from __future__ import annotations

from importlib import resources

# Bump together with a new entry in migrations.MIGRATIONS.
SCHEMA_VERSION = 1
APP_ID = "retrofit-app"


def schema_sql() -> str:
    return resources.files("retrofit_app.db").joinpath("schema.sql").read_text(encoding="utf-8")
