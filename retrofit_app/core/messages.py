"""Sentences for error codes, in Simplified Chinese and English.

The command line prints them; the window shows them in its dialogs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from retrofit_app.core.errors import RetrofitError

_SENTENCES: dict[str, tuple[str, str]] = {
    "not_found": ("找不到项目文件：{path}。", "The project file {path} does not exist."),
    "is_directory": (
        "{path} 是一个文件夹，不是项目文件。",
        "{path} is a folder, not a project file.",
    ),
    "not_sqlite": (
        "{path} 不是本程序的项目文件（不是 SQLite/GeoPackage 文件），未做任何改动。",
        "{path} is not a project file of this program (not an SQLite/GeoPackage file); it was left unchanged.",
    ),
    "not_project": (
        "{path} 是另一个程序的数据库，不是本程序的项目文件，未做任何改动。",
        "{path} is another program's database, not a project file of this program; it was left unchanged.",
    ),
    "too_new": (
        "{path} 由更新版本的程序创建（数据版本 {found}，本程序支持到 {supported}），请升级程序；文件未做任何改动。",
        "{path} was made by a newer version of this program (schema {found}, this one knows up to {supported}); please upgrade. The file was left unchanged.",
    ),
    "locked": (
        "{path} 正被另一个程序锁定，请关闭它后再试。",
        "{path} is locked by another program; close it and try again.",
    ),
    "read_only": (
        "{path} 以只读方式打开，不能保存修改。",
        "{path} is open read-only; changes cannot be saved.",
    ),
    "exists": (
        "{path} 已存在，不会覆盖。",
        "{path} already exists and will not be overwritten.",
    ),
    "corrupt": (
        "{path} 已损坏，无法读取：{detail}",
        "{path} is damaged and cannot be read: {detail}",
    ),
    "disk_full": (
        "磁盘已满，{path} 未能保存本次修改；文件保持修改前的状态。",
        "The disk is full; this change to {path} was not saved and the file is as it was before.",
    ),
    "cannot_write": (
        "无法写入 {path}：{detail}",
        "Cannot write {path}: {detail}",
    ),
    "no_such_estate": (
        "项目中没有编号或名称为“{estate}”的小区。",
        "The project has no estate with the code or name “{estate}”.",
    ),
    "ambiguous_estate": (
        "有多个小区名为“{estate}”，请改用小区编号。",
        "Several estates are named “{estate}”; use the estate code instead.",
    ),
    "duplicate_code": (
        "小区编号 {code} 已被使用。",
        "The estate code {code} is already in use.",
    ),
    "invalid_value": (
        "{field} 的值无效：{value}。",
        "The value of {field} is not valid: {value}.",
    ),
    "no_such_record": (
        "找不到该记录（可能已被删除）。",
        "The record was not found (it may have been deleted).",
    ),
    "stage_blocked": (
        "小区不能进入“已验收”阶段：{reason}",
        "The estate cannot move to 'accepted': {reason}",
    ),
}


def error_sentence(error: RetrofitError, language: str = "zh") -> str:
    zh, en = _SENTENCES.get(str(error.code), ("操作失败：{code}", "The operation failed: {code}"))
    template = en if language.startswith("en") else zh
    params = {"code": error.code, **{k: str(v) for k, v in error.params.items()}}
    try:
        return template.format(**params)
    except KeyError:
        return template
