"""The district server (issue 26) against a real PostgreSQL with PostGIS: a throwaway cluster
(tests/pg_cluster.py) started once for these tests. Without Debian's postgresql and postgis
they skip; under CI (CI=true) they fail instead (tests/needs.py)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.ids import new_uuid
from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project
from retrofit_app.core.server.publish import publish
from retrofit_app.core.server.sync import clone, mirror_path, sync

pytestmark = pytest.mark.needs("postgis")

SQUARE = {"type": "Polygon", "coordinates": [[[118.780, 32.050], [118.781, 32.050],
          [118.781, 32.051], [118.780, 32.051], [118.780, 32.050]]]}  # fmt: skip


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    from needs import need

    need("postgis")
    from pg_cluster import throwaway_cluster

    with throwaway_cluster() as made:
        print(f"\nthrowaway PostgreSQL + PostGIS cluster ready in {made.started_in:.2f} s")
        yield made


@pytest.fixture
def url(cluster, monkeypatch: pytest.MonkeyPatch) -> str:  # noqa: ANN001
    """A new database with PostGIS; the password also in PGPASSWORD, where libpq finds it when a
    copy syncs (a copy keeps its server's address without the password)."""
    from pg_cluster import PASSWORD

    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    return cluster.url(cluster.new_database())


@pytest.fixture(scope="module")
def district_made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small district: two estates in 鼓楼区 (one with a building footprint), one in 玄武区."""
    path = tmp_path_factory.mktemp("district") / "区里.gpkg"
    with Project.create(path, user="办公室") as project:
        a = project.estates.create("颐和新村", "鼓楼区", street="宁海路街道", lon=118.78, lat=32.05)
        project.buildings.create(a.uuid, "1幢", storeys=6, geometry=SQUARE)
        project.estates.create("高云岭小区", "鼓楼区", street="湖南路街道", lon=118.79, lat=32.06)
        c = project.estates.create(
            "后宰门小区", "玄武区", street="梅园新村街道", lon=118.81, lat=32.04
        )
        unit = project.buildings.add_unit(project.buildings.create(c.uuid, "2幢").uuid, "1单元")
        owner = Owner(new_uuid(), "赵某", id_number="320102195001011234", phone="13800001234")
        project.households.create(unit.uuid, "101", owners=[owner])
    return path


@pytest.fixture
def district(district_made: Path, tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copyfile(district_made, tmp_path / district_made.name))


def _server_rows(cluster, url: str, sql: str) -> list[tuple]:  # noqa: ANN001
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def test_publish_makes_layers_with_real_geometry_unique_uuids_and_chinese_comments(
    cluster,
    url: str,
    district: Path,  # noqa: ANN001
) -> None:
    published = publish(district, url, user="办公室")
    assert published.rows["estates"] == 3 and published.rows["buildings"] == 2
    estates = _server_rows(cluster, url, "SELECT name, ST_SRID(geom), ST_X(geom), ST_Y(geom) "
                           "FROM retrofit.estates ORDER BY name")  # fmt: skip
    assert ("颐和新村", 4326, 118.78, 32.05) in estates
    footprint = _server_rows(
        cluster,
        url,
        "SELECT ST_AsGeoJSON(geom), GeometryType(geom) FROM retrofit.buildings WHERE geom IS NOT NULL",
    )
    assert json.loads(footprint[0][0])["coordinates"] == SQUARE["coordinates"]
    kinds = dict(_server_rows(cluster, url, "SELECT f_table_name, type FROM geometry_columns "
                              "WHERE f_table_schema = 'retrofit'"))  # fmt: skip
    assert kinds["estates"] == "POINT" and kinds["buildings"] == "GEOMETRY"
    comment = _server_rows(cluster, url, "SELECT col_description('retrofit.estates'::regclass, "
                           "(SELECT attnum FROM pg_attribute WHERE attrelid = 'retrofit.estates'::regclass "
                           "AND attname = 'name'))")  # fmt: skip
    assert comment[0][0] == "名称"
    meta = dict(_server_rows(cluster, url, "SELECT key, value FROM retrofit.retrofit_meta"))
    assert meta["revision"] == "1" and meta["server_schema_version"] == "1"
    import psycopg

    with psycopg.connect(url) as conn, pytest.raises(psycopg.errors.UniqueViolation):
        conn.execute("INSERT INTO retrofit.estates (uuid, code, name, created_at, updated_at) "
                     "SELECT uuid, 'X-1', 'x', created_at, updated_at FROM retrofit.estates LIMIT 1")  # fmt: skip
    with psycopg.connect(url) as conn, pytest.raises(psycopg.errors.ForeignKeyViolation):
        conn.execute("INSERT INTO retrofit.buildings (uuid, estate_uuid, name, created_at, updated_at) "
                     "VALUES ('b-x', 'no-such-estate', 'x', 'now', 'now')")  # fmt: skip
        conn.commit()  # the references are checked at the end of the transaction
    with pytest.raises(RetrofitError) as twice:
        publish(district, url)
    assert twice.value.code == ErrorCode.SERVER_SCHEMA_EXISTS


def test_a_clone_holds_what_the_server_holds_and_is_a_project(
    url: str, district: Path, tmp_path: Path
) -> None:
    publish(district, url)
    copy = tmp_path / "外业" / "王工.gpkg"
    copy.parent.mkdir()
    clone(url, copy)
    with Project(copy, readonly=True) as opened:
        names = sorted(e.name for e in opened.estates.list())
        building = opened.buildings.of_estate(opened.estates.resolve("颐和新村").uuid)[0]
        assert opened.quick_check() == "ok"
    assert names == ["后宰门小区", "颐和新村", "高云岭小区"]
    assert building.geometry["coordinates"] == SQUARE["coordinates"]
    meta = dict(sqlite3.connect(copy).execute("SELECT key, value FROM app_meta").fetchall())
    assert "password" not in meta["server_url"] and meta["server_revision"] == "1"
    some = tmp_path / "一个小区.gpkg"
    clone(url, some, estates=["后宰门小区"])
    with Project(some) as opened:
        assert [e.name for e in opened.estates.list()] == ["后宰门小区"]
        opened.estates.update(opened.estates.resolve("后宰门小区").uuid, note="只带了这一个")
    assert sync(some).pushed["estates"] == {"updated": 1}
    sync(copy)
    with Project(copy, readonly=True) as opened:
        assert opened.estates.resolve("后宰门小区").note == "只带了这一个"
    with Project(some, readonly=True) as opened:
        assert [e.name for e in opened.estates.list()] == ["后宰门小区"]  # still only its own


def test_two_laptops_sync_edits_to_different_estates_and_a_stale_push_is_retried(
    cluster,
    url: str,
    district: Path,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    publish(district, url)
    a, b = tmp_path / "a.gpkg", tmp_path / "b.gpkg"
    clone(url, a)
    clone(url, b)
    with Project(a, user="王工") as laptop:
        laptop.estates.update(laptop.estates.resolve("颐和新村").uuid, note="外墙空鼓")
    with Project(b, user="李工") as laptop:
        laptop.estates.update(laptop.estates.resolve("后宰门小区").uuid, year_built=1987)
        added = laptop.estates.create("新添小区", "玄武区", lon=118.82, lat=32.03)
    pushed_meanwhile: list[int] = []

    def b_pushes_first() -> None:
        """b syncs while a is between its pull and its push: a's first push must be refused."""
        if not pushed_meanwhile:
            pushed_meanwhile.append(sync(b).revision)

    first = sync(a, before_push=b_pushes_first)
    assert pushed_meanwhile == [2] and first.attempts == 2 and first.revision == 3
    sync(b)
    for laptop_copy in (a, b):
        with Project(laptop_copy, readonly=True) as opened:
            assert opened.estates.resolve("颐和新村").note == "外墙空鼓"
            assert opened.estates.resolve("后宰门小区").year_built == 1987
            assert opened.estates.resolve("新添小区").uuid == added.uuid
    rows = _server_rows(
        cluster, url, "SELECT name, note, year_built FROM retrofit.estates ORDER BY name"
    )
    assert len(rows) == 4 and ("颐和新村", "外墙空鼓", None) in rows
    log = _server_rows(
        cluster, url, "SELECT revision, pushed_by FROM retrofit.sync_log ORDER BY revision"
    )
    assert [r[0] for r in log] == [2, 3]  # b's push, then a's retried one


def test_an_edit_against_an_edit_is_a_conflict_not_an_overwrite(
    url: str, district: Path, tmp_path: Path
) -> None:
    publish(district, url)
    a, b = tmp_path / "a.gpkg", tmp_path / "b.gpkg"
    clone(url, a)
    clone(url, b)
    for path, note in ((a, "王工的记录"), (b, "李工的记录")):
        with Project(path) as laptop:
            laptop.estates.update(laptop.estates.resolve("高云岭小区").uuid, note=note)
    sync(a)
    second = _cli("sync", str(b))
    assert second.returncode == 0, second.stderr
    assert "1 个冲突" in second.stdout
    assert "服务器上为“王工的记录”（已保留），本副本为“李工的记录”" in second.stdout
    with Project(b, readonly=True) as opened:
        assert opened.estates.resolve("高云岭小区").note == "王工的记录"  # the server's, first in


def test_a_push_cut_off_leaves_the_server_as_before_and_the_next_sync_finishes_it(
    cluster,
    url: str,
    district: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    from retrofit_app.core.server import sync as sync_module

    publish(district, url)
    copy = tmp_path / "a.gpkg"
    clone(url, copy)
    with Project(copy) as laptop:
        laptop.estates.update(laptop.estates.resolve("颐和新村").uuid, note="第一处")
        laptop.estates.create("新添小区", "玄武区", lon=118.82, lat=32.03)
    before = _server_rows(cluster, url, "SELECT uuid, note FROM retrofit.estates ORDER BY uuid")
    calls = []
    real_up = sync_module.up

    def cut_after_first_row(table, row):  # noqa: ANN001, ANN202
        calls.append(table.name)
        if len(calls) == 2:
            raise ConnectionResetError("网络断了")  # mid-push: one row already sent
        return real_up(table, row)

    monkeypatch.setattr(sync_module, "up", cut_after_first_row)
    with pytest.raises(ConnectionResetError):
        sync(copy)
    assert (
        _server_rows(cluster, url, "SELECT uuid, note FROM retrofit.estates ORDER BY uuid")
        == before
    )
    assert _server_rows(
        cluster, url, "SELECT value FROM retrofit.retrofit_meta WHERE key = 'revision'"
    ) == [("1",)]
    monkeypatch.setattr(sync_module, "up", real_up)
    done = sync(copy)
    assert done.revision == 2
    rows = dict(_server_rows(cluster, url, "SELECT name, note FROM retrofit.estates"))
    assert rows["颐和新村"] == "第一处" and "新添小区" in rows and len(rows) == 4


def test_a_laptop_without_network_keeps_its_edits_and_syncs_them_later(
    url: str, district: Path, tmp_path: Path
) -> None:
    publish(district, url)
    copy = tmp_path / "a.gpkg"
    clone(url, copy)
    with Project(copy) as laptop:
        laptop.estates.update(laptop.estates.resolve("后宰门小区").uuid, note="离线时记的")
    offline = f"host={tmp_path / 'no-server'} port=5432 dbname=x user=retrofit_admin"
    with pytest.raises(RetrofitError) as cut:
        sync(copy, url=offline)
    assert (
        cut.value.code == ErrorCode.SERVER_UNREACHABLE
        and "本机副本照常可用" in cut.value.sentence()
    )
    with Project(copy, readonly=True) as laptop:
        assert laptop.estates.resolve("后宰门小区").note == "离线时记的"
    assert sync(copy).pushed["estates"] == {"updated": 1}
    # The copy keeps its own evidence chain from hand-out to hand-out: a later sync pushes the
    # entries of its own writes, not a genesis entry for every record again, and verify holds.
    with Project(copy) as laptop:
        laptop.estates.update(laptop.estates.resolve("颐和新村").uuid, note="第二次")
    later = sync(copy).pushed
    assert (
        later["estates"] == {"updated": 1}
        and later.get("evidence_chain", {}).get("inserted", 0) <= 2
    )
    from retrofit_app.core.evidence.chain_check import verify_project

    with Project(copy, readonly=True) as laptop:
        assert verify_project(laptop).ok


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "retrofit_app", *args], capture_output=True, text=True, timeout=120
    )


