"""The schema text shipped with the program and the version it describes."""

from __future__ import annotations

from retrofit_app.core.resources import schema_file

# Bump together with a new entry in migrations.MIGRATIONS.
# 2: audit values keep personal numbers masked; 3: households.problems; 4: identity_decisions
# 5: field aliases, value lists, read-only overview layers for QGIS (storage/qgis_schema.py)
# 6: acceptances and acceptance_parties (issue 16)
# 7: plan, money, elevators and management for the programme's reviews (issue 19)
# 8: evidence_chain, the tamper-evident history (issue 20)
# 9: report_digests, what each notice, acceptance and review report was built from (issue 20)
# 10: signatures drawn on the pad for a vote or an acceptance party (issue 20); estate
#     boundaries declared MULTIPOLYGON so QGIS draws the layer while empty (issue 25)
SCHEMA_VERSION = 10
APP_ID = "retrofit-app"


def schema_sql() -> str:
    return schema_file().read_text(encoding="utf-8")
