"""The project file: a valid GeoPackage, vetted before anything is written, migrated with a backup."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from retrofit_app.core.errors import ErrorCode, ProjectFileError
from retrofit_app.core.project import Project
from retrofit_app.core.storage import SCHEMA_VERSION, create_project_file, migrations
from retrofit_app.core.storage.backups import list_backups

VALIDATOR = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")
SYSTEM_PYTHON = "/usr/bin/python3"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


needs_gdal = pytest.mark.needs("validate_gpkg", "ogrinfo")  # gdal-bin, python3-gdal


@needs_gdal
@pytest.mark.parametrize("which", ["new", "demo"])
def test_gdal_validator_and_ogrinfo_accept_the_file(which, project_path, demo_path):
    path = project_path if which == "new" else demo_path
    if which == "new":
        create_project_file(path)
    result = subprocess.run(
        [SYSTEM_PYTHON, str(VALIDATOR), str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    info = subprocess.run(
        ["ogrinfo", "-ro", "-so", "-al", str(path)], capture_output=True, text=True
    )
    assert info.returncode == 0, info.stderr
    assert "Layer name: estates" in info.stdout
    assert "Geometry: Point" in info.stdout
    if which == "demo":
        feature_count = subprocess.run(
            ["ogrinfo", "-ro", "-so", str(path), "estates"], capture_output=True, text=True
        ).stdout
        assert "Feature Count: 13" in feature_count


def test_new_file_is_a_geopackage_with_the_schema_version(project_path):
    create_project_file(project_path)
    conn = sqlite3.connect(project_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    assert conn.execute("SELECT value FROM app_meta WHERE key = 'schema_version'").fetchone()[
        0
    ] == str(SCHEMA_VERSION)
    kinds = dict(conn.execute("SELECT table_name, data_type FROM gpkg_contents").fetchall())
    assert kinds["estates"] == "features"
    assert kinds["buildings"] == "features"
    assert kinds["households"] == "attributes"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_creating_over_an_existing_file_is_refused(project_path):
    project_path.write_text("keep me", encoding="utf-8")
    with pytest.raises(ProjectFileError) as caught:
        create_project_file(project_path)
    assert caught.value.code == ErrorCode.EXISTS
    assert project_path.read_text(encoding="utf-8") == "keep me"


def test_connection_uses_wal_foreign_keys_and_a_busy_timeout(project):
    assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert project.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert project.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def _other_programs_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('张三', '13800000000')")
    conn.commit()
    conn.close()


def _geopackage_without_app_tables(path: Path) -> None:
    create_project_file(path)
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE app_meta")
    conn.execute("DELETE FROM gpkg_contents WHERE table_name = 'app_meta'")
    conn.commit()
    conn.close()


def _newer_project(path: Path) -> None:
    create_project_file(path)
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE app_meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),)
    )
    conn.commit()
    conn.close()


BAD_FILES = {
    "text file": (
        lambda p: p.write_text("楼栋,单元,房号\n1,1,101\n", encoding="utf-8"),
        ErrorCode.NOT_SQLITE,
    ),
    "empty file": (lambda p: p.write_bytes(b""), ErrorCode.NOT_SQLITE),
    "another program's SQLite": (_other_programs_sqlite, ErrorCode.NOT_PROJECT),
    # Our layers without app_meta: named as a partial copy of a project (issue 25), still untouched.
    "GeoPackage without app tables": (_geopackage_without_app_tables, ErrorCode.PARTIAL_COPY),
    "newer version": (_newer_project, ErrorCode.TOO_NEW),
    "truncated project": (
        lambda p: (create_project_file(p), p.write_bytes(p.read_bytes()[:100])),
        ErrorCode.CORRUPT,
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_file_that_is_not_ours_is_refused_and_left_unchanged(case, tmp_path):
    make, code = BAD_FILES[case]
    path = tmp_path / "input.gpkg"
    make(path)
    before = digest(path)
    with pytest.raises(ProjectFileError) as caught:
        Project(path)
    assert caught.value.code == code or (case == "truncated project" and caught.value.code in (
        ErrorCode.CORRUPT, ErrorCode.NOT_SQLITE))  # fmt: skip
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["input.gpkg"]
    sentence = caught.value.sentence("zh")
    assert "input.gpkg" in sentence and "\n" not in sentence


def test_missing_path_and_folder_get_their_own_sentences(tmp_path):
    with pytest.raises(ProjectFileError) as missing:
        Project(tmp_path / "nope.gpkg")
    assert missing.value.code == ErrorCode.NOT_FOUND
    assert "找不到项目文件" in missing.value.sentence("zh")
    with pytest.raises(ProjectFileError) as folder:
        Project(tmp_path)
    assert folder.value.code == ErrorCode.IS_DIRECTORY
    assert "folder" in folder.value.sentence("en")


def test_an_older_file_is_backed_up_and_migrated(project_path, monkeypatch):
    create_project_file(project_path)
    with Project(project_path) as project:
        project.estates.create("南湖新村", "建邺区")
    conn = sqlite3.connect(project_path)
    conn.execute(
        "UPDATE app_meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION - 1),)
    )
    conn.commit()
    conn.close()

    def add_column(c: sqlite3.Connection) -> None:
        c.execute("ALTER TABLE estates ADD COLUMN migrated_marker TEXT DEFAULT 'yes'")

    monkeypatch.setitem(migrations.MIGRATIONS, SCHEMA_VERSION - 1, add_column)
    with Project(project_path) as project:
        assert project.migrated_from == SCHEMA_VERSION - 1
        assert project.schema_version == SCHEMA_VERSION
        marker = project.db.execute("SELECT migrated_marker FROM estates").fetchone()[0]
        assert marker == "yes"
    backups = list_backups(project_path)
    assert [b.reason for b in backups] == ["before-migration"]
    old = sqlite3.connect(backups[0].path)
    assert old.execute("SELECT value FROM app_meta WHERE key='schema_version'").fetchone()[
        0
    ] == str(SCHEMA_VERSION - 1)
    assert old.execute("SELECT name FROM estates").fetchone()[0] == "南湖新村"


def test_a_failed_migration_leaves_the_file_at_its_old_version(project_path, monkeypatch):
    create_project_file(project_path)
    conn = sqlite3.connect(project_path)
    conn.execute(
        "UPDATE app_meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION - 1),)
    )
    conn.commit()
    conn.close()

    def broken(c: sqlite3.Connection) -> None:
        c.execute("ALTER TABLE estates ADD COLUMN half_done TEXT")
        raise sqlite3.OperationalError("simulated failure")

    monkeypatch.setitem(migrations.MIGRATIONS, SCHEMA_VERSION - 1, broken)
    with pytest.raises(sqlite3.OperationalError):
        Project(project_path)
    conn = sqlite3.connect(project_path)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(estates)")]
    assert "half_done" not in columns
    assert conn.execute("SELECT value FROM app_meta WHERE key='schema_version'").fetchone()[
        0
    ] == str(SCHEMA_VERSION - 1)


def test_read_only_project_opens_for_reading_and_refuses_writes(project_path):
    with Project.create(project_path) as project:
        project.estates.create("童家巷小区", "玄武区")
    with Project(project_path, readonly=True) as project:
        assert project.readonly
        assert [e.name for e in project.estates.list()] == ["童家巷小区"]
        with pytest.raises(ProjectFileError) as caught:
            project.estates.create("锁金新村", "玄武区")
        assert caught.value.code == ErrorCode.READ_ONLY
        assert "只读" in caught.value.sentence("zh")


_DROPPED = "-dac_override,-dac_read_search,-fowner"


def as_unprivileged(argv: list[str]) -> list[str]:
    """Root ignores file permissions; without these capabilities it is bound by them too."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        return argv
    return ["setpriv", f"--bounding-set={_DROPPED}", f"--inh-caps={_DROPPED}", *argv]


