"""The demo project: plausible Nanjing estates made at run time from a fixed seed."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

from retrofit_app.core.demo.checklists import add_checklists
from retrofit_app.core.demo.consultation import add_consultations
from retrofit_app.core.demo.estates import DemoSize, add_estates
from retrofit_app.core.demo.identities import settle_identities
from retrofit_app.core.demo.photos import add_photos
from retrofit_app.core.demo.programme import add_programme
from retrofit_app.core.errors import ErrorCode, ProjectFileError
from retrofit_app.core.project import Project
from retrofit_app.core.storage import create_project_file, work_folder

SEED = 20261127

# After the estates exist, each step adds its part, called with (project, rng, estates);
# in this order, as they draw from the one seeded rng: the demo is the same every time.
DemoStep = Callable[[Project, random.Random, list], None]
EXTRA_STEPS: tuple[DemoStep, ...] = (
    add_photos, add_consultations, add_checklists, add_programme, settle_identities,
)  # fmt: skip


def build_demo(
    path: Path,
    *,
    user: str = "示范",
    size: DemoSize | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the demo project to `path` (which must not exist yet).

    It is built in a scratch folder of `path` and renamed into place when whole, so a
    killed or cancelled build leaves no half-built project (issue 23); a killed build's
    scratch is removed by the next build or the next open of `path`.
    """
    path = Path(path).absolute()
    _check_free(path)
    work_folder.tidy(path)
    with work_folder.scratch(path, "demo") as work:
        building = work.path / path.name
        create_project_file(building)
        rng = random.Random(SEED)
        with Project(building, user=user) as project:
            estates = add_estates(
                project, rng, size or DemoSize(), progress=progress, cancelled=cancelled
            )
            for step in EXTRA_STEPS:
                step(project, rng, estates)
        if cancelled and cancelled():
            return path
        _check_free(path)  # made meanwhile by someone else: theirs stays
        os.replace(building, path)
    return path


def _check_free(path: Path) -> None:
    if path.is_dir():
        raise ProjectFileError(ErrorCode.IS_DIRECTORY, path=path)
    if path.exists():
        raise ProjectFileError(ErrorCode.EXISTS, path=path)
    if not path.parent.is_dir():
        raise ProjectFileError(
            ErrorCode.CANNOT_WRITE, path=path, detail="文件夹不存在 / no such folder"
        )
