"""What the server holds now, as a project file: the city's view (issue 26 point 5).

The programme's reviews (半年通报、每年评估、三年总评) are built from a project file by
core/programme and core/reports. Against the server they are built by the same code from a
snapshot: a project file filled from the server in one read-only, repeatable-read transaction
(the sync's own pull), in a private scratch folder removed afterwards. Row-level security
decides what the snapshot holds: every district for the city's role, one for a district's.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from retrofit_app.core.project import Project
from retrofit_app.core.server.sync import pull_into
from retrofit_app.core.server.tables import DEFAULT_SCHEMA


@contextlib.contextmanager
def server_snapshot(url: str, *, schema: str = DEFAULT_SCHEMA, user: str = "") -> Iterator[Path]:
    """A project file holding what `url`'s role may read of the server now; removed on leaving."""
    folder = Path(tempfile.mkdtemp(prefix="retrofit-server-"))
    try:
        snapshot = folder / "服务器.gpkg"
        Project.create(snapshot, user=user or "retrofit").close()
        pull_into(url, schema, snapshot)
        yield snapshot
    finally:
        shutil.rmtree(folder, ignore_errors=True)