@pytest.mark.skipif(
    os.name != "posix" or (os.geteuid() == 0 and shutil.which("setpriv") is None),
    reason="POSIX permissions (and setpriv as root)",
)
def test_a_write_protected_file_opens_read_only(project_path):
    create_project_file(project_path)
    before = digest(project_path)
    project_path.chmod(0o444)
    opened = subprocess.run(
        as_unprivileged([sys.executable, "-c", _OPEN_AND_TRY_A_WRITE, str(project_path)]),
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    project_path.chmod(0o600)
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.split() == ["readonly", "read_only"]
    assert digest(project_path) == before
    assert sorted(p.name for p in project_path.parent.iterdir()) == [project_path.name]


_OPEN_AND_TRY_A_WRITE = """
import sys
from retrofit_app.core.errors import ProjectFileError
from retrofit_app.core.project import Project
with Project(sys.argv[1]) as project:
    print("readonly" if project.readonly else "writable")
    try:
        project.estates.create("尧化新村", "栖霞区")
    except ProjectFileError as error:
        print(error.code)
"""


def test_a_file_locked_by_another_process_gets_a_sentence(project_path):
    create_project_file(project_path)
    before = digest(project_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(project_path)!r}, isolation_level=None)\n"
            "c.execute('PRAGMA locking_mode=EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True); sys.stdin.readline()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(ProjectFileError) as caught, Project(project_path) as project:
            project.estates.create("瞻园小区", "秦淮区")
        assert caught.value.code == ErrorCode.LOCKED
        assert "锁定" in caught.value.sentence("zh")
    finally:
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)
    assert digest(project_path) == before


