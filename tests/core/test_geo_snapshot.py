"""The estate map snapshot for reports: size, basemap under the data, building status colours, empty estates."""

from __future__ import annotations

import io
from pathlib import Path

from mbtiles_files import write_mbtiles
from PIL import Image

from retrofit_app.core.geo.mbtiles import MBTiles
from retrofit_app.core.geo.mercator import tile_of, to_mercator
from retrofit_app.core.geo.snapshot import render_estate_png
from retrofit_app.core.project import Project

GREEN = (0, 158, 115)


def _estate_with_building(project: Project) -> tuple[str, str]:
    ring = [
        [118.780, 32.050],
        [118.783, 32.050],
        [118.783, 32.052],
        [118.780, 32.052],
        [118.780, 32.050],
    ]
    estate = project.estates.create(
        "成贤街小区", "玄武区", boundary={"type": "Polygon", "coordinates": [ring]}
    )
    footprint = [
        [118.7812, 32.0508],
        [118.7818, 32.0508],
        [118.7818, 32.0512],
        [118.7812, 32.0512],
        [118.7812, 32.0508],
    ]
    building = project.buildings.create(
        estate.uuid, "1幢", geometry={"type": "Polygon", "coordinates": [footprint]}
    )
    return estate.uuid, building.uuid


def _basemap(path: Path) -> MBTiles:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (180, 210, 240)).save(buffer, "PNG")
    tiles = []
    for zoom in range(14, 19):
        col, row = tile_of(*to_mercator(118.7815, 32.051), zoom)
        tiles += [
            (zoom, col + dc, row + dr, buffer.getvalue())
            for dc in (-2, -1, 0, 1, 2)
            for dr in (-2, -1, 0, 1, 2)
        ]
    return MBTiles(write_mbtiles(path, tiles, {"name": "蓝底", "format": "png"}))


def test_snapshot_has_the_size_asked_and_colours_the_building(project: Project) -> None:
    estate, building = _estate_with_building(project)
    png = render_estate_png(project, estate, (600, 400), building_colours={building: GREEN})
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (600, 400)
    # The footprint sits at the middle of the estate, which the frame centres (its name covers the very centre).
    assert _near(image.getpixel((272, 222)), GREEN)
    plain = Image.open(io.BytesIO(render_estate_png(project, estate, (600, 400)))).convert("RGB")
    assert not _near(plain.getpixel((272, 222)), GREEN)


def _near(pixel: tuple[int, int, int], colour: tuple[int, int, int]) -> bool:
    return (
        sum(abs(a - b) for a, b in zip(pixel, colour, strict=True)) < 60
    )  # the footprint is drawn at 90 % opacity


def test_snapshot_draws_the_basemap_under_the_data(project: Project, tmp_path: Path) -> None:
    estate, _ = _estate_with_building(project)
    with _basemap(tmp_path / "蓝底.mbtiles") as basemap:
        png = render_estate_png(project, estate, (600, 400), basemap=basemap)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.getpixel((590, 250)) == (180, 210, 240)  # outside the estate: basemap only


def test_gcj02_shifts_the_data_on_the_picture(project: Project, tmp_path: Path) -> None:
    estate, building = _estate_with_building(project)
    with _basemap(tmp_path / "蓝底.mbtiles") as basemap:
        plain = render_estate_png(
            project, estate, (600, 400), basemap=basemap, building_colours={building: GREEN}
        )
        shifted = render_estate_png(
            project,
            estate,
            (600, 400),
            basemap=basemap,
            gcj02=True,
            building_colours={building: GREEN},
        )
    assert plain != shifted
    # The frame follows the shifted data, so the building stays centred while the basemap moves under it.
    assert _near(Image.open(io.BytesIO(shifted)).convert("RGB").getpixel((272, 222)), GREEN)


def test_an_estate_with_nothing_mapped_gives_none(project: Project) -> None:
    bare = project.estates.create("无坐标小区", "玄武区")
    assert render_estate_png(project, bare.uuid) is None


def test_an_estate_with_only_a_point_is_shown_at_150_metres_across(project: Project) -> None:
    spot = project.estates.create("单点小区", "玄武区", lon=118.78, lat=32.05)
    image = Image.open(io.BytesIO(render_estate_png(project, spot.uuid, (300, 300)))).convert("RGB")
    r, g, b = image.getpixel((150, 150))
    assert r > 150 and g < 100  # the red estate point in the middle


def test_cli_saves_a_snapshot_coloured_by_votes(demo_path: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    from retrofit_app.cli import main

    out = tmp_path / "地图.png"

    def snapshot(size: str, *extra: str) -> int:
        return main(["map-snapshot", str(demo_path), "--estate", "GL-0002", "--out", str(out),
                     "--size", size, *extra])  # fmt: skip

    assert snapshot("640x400", "--votes") == 0
    assert Image.open(out).size == (640, 400)
    assert snapshot("9x9") == 1
    assert "--size 的值无效" in capsys.readouterr().err
