"""Checklist templates as data: validate, read shipped files, import and export template JSON."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from retrofit_app.core.checklists.template_model import AnswerType, Template, template_from_json
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.input_files import read_limited
from retrofit_app.core.json_input import JsonRefused, parse_bounded
from retrofit_app.core.limits import TEMPLATE_MAX_BYTES, TEMPLATE_MAX_ITEMS, TEMPLATE_MAX_VERSION
from retrofit_app.core.resources import resources_dir
from retrofit_app.core.text_limits import shortened

SCHEMA_NAME = "checklist-template.schema.json"


def templates_dir() -> Path:
    return Path(str(resources_dir("checklists")))


@functools.cache
def _validator():  # noqa: ANN202 - jsonschema is imported late: quick commands never need it
    import jsonschema

    schema = json.loads((templates_dir() / SCHEMA_NAME).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _where(path: Any) -> tuple[str, str]:
    """A JSON path a person can find in the file: items[3].answer.type (the whole file: 文件本身)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return (text or "文件本身", text or "the file itself")


# JSON Schema's types in words, for sentences about a value of the wrong kind.
_TYPE_WORDS = {
    "array": ("数组", "an array"),
    "object": ("对象", "an object"),
    "string": ("文字", "text"),
    "integer": ("整数", "a whole number"),
    "number": ("数字", "a number"),
    "boolean": ("true 或 false", "true or false"),
}


def _shown(value: Any) -> str:
    return shortened(json.dumps(value, ensure_ascii=False), 40)


def _schema_problem(error: Any) -> tuple[str, str]:
    """A schema error in words of both languages (jsonschema's own message is English only)."""
    kind, rule, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = next((k for k in rule if isinstance(value, dict) and k not in value), rule[0])
        return f"缺少“{missing}”", f"“{missing}” is missing"
    if kind == "type":
        wanted = [_TYPE_WORDS.get(t, (t, t)) for t in ([rule] if isinstance(rule, str) else rule)]
        return (
            f"应为{'或'.join(w[0] for w in wanted)}，而不是 {_shown(value)}",
            f"must be {' or '.join(w[1] for w in wanted)}, not {_shown(value)}",
        )
    if kind in ("enum", "const"):
        allowed = "、".join(_shown(v) for v in (rule if kind == "enum" else [rule]))
        return f"{_shown(value)} 不可用，只能是 {allowed}", f"{_shown(value)} is not allowed; use {allowed.replace('、', ', ')}"  # fmt: skip
    if kind == "additionalProperties" and isinstance(value, dict):
        known = error.schema.get("properties", {})
        extra = next((k for k in value if k not in known), "")
        return f"有不认识的键“{extra}”", f"has an unknown key “{extra}”"
    if kind == "pattern":
        return f"{_shown(value)} 的写法不符合 {rule}", f"{_shown(value)} does not match {rule}"
    if kind == "minimum":
        return f"{_shown(value)} 小于下限 {rule}", f"{_shown(value)} is below the minimum {rule}"
    if kind == "minLength":
        return "不能为空", "must not be empty"
    if kind == "minItems":
        return f"至少要有 {rule} 项", f"needs at least {rule} entries"
    if kind == "uniqueItems":
        return "有重复的值", "has repeated values"
    if kind == "minProperties":
        return f"至少要有 {rule} 个键", f"needs at least {rule} keys"
    if kind == "maxProperties":
        return f"最多只能有 {rule} 个键", f"may have at most {rule} keys"
    return "不符合模板格式（见 checklist-template.schema.json）", f"does not fit the template format: {shortened(error.message, 160)}"  # fmt: skip


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
        (where_zh, where_en), (zh, en) = _where(first.absolute_path), _schema_problem(first)
        raise _refuse(file, f"{where_zh}：{zh}", f"{where_en}: {en}")
    _check_bounds(body, file)
    _check_items(body, file)
    return template_from_json(body)


def _check_bounds(body: dict[str, Any], file: str) -> None:
    """What the schema lets through but the program cannot store or show: 1e100 as a version,
    a hundred thousand items."""
    version = body["version"]
    if not isinstance(version, int) or not 1 <= version <= TEMPLATE_MAX_VERSION:
        raise _refuse(
            file,
            f"version：版本号应为 1 到 {TEMPLATE_MAX_VERSION} 之间的整数，而不是 {_shown(version)}",
            f"version: the version must be a whole number from 1 to {TEMPLATE_MAX_VERSION}, not {_shown(version)}",
        )
    if len(body["items"]) > TEMPLATE_MAX_ITEMS:
        raise _refuse(
            file,
            f"items：条目太多（{len(body['items'])} 条，最多 {TEMPLATE_MAX_ITEMS} 条）",
            f"items: too many items ({len(body['items'])}, at most {TEMPLATE_MAX_ITEMS})",
        )


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
    raw = read_limited(
        path, TEMPLATE_MAX_BYTES
    )  # a FIFO, a device or a huge file is refused unread
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
        body = parse_bounded(text)
    except JsonRefused as error:
        raise _refuse(path.name, *error.reason) from error
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