def test_a_file_on_read_only_media_opens_read_only(project_path, monkeypatch):
    from retrofit_app.core.storage import opening

    create_project_file(project_path)
    monkeypatch.setattr(opening, "is_writable", lambda path: False)
    with Project(project_path) as project:
        assert project.readonly
        with pytest.raises(ProjectFileError) as caught:
            project.estates.create("尧化新村", "栖霞区")
    assert caught.value.code == ErrorCode.READ_ONLY


# ------------------------------------------------------------------ issue 23
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@posix_only
def test_a_new_project_and_its_log_are_owner_only(project_path):
    old_umask = os.umask(0o022)  # the usual one: files readable by everyone
    try:
        create_project_file(project_path)
        with Project(project_path) as project:
            project.estates.create("童家巷小区", "玄武区")
            wal = Path(f"{project_path}-wal")
            assert wal.exists() and mode(wal) == 0o600
    finally:
        os.umask(old_umask)
    assert mode(project_path) == 0o600


@posix_only
def test_the_demo_a_saved_copy_and_a_field_copy_are_owner_only(demo_template, tmp_path):
    from retrofit_app.core.exchange.export import export_package
    from retrofit_app.core.storage.copies import save_copy

    old_umask = os.umask(0o022)
    try:
        copy = save_copy(demo_template, tmp_path / "另存.gpkg")
        with Project(copy, user="办公室") as office:
            code = office.estates.list()[0].code
            field = export_package(office, [code], tmp_path / "外业.gpkg").path
    finally:
        os.umask(old_umask)
    assert {p.name: mode(p) for p in (demo_template, copy, field)} == {
        p.name: 0o600 for p in (demo_template, copy, field)
    }


class _OpensOf:
    """Every Python-level open of a file (builtins.open, os.open, io.open), via an audit hook."""

    active: _OpensOf | None = None

    def __init__(self, watched: Path) -> None:
        self.names = {str(watched), f"{watched}-wal", f"{watched}-shm"}
        self.seen: list[str] = []

    @classmethod
    def hook(cls, event: str, args: tuple) -> None:
        found = cls.active
        if found is not None and event == "open" and args and isinstance(args[0], (str, Path)):
            name = os.path.abspath(os.fspath(args[0]))
            if name in found.names:
                found.seen.append(name)


