"""The demo project: plausible Nanjing estates made at run time from a fixed seed."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from retrofit_app.core.demo.estates import DemoSize, add_estates
from retrofit_app.core.project import Project
from retrofit_app.core.storage import create_project_file

SEED = 20261127

# Later features add their part of the demo (votes, checklist answers, photos):
# each step is called with (project, rng, estates) after the estates exist.
DemoStep = Callable[[Project, random.Random, list], None]
EXTRA_STEPS: list[DemoStep] = []

from retrofit_app.core.demo.photos import add_photos  # noqa: E402

EXTRA_STEPS.append(add_photos)

from retrofit_app.core.demo.consultation import add_consultations  # noqa: E402

EXTRA_STEPS.append(add_consultations)


def build_demo(
    path: Path,
    *,
    user: str = "示范",
    size: DemoSize | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the demo project to `path` (which must not exist yet)."""
    path = Path(path)
    create_project_file(path)
    rng = random.Random(SEED)
    with Project(path, user=user) as project:
        estates = add_estates(
            project, rng, size or DemoSize(), progress=progress, cancelled=cancelled
        )
        for step in EXTRA_STEPS:
            step(project, rng, estates)
    return path


from retrofit_app.core.demo.checklists import add_checklists  # noqa: E402

EXTRA_STEPS.append(add_checklists)
