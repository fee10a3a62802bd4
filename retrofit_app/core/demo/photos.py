"""The demo's photos: drawn before/during/after views of each estate, imported through the real pipeline."""

from __future__ import annotations

import math
import random
import tempfile
from pathlib import Path

from retrofit_app.core.model import Estate
from retrofit_app.core.photos.importer import import_photos
from retrofit_app.core.photos.model import STAGE_TAG_LABELS, Placement, StageTag
from retrofit_app.core.photos.samples import as_stored, make_exif, scene, write_photo
from retrofit_app.core.project import Project
from retrofit_app.core.words import say

# Which views each estate gets, by how far its retrofit has come.
_STAGES_BY_ESTATE_STAGE = {
    "surveyed": [StageTag.BEFORE, StageTag.BEFORE],
    "design": [StageTag.BEFORE, StageTag.BEFORE],
    "construction": [StageTag.BEFORE, StageTag.DURING, StageTag.DURING],
    "acceptance": [StageTag.BEFORE, StageTag.DURING, StageTag.AFTER],
    "accepted": [StageTag.BEFORE, StageTag.AFTER],
}
_VIEWS = ["北立面", "南立面", "楼道入口", "屋面", "小区主路"]
_DATES = {
    StageTag.BEFORE: "2024:03:{day:02d}",
    StageTag.DURING: "2024:09:{day:02d}",
    StageTag.AFTER: "2025:04:{day:02d}",
}
_WIDTH, _HEIGHT = 480, 360


def _near(estate: Estate, rng: random.Random) -> tuple[float, float]:
    """A point within ~60 m of the estate's centre, so inside its boundary."""
    east, north = rng.uniform(-60, 60), rng.uniform(-50, 50)
    lat = (estate.lat or 32.05) + north / 111_000
    lon = (estate.lon or 118.78) + east / (111_000 * math.cos(math.radians(32.05)))
    return round(lon, 6), round(lat, 6)


def add_photos(project: Project, rng: random.Random, estates: list[Estate]) -> None:
    # Beside the project being built (build_demo's scratch folder), so a kill leaves nothing in /tmp.
    with tempfile.TemporaryDirectory(prefix="photos-", dir=project.path.parent) as folder:
        for number, estate in enumerate(estates[:13]):
            buildings = project.buildings.of_estate(estate.uuid)
            if not buildings:
                continue
            building = buildings[0]
            stages = _STAGES_BY_ESTATE_STAGE[str(estate.stage)]
            for shot, stage in enumerate(stages):
                # The n-th before and the n-th after show the same place, so they pair up.
                view = _VIEWS[(number + stages[:shot].count(stage)) % len(_VIEWS)]
                path = _draw(Path(folder), estate, stage, shot, rng)
                caption = f"{building.name}{view}（{say(STAGE_TAG_LABELS[stage], 'zh')}）"
                placement = Placement(
                    estate.uuid, stage_tag=stage, building_uuid=building.uuid, caption=caption
                )
                import_photos(project, placement, [path], workers=0)


def _draw(folder: Path, estate: Estate, stage: StageTag, shot: int, rng: random.Random) -> Path:
    lon, lat = _near(estate, rng)
    # Every third photo was taken with the phone held upright (EXIF orientation 6).
    orientation = 6 if rng.random() < 0.33 else 1
    day = rng.randint(1, 28)
    taken = _DATES[stage].format(day=day) + f" {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:00"
    upright = scene(
        _WIDTH,
        _HEIGHT,
        f"{estate.code} {stage.value} #{shot + 1}",
        stage=str(stage),
        seed=rng.randint(0, 10**6),
    )
    exif = make_exif(
        taken_at=taken,
        offset="+08:00",
        lon=lon,
        lat=lat,
        orientation=orientation,
        make="HUAWEI",
        model="Mate 40",
    )
    name = f"IMG_{estate.code}_{shot + 1}_{stage.value}.jpg"
    return write_photo(folder / name, as_stored(upright, orientation), exif, quality=80)