def test_the_command_line_says_why_the_server_cannot_be_used(
    cluster, url: str, district: Path, tmp_path: Path
) -> None:  # noqa: ANN001
    wrong = url.replace("password=", "password=not-")
    done = _cli("server", "init", "--db", wrong, str(district))
    assert done.returncode != 0 and "拒绝了用户 retrofit_admin 的登录" in done.stderr
    nowhere = f"host={tmp_path} port=1 dbname=x user=someone"
    done = _cli("server", "clone", "--db", nowhere, str(tmp_path / "c.gpkg"))
    assert (
        done.returncode != 0
        and "连接不上区级服务器" in done.stderr
        and "本机副本照常可用" in done.stderr
    )
    assert not (tmp_path / "c.gpkg").exists()
    done = _cli("server", "init", "--db", url, str(district))
    assert done.returncode == 0, done.stderr
    assert "已发布到区级服务器" in done.stdout
    cluster.sql(url.split("dbname=")[1].split()[0],
                "UPDATE retrofit.retrofit_meta SET value = '99' WHERE key = 'server_schema_version'")  # fmt: skip
    done = _cli("server", "clone", "--db", url, str(tmp_path / "c.gpkg"))
    assert done.returncode != 0 and "更新版本的程序" in done.stderr and "未被改动" in done.stderr
    assert (
        not (tmp_path / "c.gpkg").exists() and not mirror_path(tmp_path / "c.gpkg").parent.exists()
    )


