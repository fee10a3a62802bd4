"""Checklist templates as data: validate, read shipped files, import and export template JSON."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from retrofit_app.core.checklists.template_model import AnswerType, Template, template_from_json
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.resources import resources_dir

SCHEMA_NAME = "checklist-template.schema.json"


def templates_dir() -> Path:
    return Path(str(resources_dir("checklists")))


@functools.cache
def _validator():  # noqa: ANN202 - jsonschema is imported late: quick commands never need it
    import jsonschema

    schema = json.loads((templates_dir() / SCHEMA_NAME).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _where(path: Any) -> str:
    """A JSON path a person can find in the file: items[3].answer.type."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(根 / root)"


def _file_order(error: Any) -> tuple:
    """Errors in the order a reader meets them; within one place, the most specific first."""
    parts = tuple((1, p, "") if isinstance(p, int) else (2, 0, str(p)) for p in error.absolute_path)
    return (*parts, (9, 0, ""))


def _refuse(file: str, zh: str, en: str) -> RetrofitError:
    return RetrofitError(ErrorCode.TEMPLATE_INVALID, file=file, problem=(zh, en))


def validate_body(body: Any, file: str = "") -> Template:
    """The template in `body`, or a RetrofitError naming `file` and the first problem found."""
    errors = sorted(_validator().iter_errors(body), key=_file_order)
    if errors:
        first = errors[0]
        where = _where(first.absolute_path)
        message = first.message if len(first.message) <= 160 else first.message[:157] + "..."
        raise _refuse(file, f"{where}：{message}", f"{where}: {message}")
    _check_items(body, file)
    return template_from_json(body)


def _check_items(body: dict[str, Any], file: str) -> None:
    """What a JSON Schema cannot say: unique ids, known sections, conditions on earlier items."""
    sections = {s["id"] for s in body["sections"]}
    if len(sections) != len(body["sections"]):
        raise _refuse(file, "章节编号重复", "section ids repeat")
    seen: dict[str, dict[str, Any]] = {}
    for index, item in enumerate(body["items"]):
        where = f"items[{index}]"
        if item["id"] in seen:
            raise RetrofitError(ErrorCode.TEMPLATE_DUPLICATE_ITEM, file=file, item=item["id"])
        if item["section"] not in sections:
            raise _refuse(
                file,
                f"{where}：未知章节 {item['section']}",
                f"{where}: unknown section {item['section']}",
            )
        if not set(item.get("fail_stages", ())) <= set(item["stages"]):
            raise _refuse(
                file,
                f"{where}：fail_stages 不在 stages 之内",
                f"{where}: fail_stages outside stages",
            )
        if "fail_when" in item:
            _check_values(item, item["fail_when"], f"{where}.fail_when", file)
        condition = item.get("condition")
        if condition:
            target = seen.get(condition["item"])
            if target is None:
                raise _refuse(
                    file,
                    f"{where}.condition：条件只能引用前面的条目，{condition['item']} 不在此前",
                    f"{where}.condition: a condition may only refer to an earlier item; {condition['item']} is not one",
                )
            _check_values(target, condition, f"{where}.condition", file)
        seen[item["id"]] = item


def _check_values(item: dict[str, Any], test: dict[str, Any], where: str, file: str) -> None:
    """Values named in a test must be answers the item can actually take."""
    kind = item["answer"]["type"]
    if "in" in test:
        if kind == AnswerType.YES_NO_NA:
            allowed = {"yes", "no", "na"}
        elif kind == AnswerType.CHOICE:
            allowed = {o["value"] for o in item["answer"]["options"]}
        else:
            return
        unknown = [v for v in test["in"] if v not in allowed]
        if unknown:
            raise _refuse(
                file,
                f"{where}：{unknown[0]} 不是条目 {item['id']} 的可选答案",
                f"{where}: {unknown[0]} is not an answer of item {item['id']}",
            )
    elif kind != AnswerType.NUMBER:
        raise _refuse(
            file,
            f"{where}：below/above 只能用于数值条目 {item['id']}",
            f"{where}: below/above only apply to number items, not {item['id']}",
        )


def read_template_file(path: Path) -> Template:
    """Parse and validate a template file; refuse it with the file name and the first problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise _refuse(
            path.name, f"无法读取（{error.strerror}）", f"cannot be read ({error.strerror})"
        ) from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Offices save JSON from Notepad in GBK too; GB 18030 reads that.
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as error:
            raise _refuse(
                path.name, "不是 UTF-8 或 GBK 文本", "is not UTF-8 or GBK text"
            ) from error
    try:
        body = json.loads(text)
    except json.JSONDecodeError as error:
        raise _refuse(
            path.name,
            # The parser's own words ("Expecting value") stay out of the Chinese sentence.
            f"不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列有误）",
            f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
        ) from error
    return validate_body(body, path.name)


def shipped_files() -> list[Path]:
    return [p for p in sorted(templates_dir().glob("*.json")) if p.name != SCHEMA_NAME]


def shipped_key(path: Path) -> tuple[str, int]:
    """(template_id, version) of a shipped file, read without the slow schema check."""
    body = json.loads(path.read_text(encoding="utf-8"))
    return body["template_id"], int(body["version"])


@functools.cache
def shipped_template(path: Path) -> Template:
    """A shipped file. The JSON Schema check (half a second for the four files) is left to the
    test suite, which applies it to every shipped template; the cheap item checks still run."""
    body = json.loads(path.read_text(encoding="utf-8"))
    _check_items(body, path.name)
    return template_from_json(body)


def shipped_templates() -> list[Template]:
    """The templates that come with the program, sorted by file name."""
    return [shipped_template(p) for p in shipped_files()]


def canonical(body: dict[str, Any]) -> str:
    """The form a body is stored and compared in."""
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write_template_file(template: Template, path: Path) -> Path:
    """Export a template so another district can import it."""
    path = Path(path)
    text = json.dumps(template.body, ensure_ascii=False, indent=1) + "\n"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise RetrofitError(
            ErrorCode.CANNOT_WRITE, path=path, detail=error.strerror or str(error)
        ) from error
    return path
