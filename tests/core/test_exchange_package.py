"""Exporting a field copy: what it holds, what it leaves out, and packages the office refuses."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from exchange_support import count, fingerprint, first_unit

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.exchange.export import export_package
from retrofit_app.core.exchange.merge import merge_package
from retrofit_app.core.integrity import check_project
from retrofit_app.core.project import Project


def test_a_field_copy_opens_as_a_project_with_just_its_estates(
    demo_path: Path, tmp_path: Path
) -> None:
    with Project(demo_path, user="办公室") as office:
        chosen = office.estates.list()[:2]
        made = export_package(office, [chosen[0].code, chosen[1].name], tmp_path / "外业.gpkg")
        office_meta = office.meta()
        photos_of_chosen = count(
            office, "photos", "estate_uuid IN (?, ?)", (chosen[0].uuid, chosen[1].uuid)
        )
    with Project(made.path, user="小王") as package:
        assert [e.code for e in package.estates.list()] == [chosen[0].code, chosen[1].code]
        meta = package.meta()
        assert meta["origin_project_uuid"] == office_meta["project_uuid"]
        assert meta["project_uuid"] != office_meta["project_uuid"]
        assert json.loads(meta["package_estates"]) == [chosen[0].code, chosen[1].code]
        assert count(package, "photos") == photos_of_chosen > 0
        assert count(package, "photo_data") == photos_of_chosen
        assert count(package, "households") > 0
        # Every household's owner came along, and no row hangs loose.
        assert count(package, "household_owners") > 0
        assert check_project(package) == []
        # The audit trail of the records came too, and nothing about other estates.
        assert count(package, "audit_log", "record_uuid = ?", (chosen[0].uuid,)) >= 1
        with Project(demo_path, readonly=True) as office:
            others = [e.uuid for e in office.estates.list()[2:]]
        assert (
            count(
                package,
                "audit_log",
                f"record_uuid IN ({','.join('?' * len(others))})",
                tuple(others),
            )
            == 0
        )
    assert made.base.exists()


def test_leaving_out_personal_data_blanks_phones_and_id_numbers(
    demo_path: Path, tmp_path: Path
) -> None:
    with Project(demo_path, user="办公室") as office:
        code = office.estates.list()[0].code
        made = export_package(office, [code], tmp_path / "无个人信息.gpkg", personal_data=False)
        phones_in_office = count(office, "owners", "phone != ''")
    with Project(made.path) as package:
        assert count(package, "owners") > 0
        assert count(package, "owners", "phone != '' OR id_number != ''") == 0
        leaked = package.conn.execute(
            "SELECT count(*) FROM audit_log WHERE table_name = 'owners'"
            " AND (old_values IS NOT NULL OR new_values IS NOT NULL)"
        ).fetchone()[0]
        assert leaked == 0
        household = package.households.of_unit(first_unit(package, code))[0]
        package.households.update(household.uuid, note="外业已走访")
    with Project(demo_path, user="办公室") as office:
        merge_package(office, made.path)
        # The blanks in the copy do not wipe the office's numbers.
        assert count(office, "owners", "phone != ''") == phones_in_office
        assert office.households.get(household.uuid).note == "外业已走访"


def test_a_package_from_another_project_is_refused_with_a_sentence(
    demo_path: Path, project: Project, tmp_path: Path
) -> None:
    estate = project.estates.create("别处小区", "玄武区")
    made = export_package(project, [estate.code], tmp_path / "别处.gpkg")
    before = fingerprint(demo_path)
    with Project(demo_path, user="办公室") as office, pytest.raises(RetrofitError) as raised:
        merge_package(office, made.path)
    assert raised.value.code == ErrorCode.FOREIGN_PACKAGE
    assert "另一个项目" in raised.value.sentence()
    assert fingerprint(demo_path) == before


def test_a_truncated_package_is_refused_and_the_office_is_unchanged(
    demo_path: Path, tmp_path: Path
) -> None:
    with Project(demo_path, user="办公室") as office:
        made = export_package(office, [office.estates.list()[0].code], tmp_path / "外业.gpkg")
    data = made.path.read_bytes()
    made.path.write_bytes(data[: len(data) // 2])
    before = fingerprint(demo_path)
    with Project(demo_path, user="办公室") as office, pytest.raises(RetrofitError) as raised:
        merge_package(office, made.path)
    assert raised.value.code == ErrorCode.PACKAGE_DAMAGED
    assert "未做任何改动" in raised.value.sentence()
    assert fingerprint(demo_path) == before


def test_an_ordinary_project_is_not_a_package(demo_path: Path, project: Project) -> None:
    with Project(demo_path, user="办公室") as office, pytest.raises(RetrofitError) as raised:
        merge_package(office, project.path)
    assert raised.value.code == ErrorCode.NOT_A_PACKAGE


def test_a_package_whose_snapshot_is_gone_is_refused(demo_path: Path, tmp_path: Path) -> None:
    with Project(demo_path, user="办公室") as office:
        made = export_package(office, [office.estates.list()[0].code], tmp_path / "外业.gpkg")
    made.base.unlink()
    with Project(demo_path, user="办公室") as office, pytest.raises(RetrofitError) as raised:
        merge_package(office, made.path)
    assert raised.value.code == ErrorCode.PACKAGE_BASE_MISSING


def test_exporting_no_estate_or_over_an_existing_file_is_refused(
    demo_path: Path, tmp_path: Path
) -> None:
    taken = tmp_path / "已有.gpkg"
    shutil.copyfile(demo_path, taken)
    with Project(demo_path, user="办公室") as office:
        with pytest.raises(RetrofitError) as raised:
            export_package(office, [], tmp_path / "空.gpkg")
        assert raised.value.code == ErrorCode.NO_ESTATES_CHOSEN
        with pytest.raises(RetrofitError) as raised:
            export_package(office, [office.estates.list()[0].code], taken)
        assert raised.value.code == ErrorCode.EXISTS
        with pytest.raises(RetrofitError) as raised:
            export_package(office, ["没有这个小区"], tmp_path / "无.gpkg")
        assert raised.value.code == ErrorCode.NO_SUCH_ESTATE
        assert count(office, "exchange_packages") == 0
    assert not (tmp_path / "无.gpkg").exists()


def test_a_field_copy_is_a_valid_geopackage(demo_path: Path, tmp_path: Path) -> None:
    with Project(demo_path, user="办公室") as office:
        made = export_package(office, [office.estates.list()[0].code], tmp_path / "外业.gpkg")
    conn = sqlite3.connect(made.path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        features = {r[0] for r in conn.execute("SELECT table_name FROM gpkg_geometry_columns")}
        assert {"estates", "buildings", "photos"} <= features
    finally:
        conn.close()


def test_check_says_when_a_handed_out_copy_can_no_longer_be_merged(
    demo_path: Path, tmp_path: Path
) -> None:
    with Project(demo_path, user="办公室") as office:
        made = export_package(office, [office.estates.list()[0].code], tmp_path / "外业.gpkg")
        assert check_project(office) == []
        made.base.unlink()
        problems = [p.sentence() for p in check_project(office)]
    assert len(problems) == 1 and "无法合并" in problems[0] and made.package_uuid in problems[0]