sys.addaudithook(_OpensOf.hook)  # audit hooks cannot be removed: it does nothing when inactive


def test_nothing_but_sqlite_opens_the_project_file_while_it_is_open(demo_path, tmp_path):
    """On POSIX, closing any other handle on the file drops every SQLite lock this process
    holds on it (issue 23: another program then deleted the -wal under the window)."""
    from retrofit_app.core.exchange.export import export_package
    from retrofit_app.core.integrity import check_project
    from retrofit_app.core.project_backups import backup_now, restore_backup
    from retrofit_app.core.storage.copies import save_copy

    watch = _OpensOf(demo_path.absolute())
    _OpensOf.active = watch
    try:
        with Project(demo_path, user="窗口") as window:
            window.estates.create("窗口新建", "秦淮区")
            with Project(demo_path, user="后台") as worker:  # a background job's connection
                backup = backup_now(worker)
            with Project(demo_path, readonly=True) as reader:
                assert check_project(reader, deep=False) == []
            save_copy(demo_path, tmp_path / "另存.gpkg")
            code = window.estates.list()[0].code
            export_package(window, [code], tmp_path / "外业.gpkg")
            restore_backup(window, backup)
            window.fold_log_in()
    finally:
        _OpensOf.active = None
    assert watch.seen == []


def test_the_open_project_picked_as_a_file_to_import_is_refused_unread(demo_path, tmp_path):
    """A user who drops the project file itself on the photo tab, or picks it as a roster:
    reading it with open() would drop the window's locks (issue 23)."""
    from retrofit_app.core.consultation.roster import read_roster
    from retrofit_app.core.errors import RetrofitError
    from retrofit_app.core.photos.model import ImportStatus, Placement
    from retrofit_app.core.photos.service import PhotoService

    alias = tmp_path / "另一个名字.csv"
    alias.symlink_to(demo_path)
    watch = _OpensOf(demo_path.absolute())
    _OpensOf.active = watch
    try:
        with Project(demo_path, user="窗口") as window:
            for picked in (demo_path, alias):
                with pytest.raises(RetrofitError) as caught:
                    read_roster(picked)
                assert caught.value.code == ErrorCode.OPEN_PROJECT_AS_INPUT
                assert "正打开着的项目文件" in caught.value.sentence("zh")
            estate = window.estates.list()[0]
            results = PhotoService(window).import_files(
                Placement(estate.uuid), [demo_path], workers=0
            )
            assert [r.status for r in results] == [ImportStatus.FAILED]
            assert "项目文件" in results[0].to_json("zh")["error"]
    finally:
        _OpensOf.active = None
    assert watch.seen == []
    read_roster_after_close = pytest.raises(RetrofitError)  # closed: an ordinary (wrong) file again
    with read_roster_after_close as caught:
        read_roster(demo_path)
    assert caught.value.code != ErrorCode.OPEN_PROJECT_AS_INPUT


def test_check_folds_the_log_in_so_the_gpkg_alone_is_what_it_checked(project_path):
    """Another program has the file open, its last change only in the -wal: `check` passes
    only for what the .gpkg itself now holds."""
    from retrofit_app.core.integrity import check_project

    with Project.create(project_path) as project:
        project.estates.create("童家巷小区", "玄武区", code="XW-9001")
    other_program = sqlite3.connect(project_path, isolation_level=None)
    other_program.execute("PRAGMA wal_autocheckpoint = 0")
    other_program.execute("UPDATE estates SET name = '只在日志中' WHERE code = 'XW-9001'")

    def name_in_gpkg_alone() -> str:
        conn = sqlite3.connect(f"file:{project_path}?mode=ro&immutable=1", uri=True)
        try:
            return conn.execute("SELECT name FROM estates").fetchone()[0]
        finally:
            conn.close()

    try:
        assert name_in_gpkg_alone() == "童家巷小区"
        with Project(project_path, readonly=True) as project:
            assert check_project(project) == []
        assert name_in_gpkg_alone() == "只在日志中"
    finally:
        other_program.close()
