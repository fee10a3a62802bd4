"""`check`: SQLite's own checks, the GeoPackage rules we rely on, and the app's invariants."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from retrofit_app.core.geo.gpkg_geometry import GeometryError, from_gpkg
from retrofit_app.core.storage import integrity_queries as q

if TYPE_CHECKING:
    from retrofit_app.core.project import Project

_SENTENCES = {
    "integrity": ("SQLite 完整性检查失败：{detail}", "SQLite integrity check failed: {detail}"),
    "foreign_key": (
        "表 {table} 的第 {rowid} 行引用了 {parent} 中不存在的记录。",
        "Row {rowid} of table {table} refers to a missing record in {parent}.",
    ),
    "application_id": (
        "文件头不是 GeoPackage（application_id 错误）。",
        "The file header is not a GeoPackage's (wrong application_id).",
    ),
    "unregistered": (
        "表 {table} 未登记在 gpkg_contents 中，QGIS 将看不到它。",
        "Table {table} is not registered in gpkg_contents; QGIS will not see it.",
    ),
    "bad_geometry": (
        "表 {table} 第 {fid} 行的几何数据无法读取：{detail}",
        "The geometry in row {fid} of table {table} cannot be read: {detail}",
    ),
    "photo_without_data": (
        "照片 {name}（{uuid}）缺少原图或缩略图数据。",
        "Photo {name} ({uuid}) is missing its original or rendition bytes.",
    ),
    "photo_hash": (
        "照片 {name}（{uuid}）的原图与其 SHA-256 不符。",
        "The original bytes of photo {name} ({uuid}) do not match their SHA-256.",
    ),
    "log_not_folded": (
        "日志文件 {wal} 中的修改未能并入项目文件（{detail}）：单独复制的 .gpkg 不是完整的项目。",
        "The changes in the log file {wal} could not be folded into the project file ({detail}): the .gpkg copied alone is not the whole project.",
    ),
    "log_read_only": (
        "日志文件 {wal} 中有修改尚未并入项目文件，而所在位置只读，无法并入：单独复制的 .gpkg 不是完整的项目。",
        "The log file {wal} holds changes not yet in the project file, and the place is read-only so they cannot be folded in: the .gpkg copied alone is not the whole project.",
    ),
    "log_in_use": (
        "另一个程序正在写这个项目，日志文件 {wal} 中还有 {frames} 页未并入项目文件；该程序关闭项目后会自动并入，在此之前单独复制的 .gpkg 不是完整的项目。",
        "Another program is writing this project; {frames} page(s) in the log file {wal} are not yet in the project file. They are folded in when that program closes the project; until then the .gpkg copied alone is not the whole project.",
    ),
    "package_snapshot_missing": (
        "外业副本 {package} 导出时留存的快照 {base} 不见了，该副本将无法合并。",
        "The snapshot {base} kept when the field copy {package} was exported is missing; that copy cannot be merged.",
    ),
}


@dataclass(frozen=True)
class Problem:
    code: str
    params: dict = field(default_factory=dict)

    def sentence(self, language: str = "zh") -> str:
        zh, en = _SENTENCES[self.code]
        return (en if language == "en" else zh).format(**self.params)


def check_project(project: Project, *, deep: bool = True) -> list[Problem]:
    """Every problem found, in the user's words; the file is checked as it is on its own.

    The write-ahead log is folded into the file first (and emptied), so the checks
    below read the .gpkg itself, not changes only its -wal holds (issue 23: a copy
    of the .gpkg alone was malformed though `check` passed).
    """
    db = project.db
    problems = _log_problems(project)
    with project.read():
        problems += [Problem("integrity", {"detail": d}) for d in q.integrity_messages(db)]
        problems += [Problem("foreign_key", row) for row in q.foreign_key_violations(db)]
        if q.application_id(db) != 0x47504B47:
            problems.append(Problem("application_id"))
        problems += [Problem("unregistered", {"table": t}) for t in q.unregistered_tables(db)]
        for table, fid, blob in q.geometries(db):
            try:
                from_gpkg(blob)
            except GeometryError as error:
                problems.append(
                    Problem("bad_geometry", {"table": table, "fid": fid, "detail": str(error)})
                )
        for row in q.photos_without_data(db):
            problems.append(Problem("photo_without_data", row))
        if deep:
            for row in q.photos_with_wrong_hash(db):
                problems.append(Problem("photo_hash", row))
    problems += _exchange_problems(project)
    return problems


def _log_problems(project: Project) -> list[Problem]:
    wal = f"{project.path}-wal"
    folded = q.fold_log_in(project.conn, project.path)
    if folded.read_only:
        return [Problem("log_read_only", {"wal": wal})]
    if folded.error:
        return [Problem("log_not_folded", {"wal": wal, "detail": folded.error})]
    if folded.frames_left:
        return [Problem("log_in_use", {"wal": wal, "frames": folded.frames_left})]
    return []


def _exchange_problems(project: Project) -> list[Problem]:
    """Field copies handed out whose merge base is gone (issue 8)."""
    from retrofit_app.core.exchange.files import base_file
    from retrofit_app.core.exchange.store import office_records

    with project.read():
        handed_out = office_records.packages(project.db)
    bases = [(p["uuid"], base_file(project.path, p["base_file"])) for p in handed_out]
    return [
        Problem("package_snapshot_missing", {"package": uuid, "base": base})
        for uuid, base in bases
        if not base.exists()
    ]
