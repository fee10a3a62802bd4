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
    # map and GeoJSON (issue 6)
    "no_such_file": ("找不到文件：{path}。", "The file {path} does not exist."),
    "not_mbtiles": (
        "{path} 不是 MBTiles 底图文件。",
        "{path} is not an MBTiles basemap file.",
    ),
    "not_geojson": (
        "{path} 不是可读的 GeoJSON 文件：{detail}",
        "{path} is not a readable GeoJSON file: {detail}",
    ),
    "invalid_geometry": (
        "图形无效：{reason}。",
        "The geometry is not valid: {reason}.",
    ),
    "unknown_format": (
        "不支持的格式：{format}。",
        "Unsupported format: {format}.",
    ),
    # reports (issue 7)
    "pdf_font_fallback": (
        "未找到可嵌入的中文字体，PDF 使用阅读器自带的 STSong-Light 字体，在其他电脑上可能显示不同；请在设置中选择一个 TrueType 中文字体（如 simsun.ttc）。",
        "No Chinese TrueType font to embed was found; the PDF uses the reader's built-in STSong-Light and may look different on other computers. Choose a TrueType Chinese font (e.g. simsun.ttc) in Settings.",
    ),
    "no_consultation": (
        "{scope}没有居民意见征询记录，无法生成公示。",
        "{scope} has no resident consultation, so no public notice can be made.",
    ),
    "no_such_place": (
        "小区“{estate}”中没有“{place}”（请按小区里的写法填写楼栋、单元和房号）。",
        "The estate “{estate}” has no “{place}” (write the building, unit and room as the estate has them).",
    ),
    "no_vote_to_review": (
        "{place} 还没有表决意见，无法核实。",
        "{place} has no vote yet, so there is nothing to review.",
    ),
    "checklist_not_one": (
        "小区有 {found} 份“{checklist}”检查清单（{targets}）：请用 --building/--unit 指明是哪一份；若为 0 份，请先用 checklist --create 建立。",
        "The estate has {found} “{checklist}” checklists ({targets}): name the one with --building/--unit; if none, make them first with checklist --create.",
    ),
    "no_such_unit": (
        "小区中没有名为“{unit}”的单元或楼栋（可写作“1幢2单元”或“1幢”）。",
        "The estate has no unit or building called “{unit}” (write e.g. “1幢2单元” or “1幢”).",
    ),
    "cancelled": ("已取消，未写入任何文件。", "Cancelled; no file was written."),
    # resident consultation (issue 4)
    "no_such_rule": (
        "没有名为“{rule}”的表决规则；可用的有：{known}。",
        "There is no rule set named “{rule}”; the known ones are: {known}.",
    ),
    "roster_unreadable": (
        "无法读取住户名册 {path}：{detail}",
        "The household roster {path} cannot be read: {detail}",
    ),
    "roster_columns": (
        "住户名册 {path} 缺少必需的列：{missing}（表头须含楼栋、单元、房号）。",
        "The household roster {path} lacks required columns: {missing} (the header needs building, unit and room).",
    ),
    "roster_rejected": (
        "住户名册有 {count} 行不合格，按“全部或不导入”未导入任何行。",
        "{count} row(s) of the roster were rejected; with all-or-nothing nothing was imported.",
    ),
    # photos (issue 5)
    "photo_empty": (
        "{file}：文件是空的（0 字节），未导入。",
        "{file}: the file is empty (0 bytes); not imported.",
    ),
    "photo_not_image": (
        "{file}：不是图片文件（内容无法识别为图片），未导入。",
        "{file}: not an image (its content is not a picture format); not imported.",
    ),
    "photo_unsupported": (
        "{file}：不支持的图片格式 {detail}（只能导入 JPEG、PNG、HEIC/HEIF），未导入。",
        "{file}: the image format {detail} is not supported (only JPEG, PNG and HEIC/HEIF); not imported.",
    ),
    "photo_truncated": (
        "{file}：图片不完整（文件被截断，可能未拷贝完），未导入。",
        "{file}: the image is incomplete (the file is truncated, perhaps not fully copied); not imported.",
    ),
    "photo_damaged": (
        "{file}：图片已损坏，无法解码（{detail}），未导入。",
        "{file}: the image is damaged and cannot be decoded ({detail}); not imported.",
    ),
    "photo_bomb": (
        "{file}：图片像素过多（可能是恶意的“解压炸弹”），为保护内存未导入。",
        "{file}: the image has far too many pixels (possibly a decompression bomb); not imported, to protect memory.",
    ),
    "photo_vanished": (
        "{file}：导入过程中文件不见了（被移动或删除），未导入。",
        "{file}: the file disappeared during the import (moved or deleted); not imported.",
    ),
    "photo_unreadable": (
        "{file}：无法读取文件（{detail}），未导入。",
        "{file}: the file cannot be read ({detail}); not imported.",
    ),
    "photo_exif_unreadable": (
        "{file}：EXIF 信息已损坏，照片已导入，但没有拍摄时间和位置。",
        "{file}: its EXIF data is damaged; the photo was imported without time and position.",
    ),
    "photo_not_imported": (
        "{file}：导入已取消，此文件未导入。",
        "{file}: the import was cancelled before this file; not imported.",
    ),
    "photo_wrong_estate": (
        "所选的{kind}不属于照片所在的小区。",
        "The chosen {kind} does not belong to the photo's estate.",
    ),
    "photo_changed": (
        "{file}：导入过程中文件被改写了，未导入；请等文件拷贝完成后再导入。",
        "{file}: the file was rewritten during the import; not imported. Import it again once it is fully copied.",
    ),
    # field exchange and backups (issue 8)
    "not_a_package": (
        "{path} 是普通项目文件，不是外业副本，不能合并。",
        "{path} is an ordinary project file, not a field copy; it cannot be merged.",
    ),
    "foreign_package": (
        "外业副本 {path} 是从另一个项目导出的，不能合并到本项目；本项目未做任何改动。",
        "The field copy {path} was exported from another project and cannot be merged into this one; this project was left unchanged.",
    ),
    "package_base_missing": (
        "找不到外业副本 {path} 导出时留存的快照 {base}，无法算出外业的修改；本项目未做任何改动。",
        "The snapshot {base} kept when {path} was exported is missing, so the field changes cannot be worked out; this project was left unchanged.",
    ),
    "package_damaged": (
        "外业副本 {path} 已损坏或不完整（{detail}），未合并；本项目未做任何改动。",
        "The field copy {path} is damaged or incomplete ({detail}); it was not merged and this project was left unchanged.",
    ),
    "no_estates_chosen": (
        "请至少选择一个小区导出为外业副本。",
        "Choose at least one estate to export as a field copy.",
    ),
    "merge_failed": (
        "合并 {path} 失败：{detail}；本项目保持合并前的状态。",
        "Merging {path} failed: {detail}; this project is as it was before.",
    ),
    "no_such_backup": (
        "找不到备份 {path}。",
        "The backup {path} was not found.",
    ),
    "conflict_done": (
        "该冲突已由 {by} 于 {at} 处理过。",
        "This conflict was already decided by {by} at {at}.",
    ),
    "package_out_of_lane": (
        "外业副本 {path} 改动了它没有领到的内容：{detail}。外业副本只能修改导出给它的小区及其下的记录、在其下新增记录、追加审计日志；未合并，本项目未做任何改动。",
        "The field copy {path} changed what it was not given: {detail}. A field copy may only change the estates exported to it and the records under them, add records under them and add audit entries; it was not merged and this project was left unchanged.",
    ),
    "merge_raced": (
        "合并 {path} 期间，本项目中副本涉及的{what}被改动了（可能是另一个窗口或命令）；本项目保持合并前的状态，请再合并一次。",
        "While {path} was being merged, a {what} it holds was changed in this project (another window or command); this project is as it was before; merge again.",
    ),
    "package_schema_changed": (
        "外业副本 {path} 的表结构与导出时不同：{detail}。外业副本不能增加触发器、视图、表或列；未合并，本项目未做任何改动。",
        "The structure of the field copy {path} differs from the one it was exported with: {detail}. A field copy may not add triggers, views, tables or columns; it was not merged and this project was left unchanged.",
    ),
    # checklists (issue 3)
    "template_invalid": (
        "检查清单模板 {file} 无效，未导入：{problem}",
        "The checklist template {file} is not valid and was not imported: {problem}",
    ),
    "template_duplicate_item": (
        "检查清单模板 {file} 中条目编号 {item} 重复，未导入。",
        "The checklist template {file} uses the item id {item} more than once; it was not imported.",
    ),
    "template_version_exists": (
        "项目中已有内容不同的模板 {template} 第 {version} 版，请提高版本号后再导入（{file}）。",
        "The project already holds a different version {version} of template {template}; raise the version number and import again ({file}).",
    ),
    "no_such_item": (
        "检查清单中没有条目 {item}（或该条目不在“{stage}”阶段检查）。",
        "The checklist has no item {item} (or it is not checked at the '{stage}' stage).",
    ),
    "invalid_answer": (
        "条目“{item}”的答案无效：{value}（{expected}）。",
        "The answer to “{item}” is not valid: {value} ({expected}).",
    ),
    "defect_status": (
        "整改问题不能从“{old}”改为“{new}”（顺序：待整改 → 已整改 → 已复核）。",
        "A defect cannot go from '{old}' to '{new}' (the order is open → rectified → verified).",
    ),
    # reliability (issue 9)
    "roster_empty": (
        "住户名册 {path} 只有表头，没有住户行，未导入。",
        "The household roster {path} has a header but no household rows; nothing was imported.",
    ),
    # report language (issue 10)
    "report_language": (
        "报告语言“{value}”无效：只能是 zh（中文）或 en（英文）。",
        "The report language “{value}” is not valid: it must be zh (Chinese) or en (English).",
    ),
    # input files and exports (issue 23)
    "not_regular_file": (
        "{path} 是{kind}，不是普通文件，未读取。",
        "{path} is {kind}, not an ordinary file; it was not read.",
    ),
    "file_too_large": (
        "{path} 有 {size}，超过了上限 {limit}，未读取。",
        "{path} is {size}, over the limit of {limit}; it was not read.",
    ),
    "cannot_read": ("无法读取 {path}：{detail}", "Cannot read {path}: {detail}"),
    "roster_too_many_rows": (
        "住户名册 {path} 超过 {limit} 行，未导入；请按小区或楼栋拆分后分别导入。",
        "The household roster {path} has more than {limit} rows; nothing was imported. Split it by estate or building and import each part.",
    ),
    "xlsx_too_large": (
        "{path} 解压后会有 {size}（上限 {limit}），可能是恶意的“解压炸弹”，未读取；请在 Excel 中另存后再试。",
        "{path} would expand to {size} (the limit is {limit}), possibly a decompression bomb; it was not read. Save it again from Excel and try again.",
    ),
    "xml_entities": (
        "{path} 含有 Excel 不会写的 XML 内容（{detail}），为安全起见未读取；请在 Excel 中另存后再试。",
        "{path} contains XML that Excel never writes ({detail}); for safety it was not read. Save it again from Excel and try again.",
    ),
    "wal_not_folded": (
        "修改已保存在日志文件 {wal} 中，但未能并入项目文件 {path}（{detail}）。请腾出磁盘空间后再打开一次项目，程序会自动并入；在此之前复制或移动项目时，请连同 {wal} 一起。",
        "The changes are saved in the log file {wal} but could not be folded into the project file {path} ({detail}). Free some disk space and open the project once more; it folds them in by itself. Until then, copy or move the project together with {wal}.",
    ),
    "read_only_log": (
        "{path} 旁的日志文件 {wal} 中还有未并入的修改，而所在位置只读，无法读取这些修改。请把项目文件连同 {wal} 一起复制到可写的文件夹后再打开。",
        "The log file {wal} beside {path} holds changes not yet folded in, and the place is read-only, so they cannot be read. Copy the project file together with {wal} to a folder you can write to and open it there.",
    ),
    "open_project_as_input": (
        "{path} 是本程序正打开着的项目文件，不能当作要导入的文件读取；请选择要导入的文件。",
        "{path} is the project file this program has open; it cannot be read as a file to import. Choose the file you meant to import.",
    ),
    # names, notes, JSON files and document numbers kept in bounds (issue 23)
    "text_too_long": (
        "{field}太长：有 {length} 个字，最多 {limit} 个字，未保存。",
        "The {field} is too long: {length} characters, at most {limit}; it was not saved.",
    ),
    "doc_number_pattern": (
        "文号格式“{pattern}”无效：{reason}。",
        "The document number pattern “{pattern}” is not valid: {reason}.",
    ),
    "qt_libraries_missing": (
        "窗口无法启动：系统缺少 Qt 需要的库 {libraries}，请用这一行安装后再试：{command}",
        "The window cannot start: the system lacks the libraries Qt needs ({libraries}); install them with this line and try again: {command}",
    ),
}


def error_sentence(error: RetrofitError, language: str = "zh") -> str:
    zh, en = _SENTENCES.get(str(error.code), ("操作失败：{code}", "The operation failed: {code}"))
    template = en if language.startswith("en") else zh
    # A (zh, en) pair as a parameter is read in the sentence's language.
    params = {"code": error.code, **{k: _in_language(v, language) for k, v in error.params.items()}}
    try:
        return template.format(**params)
    except KeyError:
        return template


def _in_language(value: object, language: str) -> str:
    if isinstance(value, tuple) and len(value) == 2:
        value = value[1] if language.startswith("en") else value[0]
    text = str(value)
    # A value typed or read from a file may be a megabyte long; a sentence shows its start.
    return text if len(text) <= _VALUE_MAX_CHARS else text[: _VALUE_MAX_CHARS - 1] + "…"


_VALUE_MAX_CHARS = 500