def test_a_district_role_reads_and_writes_only_its_district_and_the_city_reads_all(
    cluster,
    url: str,
    district: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    import psycopg
    from pg_cluster import PASSWORD

    from retrofit_app.core.server.access import grant

    publish(district, url)
    for role in ("gulou", "city"):
        cluster.sql("postgres", f"DO $$ BEGIN CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}'; "
                    "EXCEPTION WHEN duplicate_object THEN NULL; END $$")  # fmt: skip
    grant(url, "gulou", district="鼓楼区")
    grant(url, "city", district=None)
    with pytest.raises(RetrofitError) as unknown:
        grant(url, "gulou", district="秦淮区")
    assert unknown.value.code == ErrorCode.SERVER_NO_SUCH_DISTRICT
    as_gulou = url.replace("user=retrofit_admin", "user=gulou")
    as_city = url.replace("user=retrofit_admin", "user=city")
    xuanwu = "(SELECT uuid FROM retrofit.estates WHERE name = '后宰门小区')"
    with psycopg.connect(as_gulou, autocommit=True) as conn:
        seen = sorted(r[0] for r in conn.execute("SELECT name FROM retrofit.estates"))
        assert seen == ["颐和新村", "高云岭小区"]  # not 玄武区's 后宰门小区
        assert conn.execute("SELECT count(*) FROM retrofit.buildings").fetchone()[0] == 1
        # 玄武区's owner (ID and phone numbers) and household stay out of sight
        assert conn.execute("SELECT count(*) FROM retrofit.owners").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM retrofit.households").fetchone()[0] == 0
        changed = conn.execute("UPDATE retrofit.estates SET note = 'x' WHERE name = '后宰门小区'")
        assert changed.rowcount == 0  # another district's estate: not even found
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # row-level security refuses
            conn.execute("UPDATE retrofit.estates SET district_uuid = (SELECT uuid FROM "
                         "retrofit.districts WHERE name = '玄武区') WHERE name = '颐和新村'")  # fmt: skip
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO retrofit.buildings (uuid, estate_uuid, name, created_at, "
                         f"updated_at) VALUES ('b-x', {xuanwu}, '9幢', 'now', 'now')")  # fmt: skip
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # the audit log: append only
            conn.execute("UPDATE retrofit.audit_log SET user_name = 'someone else'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM retrofit.evidence_chain")
    with psycopg.connect(as_city, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM retrofit.estates").fetchone()[0] == 3
        assert conn.execute("SELECT count(*) FROM retrofit.owners").fetchone()[0] == 1
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE retrofit.estates SET note = 'x'")
    # The district's colleague works through a copy as usual: only 鼓楼区's estates come down.
    copy = tmp_path / "鼓楼.gpkg"
    clone(as_gulou, copy)
    with Project(copy) as laptop:
        assert sorted(e.name for e in laptop.estates.list()) == ["颐和新村", "高云岭小区"]
        laptop.estates.update(laptop.estates.resolve("高云岭小区").uuid, note="鼓楼区改的")
    assert sync(copy).pushed["estates"] == {"updated": 1}
    assert ("高云岭小区", "鼓楼区改的") in _server_rows(
        cluster, url, "SELECT name, note FROM retrofit.estates"
    )


def _sheet_values(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's cell values, as a finance clerk reads the workbook."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}
    finally:
        book.close()


def test_the_review_from_the_server_has_the_figures_of_the_file(
    cluster, url: str, demo_path: Path, tmp_path: Path
) -> None:  # noqa: ANN001
    """Point 5, the city's view: `server review` builds the programme's review from what the
    server holds, with the same figures as `report --kind review` from the file published;
    for all districts (the city's role) and for one, and a district role sees only its own."""
    from pg_cluster import PASSWORD

    from retrofit_app.core.server.access import grant

    publish(demo_path, url)
    with Project(demo_path, readonly=True) as project:
        districts = sorted({e.district for e in project.estates.list()})
    assert len(districts) >= 2
    for district in ("", districts[0]):
        chosen = ["--district", district] if district else []
        from_file = _cli("report", str(demo_path), "--kind", "review", "--period", "2021-2025",
                         "--format", "xlsx", "--out", str(tmp_path / "文件.xlsx"), *chosen)  # fmt: skip
        assert from_file.returncode == 0, from_file.stderr
        from_server = _cli("server", "review", "--db", url, "--period", "2021-2025",
                           "--format", "xlsx", "--out", str(tmp_path / "服务器.xlsx"), *chosen)  # fmt: skip
        assert from_server.returncode == 0, from_server.stderr
        made = _sheet_values(tmp_path / "服务器.xlsx")
        assert made == _sheet_values(tmp_path / "文件.xlsx"), district
        assert any(isinstance(v, int | float) and v > 0 for rows in made.values() for r in rows for v in r)
    # A district's role: its own district's review, whatever it asks for
    cluster.sql("postgres", f"DO $$ BEGIN CREATE ROLE district_a LOGIN PASSWORD '{PASSWORD}'; "
                "EXCEPTION WHEN duplicate_object THEN NULL; END $$")  # fmt: skip
    grant(url, "district_a", district=districts[0])
    as_district = url.replace("user=retrofit_admin", "user=district_a")
    own = _cli("server", "review", "--db", as_district, "--period", "2021-2025", "--format",
               "xlsx", "--out", str(tmp_path / "本区.xlsx"))  # fmt: skip
    assert own.returncode == 0, own.stderr
    _cli("report", str(demo_path), "--kind", "review", "--period", "2021-2025", "--format", "xlsx",
         "--out", str(tmp_path / "本区文件.xlsx"), "--district", districts[0])  # fmt: skip
    own_figures, file_figures = _sheet_values(tmp_path / "本区.xlsx"), _sheet_values(tmp_path / "本区文件.xlsx")
    own_title, file_title = own_figures.pop("说明")[1][1], file_figures.pop("说明")[1][1]
    assert own_figures == file_figures  # every figure; the title names no district it was not asked for
    assert file_title == f"{districts[0]}{own_title}"
    # The PDF: built from the snapshot, which is gone after, so it prints no digest to check
    pdf = _cli("server", "review", "--db", url, "--period", "2025", "--out", str(tmp_path / "评估.pdf"), "--json")  # fmt: skip
    assert pdf.returncode == 0, pdf.stderr
    assert json.loads(pdf.stdout)["digest"] in (None, "")
    assert not list(Path(tempfile.gettempdir()).glob("retrofit-server-*"))


def test_a_sync_cancelled_before_its_push_leaves_server_and_copy_as_they_were(
    cluster, url: str, district: Path, tmp_path: Path
) -> None:  # noqa: ANN001
    """The window's Cancel: asked before the push, the sync stops; the edit stays in the copy
    and goes up with the next sync."""
    publish(district, url)
    copy = tmp_path / "副本.gpkg"
    clone(url, copy, user="小王")
    with Project(copy, user="小王") as project:
        project.estates.update(project.estates.resolve("颐和新村").uuid, address="颐和路 8 号")
    before = _server_rows(cluster, url, "SELECT value FROM retrofit.retrofit_meta WHERE key = 'revision'")
    with pytest.raises(RetrofitError) as stopped:
        sync(copy, user="小王", cancelled=lambda: True)
    assert stopped.value.code == ErrorCode.CANCELLED
    assert _server_rows(cluster, url, "SELECT value FROM retrofit.retrofit_meta WHERE key = 'revision'") == before
    assert _server_rows(cluster, url, "SELECT address FROM retrofit.estates WHERE name = '颐和新村'") != [("颐和路 8 号",)]
    with Project(copy, readonly=True) as project:
        assert project.estates.resolve("颐和新村").address == "颐和路 8 号"
    sync(copy, user="小王")
    assert _server_rows(cluster, url, "SELECT address FROM retrofit.estates WHERE name = '颐和新村'") == [("颐和路 8 号",)]


def test_a_server_made_by_the_previous_program_is_upgraded_by_server_upgrade(
    cluster, url: str, district: Path, tmp_path: Path
) -> None:  # noqa: ANN001
    """A district schema at project schema 9 (no signatures table, boundaries declared any
    geometry, a boundary stored as a Polygon): refused with a sentence naming `server upgrade`;
    upgraded, it has what schema 10 has, its district roles keep their rights on the new table
    (row-level security included), and copies clone and sync again."""
    import psycopg
    from pg_cluster import PASSWORD

    from retrofit_app.core.server.access import grant

    with Project(district, user="办公室") as project:
        project.estates.update(project.estates.resolve("颐和新村").uuid, boundary=SQUARE)
        for name in ("颐和新村", "后宰门小区"):
            estate = project.estates.resolve(name)
            record = project.acceptances.add(estate.uuid)
            project.acceptances.set_parties(record, {"client": (f"{estate.district}房产局", "王建国")})
    publish(district, url)
    cluster.sql("postgres", f"DO $$ BEGIN CREATE ROLE gulou_u LOGIN PASSWORD '{PASSWORD}'; "
                "EXCEPTION WHEN duplicate_object THEN NULL; END $$")  # fmt: skip
    grant(url, "gulou_u", district="鼓楼区")
    with psycopg.connect(url, autocommit=True) as conn:  # as the previous program left it
        conn.execute("DROP TABLE retrofit.signatures CASCADE")
        conn.execute("ALTER TABLE retrofit.estate_boundaries ALTER COLUMN geom TYPE "
                     "geometry(Geometry,4326) USING ST_GeometryN(geom, 1)")  # fmt: skip
        conn.execute("UPDATE retrofit.retrofit_meta SET value = '9' WHERE key = 'project_schema_version'")
    refused = _cli("server", "clone", "--db", url, str(tmp_path / "c.gpkg"))
    assert refused.returncode != 0 and "server upgrade" in refused.stderr, refused.stderr
    done = _cli("server", "upgrade", "--db", url, "--json")
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    assert said["from"] == 9 and said["tables"] == ["signatures"]
    assert said["columns"] == ["estate_boundaries.geom"]
    rows = _server_rows(cluster, url, """SELECT type FROM geometry_columns
        WHERE f_table_schema = 'retrofit' AND f_table_name = 'estate_boundaries'""")
    assert rows == [("MULTIPOLYGON",)]
    kinds = _server_rows(cluster, url, "SELECT ST_GeometryType(geom) FROM retrofit.estate_boundaries")
    assert kinds == [("ST_MultiPolygon",)]
    again = _cli("server", "upgrade", "--db", url)
    assert again.returncode == 0 and "无需升级" in again.stdout
    # The district role: it signs for its own district's estate, never for another's
    def signature(estate: str, party: str) -> tuple:
        return (new_uuid(), estate, party, "王建国", "[[[1,2,0],[3,4,9]]]", 300, 150,
                "2026-12-07T10:00:00Z", "2026-12-07T10:00:00Z", "2026-12-07T10:00:00Z")  # fmt: skip

    insert = ("INSERT INTO retrofit.signatures (uuid, estate_uuid, party_uuid, signer, strokes, width,"
              " height, signed_at, created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")  # fmt: skip
    own, theirs = (_server_rows(cluster, url, f"""SELECT e.uuid, p.uuid FROM retrofit.estates e
        JOIN retrofit.acceptances a ON a.estate_uuid = e.uuid
        JOIN retrofit.acceptance_parties p ON p.acceptance_uuid = a.uuid WHERE e.name = '{name}'""")[0]
        for name in ("颐和新村", "后宰门小区"))  # fmt: skip
    as_gulou = url.replace("user=retrofit_admin", "user=gulou_u")
    with psycopg.connect(as_gulou) as conn:
        conn.execute(insert, signature(*own))
        conn.commit()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # row-level security
            conn.execute(insert, signature(*theirs))
    assert _server_rows(cluster, url, "SELECT count(*) FROM retrofit.signatures") == [(1,)]
    copy = tmp_path / "副本.gpkg"
    made = _cli("server", "clone", "--db", url, str(copy))
    assert made.returncode == 0, made.stderr
    with Project(copy, readonly=True) as project:
        assert project.estates.resolve("颐和新村").boundary == SQUARE
    with Project(copy, user="小王") as project:
        project.estates.update(project.estates.resolve("颐和新村").uuid, address="颐和路 8 号")
    synced = _cli("sync", str(copy))
    assert synced.returncode == 0, synced.stderr
    assert _server_rows(cluster, url, "SELECT address FROM retrofit.estates WHERE name = '颐和新村'") == [("颐和路 8 号",)]
