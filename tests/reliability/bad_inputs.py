"""The corpus of malformed inputs: each case writes its file and names the command that must refuse it."""

from __future__ import annotations

import io
import json
import sqlite3
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from crash_support import ROSTER_HEADER, roster_lines

ESTATE = "XW-9001"
TEMPLATE_SOURCE = (
    Path(__file__).resolve().parents[2] / "resources" / "checklists" / "smart_facilities.json"
)


@dataclass(frozen=True)
class World:
    """What a case may point at: the project under test and files made once per session."""

    project: Path
    good_jpeg: bytes
    package: Path  # a field copy exported from a copy of the project under test
    foreign_package: Path  # a field copy of another project


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[Path, World], list[object]]  # (folder, world) -> argv after the program name
    # "whole": the input is refused as a whole and the project stays byte for byte the same;
    # "item": a batch refuses the bad item, imports the rest; the bad one leaves no trace.
    refusal: str = "whole"


CASES: list[Case] = []


def case(id: str, refusal: str = "whole") -> Callable:
    def register(make: Callable[[Path, World], list[object]]) -> Callable:
        CASES.append(Case(id, make, refusal))
        return make

    return register


# ---------------------------------------------------------------- photos
def photo(name: str, data: bytes | Callable[[World], bytes]) -> None:
    def make(folder: Path, world: World) -> list[object]:
        path = folder / name
        path.write_bytes(data(world) if callable(data) else data)
        return ["import-photos", world.project, "--estate", ESTATE, path]

    case(f"photo-{Path(name).stem}")(make)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width`×`height` pixels: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def with_bad_exif(jpeg: bytes) -> bytes:
    """An APP1 Exif segment whose IFD offsets point past the end."""
    junk = b"Exif\x00\x00MM\x00\x2a\xff\xff\xff\xf0" + b"\xde\xad" * 40
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(junk) + 2) + junk + jpeg[2:]


photo("truncated.jpg", lambda w: w.good_jpeg[: len(w.good_jpeg) // 3])
photo("zero.jpg", b"")
photo("text.jpg", "这不是照片，是一段说明文字。\n".encode())
photo("html.png", b"<!DOCTYPE html><html><body>404 Not Found</body></html>")
photo("bomb.png", png_claiming(40_000, 40_000))
photo("soi-only.jpg", b"\xff\xd8\xff")
photo("bad-crc.png", lambda w: png_claiming(64, 64)[:-5] + b"\x00")
photo("fake.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64)
photo("random.jpg", bytes((i * 97 + 13) % 256 for i in range(5000)))


@case("photo-bad-exif-in-batch", refusal="item")
def _bad_exif_batch(folder: Path, world: World) -> list[object]:
    (folder / "好照片.jpg").write_bytes(world.good_jpeg)
    (folder / "坏照片.jpg").write_bytes(with_bad_exif(world.good_jpeg)[:-2000])
    return ["import-photos", world.project, "--estate", ESTATE, folder / "好照片.jpg", folder / "坏照片.jpg"]  # fmt: skip


@case("photo-missing-file")
def _missing_photo(folder: Path, world: World) -> list[object]:
    return ["import-photos", world.project, "--estate", ESTATE, folder / "不存在.jpg"]


# ---------------------------------------------------------------- rosters
def roster(name: str, data: bytes | Callable[[Path], None], refusal: str = "whole") -> None:
    def make(folder: Path, world: World) -> list[object]:
        path = folder / name
        if callable(data):
            data(path)
        else:
            path.write_bytes(data)
        return ["import-households", world.project, "--estate", ESTATE, path]

    case(f"roster-{Path(name).stem}-{Path(name).suffix[1:]}", refusal)(make)


GOOD = roster_lines(6, seed=5)


def crlf(lines: list[str], encoding: str) -> bytes:
    return "\r\n".join(lines).encode(encoding) + b"\r\n"


def empty_xlsx(path: Path) -> None:
    openpyxl.Workbook().save(path)


def header_only_xlsx(path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(ROSTER_HEADER.split(","))
    book.save(path)


def broken_xlsx(path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(ROSTER_HEADER.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])


def xlsx_without_workbook(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")


roster("invalid-gbk.csv", crlf(GOOD[:3], "gbk") + b"1,1,999,9,60,\x81\x20\xff\xfe,,,,,,,\r\n" + crlf(GOOD[3:], "gbk"))  # fmt: skip
roster("mixed-encodings.csv", crlf(GOOD[:4], "utf-8") + crlf(GOOD[4:], "gbk"))
roster("no-header.csv", crlf(GOOD[1:], "gbk"))
roster("empty.csv", b"")
roster("header-only.csv", crlf(GOOD[:1], "gbk"))
roster("semicolons.csv", crlf([line.replace(",", ";") for line in GOOD], "gbk"))
roster("binary-junk.csv", bytes((i * 131 + 7) % 256 for i in range(4096)))
# Saved on a Traditional-Chinese system: what Big5 cannot hold became "?".
roster("big5.csv", "\r\n".join(GOOD).encode("big5", errors="replace"))
roster("broken-zip.xlsx", broken_xlsx)
roster("no-rows.xlsx", empty_xlsx)
roster("header-only.xlsx", header_only_xlsx)
roster("no-workbook.xlsx", xlsx_without_workbook)
roster("csv-named.xlsx", crlf(GOOD, "gbk"))
# A row with an area that is not a number is kept to settle (issue 15); a vote no one can read is not.
roster("one-bad-vote.csv", crlf([*GOOD, "9,1,101,1,60,赵六,,,个人,否,支持,当面,"], "gbk"), refusal="item")  # fmt: skip


# ---------------------------------------------------------------- GeoJSON
def geojson(name: str, document: object | bytes) -> None:
    def make(folder: Path, world: World) -> list[object]:
        path = folder / f"{name}.geojson"
        if isinstance(document, bytes):
            path.write_bytes(document)
        else:
            path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        return ["import-geojson", world.project, path]

    case(f"geojson-{name}")(make)


def estate_feature(geometry: object) -> dict:
    props = {"kind": "estate", "name": "坏几何小区", "district": "玄武区", "code": "XW-8001"}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


geojson("not-json", "小区,坐标\n童家巷,118.8\n".encode())
geojson("empty", b"")
geojson("a-list", [1, 2, 3])
geojson("wrong-type", {"type": "Topology", "objects": {}})
geojson("features-not-a-list", {"type": "FeatureCollection", "features": "无"})
geojson("self-intersecting", collection(estate_feature({"type": "Polygon", "coordinates": [[[118.80, 32.05], [118.81, 32.06], [118.81, 32.05], [118.80, 32.06], [118.80, 32.05]]]})))  # fmt: skip
geojson("unclosed-ring", collection(estate_feature({"type": "Polygon", "coordinates": [[[118.80, 32.05], [118.81, 32.05], [118.81, 32.06]]]})))  # fmt: skip
geojson(
    "out-of-range", collection(estate_feature({"type": "Point", "coordinates": [1188.0, 320.5]}))
)
geojson("no-coordinates", collection(estate_feature({"type": "Point", "coordinates": []})))
geojson("nan", b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kind":"estate","name":"x","district":"y"},"geometry":{"type":"Point","coordinates":[NaN,32.0]}}]}')  # fmt: skip
# Issue 23: nesting, numbers and types that used to end in 程序内部错误.
geojson(
    "deep-nesting",
    ('{"type":"FeatureCollection","features":' + "[" * 100_000 + "]" * 100_000 + "}").encode(),
)
geojson(
    "5000-digits", ('{"type":"FeatureCollection","features":[],"n":' + "7" * 5000 + "}").encode()
)
geojson(
    "text-coordinates",
    collection(estate_feature({"type": "Point", "coordinates": ["118.8", "32.05"]})),
)
geojson("properties-a-list", collection({"type": "Feature", "properties": ["name", "小区"], "geometry": {"type": "Point", "coordinates": [118.8, 32.05]}}))  # fmt: skip
geojson("geometry-a-string", collection(estate_feature("POINT (118.8 32.05)")))
geojson("too-many-points", collection(estate_feature({"type": "Polygon", "coordinates": [[[118.8 + i * 1e-7, 32.05 + (i % 2) * 1e-7] for i in range(25_000)] + [[118.8, 32.05]]]})))  # fmt: skip
geojson("name-of-a-megabyte", collection({**estate_feature({"type": "Point", "coordinates": [118.8, 32.05]}), "properties": {"name": "长" * 1_000_000, "district": "玄武区"}}))  # fmt: skip


# ---------------------------------------------------------------- checklist templates
def template(name: str, document: Callable[[dict], object] | bytes) -> None:
    def make(folder: Path, world: World) -> list[object]:
        path = folder / f"{name}.json"
        if isinstance(document, bytes):
            path.write_bytes(document)
        else:
            good = json.loads(TEMPLATE_SOURCE.read_text(encoding="utf-8"))
            good["template_id"] = "reliability_test"
            path.write_text(json.dumps(document(good), ensure_ascii=False), encoding="utf-8")
        return ["checklist-template-import", world.project, path]

    case(f"template-{name}")(make)


def _duplicate_ids(t: dict) -> dict:
    t["items"] = [*t["items"], dict(t["items"][0])]
    return t


template("not-json", "模板：智慧小区\n".encode())
template("empty", b"")
template("no-items", lambda t: {k: v for k, v in t.items() if k != "items"})
template("items-a-string", lambda t: {**t, "items": "消防"})
template("duplicate-ids", _duplicate_ids)
template("unknown-answer-type", lambda t: {**t, "items": [{**t["items"][0], "answer": {"type": "魔法"}}]})  # fmt: skip
template("a-list", lambda t: [t])
# Issue 23: nesting and numbers that used to end in 程序内部错误.
template(
    "version-5000-digits",
    ('{"template_id": "reliability_test", "version": ' + "9" * 5000 + "}").encode(),
)
template(
    "deep-nesting",
    (
        '{"template_id": "reliability_test", "items": ' + "[" * 100_000 + "]" * 100_000 + "}"
    ).encode(),
)
template("version-1e100-in-a-whole-template", lambda t: {**t, "version": 1e100})


def _nested(t: dict) -> dict:
    deep: object = "是"
    for _ in range(60):
        deep = [deep]
    t["items"][0]["fail_when"] = {"in": deep}
    return t


template("nested-60-deep", _nested)


# ---------------------------------------------------------------- typed text and report options (issue 23)
@case("estate-name-of-10000-characters")
def _long_estate_name(folder: Path, world: World) -> list[object]:
    return ["add-estate", world.project, "--name", "长" * 10_000, "--district", "玄武区"]


@case("estate-district-of-1000-characters")
def _long_district(folder: Path, world: World) -> list[object]:
    return ["add-estate", world.project, "--name", "新小区", "--district", "区" * 1000]


def report(name: str, pattern: str) -> None:
    def make(folder: Path, world: World) -> list[object]:
        out = folder / "报告.pdf"
        return ["report", world.project, "--estate", ESTATE, "--kind", "survey", "--out", out, "--doc-number", pattern]  # fmt: skip

    case(f"report-doc-number-{name}")(make)


report("attribute", "{date.__class__.__mro__}")
report("index", "{code[0]}")
report("unknown-field", "{password}")
report("conversion", "{code!r}")
report("huge-width", "{seq:999999999d}")
report("unpaired-brace", "宁房改〔{year〕-{seq}")


# ---------------------------------------------------------------- field packages
def package(name: str, make_file: Callable[[Path, World], Path]) -> None:
    def make(folder: Path, world: World) -> list[object]:
        return ["merge-package", world.project, make_file(folder / f"{name}.gpkg", world)]

    case(f"package-{name}")(make)


def _write(data: bytes) -> Callable[[Path, World], Path]:
    def make(path: Path, world: World) -> Path:
        path.write_bytes(data)
        return path

    return make


def _truncated(path: Path, world: World) -> Path:
    data = world.package.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _the_project_itself(path: Path, world: World) -> Path:
    path.write_bytes(world.project.read_bytes())
    return path


package("text-file", _write("外业副本清单\n".encode()))
package("empty", _write(b""))
package("truncated", _truncated)
package("another-projects", lambda path, world: world.foreign_package)
package("a-plain-project", _the_project_itself)
package("a-folder", lambda path, world: path.parent)


# ---------------------------------------------------------------- project files
def project_file(name: str, make_file: Callable[[Path, World], Path]) -> None:
    def make(folder: Path, world: World) -> list[object]:
        target = make_file(folder / "项目.gpkg", world)
        return ["add-estate", target, "--name", "新小区", "--district", "玄武区"]

    case(f"project-{name}")(make)


def _sqlite(sql: str) -> Callable[[Path, World], Path]:
    def make(path: Path, world: World) -> Path:
        conn = sqlite3.connect(path)
        conn.executescript(sql)
        conn.close()
        return path

    return make


def _newer(path: Path, world: World) -> Path:
    path.write_bytes(world.project.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute("UPDATE app_meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    return path


def _truncated_project(path: Path, world: World) -> Path:
    data = world.project.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


GPKG_ONLY = """
PRAGMA application_id = 1196444487;
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT,
  organization_coordsys_id INTEGER, definition TEXT, description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT,
  description TEXT, last_change DATETIME, min_x REAL, min_y REAL, max_x REAL, max_y REAL, srs_id INTEGER);
CREATE TABLE roads (fid INTEGER PRIMARY KEY, name TEXT);
"""

project_file("empty", _write(b""))
project_file("text", _write("项目说明\n".encode()))
project_file("truncated", _truncated_project)
project_file("another-programs-sqlite", _sqlite("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places VALUES (1, 'x');"))  # fmt: skip
project_file("newer-version", _newer)
project_file("geopackage-without-app-tables", _sqlite(GPKG_ONLY))
project_file("a-directory", lambda path, world: (path.mkdir(), path)[1])
project_file("missing", lambda path, world: path)
