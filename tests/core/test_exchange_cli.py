"""The exchange commands as a script would use them: export, merge --json, conflicts, backups, restore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from exchange_support import households_of

from retrofit_app.cli import main
from retrofit_app.core.project import Project


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_export_edit_and_merge_from_the_command_line(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    with Project(demo_path) as office:
        codes = [e.code for e in office.estates.list()[:2]]
    package = tmp_path / "外业.gpkg"
    status, out, _ = run(
        capsys, "export-package", demo_path, "--estate", codes[0], "--estate", codes[1],
        "--out", package, "--no-personal-data", "--json",
    )  # fmt: skip
    exported = json.loads(out)
    assert status == 0 and exported["estates"] == codes and exported["personal_data"] is False
    with Project(package, user="小王") as field:
        household = households_of(field, codes[0])[0]
        field.households.update(household.uuid, note="命令行测试")
        field.households.create(household.unit_uuid, "加建-9")

    status, out, _ = run(capsys, "merge-package", demo_path, package, "--json")
    merged = json.loads(out)
    assert status == 0 and not merged["already_merged"]
    assert merged["counts"]["households"] == {"inserted": 1, "updated": 1, "deleted": 0}
    # The field's history is counted apart from the records it changed.
    assert "audit_log" not in merged["counts"] and "evidence_chain" not in merged["counts"]
    assert merged["logged"]["audit_log"] >= 2 and merged["logged"]["evidence_chain"] > 0
    assert merged["conflicts"] == []

    status, out, _ = run(capsys, "merge-package", demo_path, package)
    assert status == 0 and "已合并过" in out

    status, out, _ = run(capsys, "backups", demo_path, "--json")
    backups = json.loads(out)
    assert status == 0 and [b["reason"] for b in backups] == ["before-merge"]

    status, out, _ = run(capsys, "restore-backup", demo_path, backups[0]["path"])
    assert status == 0 and "已从" in out
    with Project(demo_path) as office:
        assert office.households.get(household.uuid).note != "命令行测试"


def test_conflicts_are_listed_and_decided_from_the_command_line(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    with Project(demo_path) as office:
        code = office.estates.list()[0].code
    package = tmp_path / "外业.gpkg"
    assert run(capsys, "export-package", demo_path, "--estate", code, "--out", package)[0] == 0
    with Project(package, user="小王") as field:
        household = households_of(field, code)[0]
        field.households.update(household.uuid, note="外业的说法")
    with Project(demo_path, user="办公室") as office:
        office.households.update(household.uuid, note="办公室的说法")
    status, out, _ = run(capsys, "merge-package", demo_path, package)
    summary, *tables, logged = out.strip().splitlines()
    # The office's note stays until someone decides: no record changed, one conflict. The field's
    # audit and chain entries came along, said apart (they once counted as hundreds of changes).
    assert status == 0 and "0 处修改" in summary and "1 个冲突" in summary and tables == []
    assert "审计日志 1 条" in logged and "证据链" in logged

    status, out, _ = run(capsys, "conflicts", demo_path, "--json")
    (conflict,) = json.loads(out)
    assert (conflict["office_value"], conflict["choice"]) == ("办公室的说法", None)
    status, out, _ = run(capsys, "resolve-conflict", demo_path, conflict["uuid"], "--keep", "field")
    assert status == 0
    with Project(demo_path) as office:
        assert office.households.get(household.uuid).note == "外业的说法"
    status, _, err = run(
        capsys, "resolve-conflict", demo_path, conflict["uuid"], "--keep", "office"
    )
    assert status == 1 and "已由" in err


def test_merging_a_package_of_another_project_prints_one_sentence(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    other = tmp_path / "别的项目.gpkg"
    assert run(capsys, "new", other)[0] == 0
    assert run(capsys, "add-estate", other, "--name", "别处小区", "--district", "玄武区")[0] == 0
    package = tmp_path / "别处外业.gpkg"
    assert run(capsys, "export-package", other, "--estate", "别处小区", "--out", package)[0] == 0
    status, out, err = run(capsys, "merge-package", demo_path, package)
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and "另一个项目" in err


def test_backups_says_what_they_take_and_warns_while_there_is_still_room(
    capsys: pytest.CaptureFixture, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from retrofit_app.core.project_backups import backup_now
    from retrofit_app.core.storage import backups

    with Project(demo_path, user="办公室") as project:
        backup_now(project)
    status, out, err = run(capsys, "backups", demo_path)
    assert status == 0 and "备份共占" in out and "磁盘剩余" in out and err == ""

    real = shutil.disk_usage  # a 100 GB disk with 1 GB left: this backup fits, a few more not

    def nearly_full(path: object) -> object:
        return real(path)._replace(total=100 * 1024**3, free=1024**3)

    monkeypatch.setattr(backups.shutil, "disk_usage", nearly_full)
    status, out, err = run(capsys, "backups", demo_path)
    assert (
        status == 0 and "备份所在磁盘只剩 1,024 MB" in err and "设定备份最多占用的磁盘空间" in err
    )
