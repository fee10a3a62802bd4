"""One laptop of tests/reliability/test_server_concurrency.py, run as its own process.

    python server_laptop.py '{"copy": ..., "user": ..., "edits": [...]}'

makes the edits in its copy through the program's services (as a field user makes them in the
window: an estate's note, a household's note, a vote, a photo's caption, a new household),
then syncs the copy with its server (core sync, as `retrofit-app sync` does), and prints one
JSON line: what it wrote (table, uuid, field, value) and what the sync said (conflicts with
the copy's value, revision, attempts, or the sentence it failed with).

Two switches for the test, by environment:
  RETROFIT_TEST_PUSH_PAUSE=FILE  the push stops after its first table's rows went to the
      server (its transaction open, the revision locked): FILE is made, and the push goes on
      when the test removes it (or the test kills the process meanwhile).
  RETROFIT_TEST_NET_PATIENCE=SECONDS  how long a connection waits for a silent server before
      giving up (the program's own waits are longer than a test wants to sit through).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project
from retrofit_app.core.server import sync as sync_module


def _edit(project: Project, edit: dict[str, Any]) -> dict[str, Any]:
    """One field user's edit; returns what the server must then hold (or list as a conflict)."""
    kind, uuid, value = edit["kind"], edit.get("uuid", ""), edit["value"]
    if kind == "estate_note":
        project.estates.update(uuid, note=value)
        return {"table": "estates", "uuid": uuid, "field": "note", "value": value}
    if kind == "household_note":
        project.households.update(uuid, note=value)
        return {"table": "households", "uuid": uuid, "field": "note", "value": value}
    if kind == "photo_caption":
        project.photos.update(uuid, caption=value)
        return {"table": "photos", "uuid": uuid, "field": "caption", "value": value}
    if kind == "vote":
        vote = project.consultations.record_vote(edit["consultation"], uuid, value)
        return {"table": "votes", "uuid": vote.uuid, "field": "choice", "value": value}
    if kind == "new_household":
        made = project.households.create(
            edit["unit"], value, area=58.5, owners=[Owner("", f"{value}户主", "", "")]
        )
        return {"table": "households", "uuid": made.uuid, "field": "room", "value": value}
    raise ValueError(kind)


def _pause_mid_push(marker: Path) -> None:
    """Stop the push once its first table's rows are on the server (transaction open)."""
    real_up = sync_module.up
    state: dict[str, Any] = {"first": None, "paused": False}

    def up(table, row):  # noqa: ANN001, ANN202
        if state["first"] is None:
            state["first"] = table.name
        elif table.name != state["first"] and not state["paused"]:
            state["paused"] = True  # the first table's statement has been sent and answered
            marker.write_text(str(os.getpid()), encoding="utf-8")
            while marker.exists():
                time.sleep(0.05)
        return real_up(table, row)

    sync_module.up = up


def _patient_for(seconds: float) -> None:
    from retrofit_app.core.server import patience

    patience.SILENCE_LIMIT = int(seconds)


def main() -> int:
    job = json.loads(sys.argv[1])
    if os.environ.get("RETROFIT_TEST_PUSH_PAUSE"):
        _pause_mid_push(Path(os.environ["RETROFIT_TEST_PUSH_PAUSE"]))
    if os.environ.get("RETROFIT_TEST_NET_PATIENCE"):
        _patient_for(float(os.environ["RETROFIT_TEST_NET_PATIENCE"]))
    copy = Path(job["copy"])
    said: dict[str, Any] = {"edits": [], "conflicts": [], "error": None}
    with Project(copy, user=job["user"]) as project:
        said["edits"] = [_edit(project, edit) for edit in job["edits"]]
    started = time.perf_counter()
    try:
        result = sync_module.sync(copy, user=job["user"])
    except RetrofitError as error:
        said.update(error=error.sentence(), code=str(error.code))
        print(json.dumps(said, ensure_ascii=False, default=str))
        return 3
    said.update(
        revision=result.revision,
        attempts=result.attempts,
        seconds=round(time.perf_counter() - started, 2),
        conflicts=[
            {"table": c.table, "uuid": c.record_uuid, "field": c.field, "value": c.field_value}
            for c in result.conflicts
        ],  # fmt: skip
    )
    print(json.dumps(said, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
