"""Checklist templates as data: validate, read shipped files, import and export template JSON."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from retrofit_app.core.checklists.sources import REFUSED_PROBLEMS, citation_problems
from retrofit_app.core.checklists.template_model import AnswerType, Template, template_from_json
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.input_files import read_limited
from retrofit_app.core.json_input import JsonRefused, parse_bounded
from retrofit_app.core.limits import TEMPLATE_MAX_BYTES, TEMPLATE_MAX_ITEMS, TEMPLATE_MAX_VERSION
from retrofit_app.core.resources import resources_dir
from retrofit_app.core.text_limits import shortened
from retrofit_app.core.words import N_, Msg, joined

SCHEMA_NAME = "checklist-template.schema.json"


def templates_dir() -> Path:
    return Path(str(resources_dir("checklists")))


@functools.cache
def _validator():  # noqa: ANN202 - jsonschema is imported late: quick commands never need it
    import jsonschema

    schema = json.loads((templates_dir() / SCHEMA_NAME).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _where(path: Any) -> str:
    """A JSON path a person can find in the file: items[3].answer.type (the whole file: 文件本身)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or Msg("template.whole_file")


# JSON Schema's types in words, for sentences about a value of the wrong kind.
_TYPE_WORDS = {
    "array": N_("json_type.array"),
    "object": N_("json_type.object"),
    "string": N_("json_type.string"),
    "integer": N_("json_type.integer"),
    "number": N_("json_type.number"),
    "boolean": N_("json_type.boolean"),
}


def _shown(value: Any) -> str:
    return shortened(json.dumps(value, ensure_ascii=False), 40)


# jsonschema validators whose problem needs only the value and the rule.
_SIMPLE_PROBLEMS = {
    "pattern": "template.pattern",
    "minimum": "template.minimum",
    "minLength": "template.empty",
    "minItems": "template.min_items",
    "uniqueItems": "template.repeated",
    "minProperties": "template.min_keys",
    "maxProperties": "template.max_keys",
}


def _schema_problem(error: Any) -> Msg:
    """A schema error in words of both languages (jsonschema's own message is English only)."""
    kind, rule, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        return _missing(rule, value)
    if kind == "type":
        return _wrong_type([rule] if isinstance(rule, str) else rule, value)
    if kind in ("enum", "const"):
        allowed = [_shown(v) for v in (rule if kind == "enum" else [rule])]
        return Msg("template.not_allowed", value=_shown(value), allowed=joined(allowed))
    if kind == "additionalProperties" and isinstance(value, dict):
        known = error.schema.get("properties", {})
        return Msg("template.unknown_key", key=next((k for k in value if k not in known), ""))
    if kind in _SIMPLE_PROBLEMS:
        return Msg(_SIMPLE_PROBLEMS[kind], value=_shown(value), rule=rule)
    return Msg("template.other", message=shortened(error.message, 160))


def _missing(required: list[str], value: Any) -> Msg:
    missing = next((k for k in required if isinstance(value, dict) and k not in value), required[0])
    return Msg("template.missing", key=missing)


def _wrong_type(types: list[str], value: Any) -> Msg:
    wanted = [Msg(_TYPE_WORDS[t]) if t in _TYPE_WORDS else t for t in types]
    return Msg("template.wrong_type", wanted=joined(wanted, "join.or"), value=_shown(value))


def _file_order(error: Any) -> tuple:
    """Errors in the order a reader meets them; within one place, the most specific first."""
    parts = tuple((1, p, "") if isinstance(p, int) else (2, 0, str(p)) for p in error.absolute_path)
    return (*parts, (9, 0, ""))


def _refuse(file: str, problem: Msg, where: str = "") -> RetrofitError:
    """TEMPLATE_INVALID naming the file and, when given, the place in it (items[3].condition)."""
    if where:
        problem = Msg("template.at", where=where, problem=problem)
    return RetrofitError(ErrorCode.TEMPLATE_INVALID, file=file, problem=problem)


def validate_body(body: Any, file: str = "") -> Template:
    """The template in `body`, or a RetrofitError naming `file` and the first problem found."""
    errors = sorted(_validator().iter_errors(body), key=_file_order)
    if errors:
        first = errors[0]
        raise _refuse(file, _schema_problem(first), _where(first.absolute_path))
    _check_bounds(body, file)
    _check_items(body, file)
    template = template_from_json(body)
    _check_citations(template, file)
    return template


def _check_citations(template: Template, file: str) -> None:
    """A code the register marks superseded or repealed, an abolished one cited without its
    successor, or a limit looser than its source asks is refused: an imported or edited template
    must not say "the rule says so" where the rule no longer does."""
    for item_id, problem in citation_problems(template):
        if problem in REFUSED_PROBLEMS:
            raise _refuse(file, Msg(problem), item_id)


def _check_bounds(body: dict[str, Any], file: str) -> None:
    """What the schema lets through but the program cannot store or show: 1e100 as a version,
    a hundred thousand items."""
    version = body["version"]
    if not isinstance(version, int) or not 1 <= version <= TEMPLATE_MAX_VERSION:
        problem = Msg("template.bad_version", limit=TEMPLATE_MAX_VERSION, value=_shown(version))
        raise _refuse(file, problem, "version")
    if len(body["items"]) > TEMPLATE_MAX_ITEMS:
        problem = Msg("template.too_many_items", count=len(body["items"]), limit=TEMPLATE_MAX_ITEMS)
        raise _refuse(file, problem, "items")


def _check_items(body: dict[str, Any], file: str) -> None:
    """What a JSON Schema cannot say: unique ids, known sections, conditions on earlier items."""
    sections = {s["id"] for s in body["sections"]}
    if len(sections) != len(body["sections"]):
        raise _refuse(file, Msg("template.sections_repeat"))
    seen: dict[str, dict[str, Any]] = {}
    for index, item in enumerate(body["items"]):
        where = f"items[{index}]"
        if item["id"] in seen:
            raise RetrofitError(ErrorCode.TEMPLATE_DUPLICATE_ITEM, file=file, item=item["id"])
        if item["section"] not in sections:
            raise _refuse(file, Msg("template.unknown_section", section=item["section"]), where)
        if not set(item.get("fail_stages", ())) <= set(item["stages"]):
            raise _refuse(file, Msg("template.fail_stages"), where)
        if "fail_when" in item:
            _check_values(item, item["fail_when"], f"{where}.fail_when", file)
        condition = item.get("condition")
        if condition:
            target = seen.get(condition["item"])
            if target is None:
                problem = Msg("template.condition_order", item=condition["item"])
                raise _refuse(file, problem, f"{where}.condition")
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
            problem = Msg("template.not_an_answer", value=unknown[0], item=item["id"])
            raise _refuse(file, problem, where)
    elif kind != AnswerType.NUMBER:
        raise _refuse(file, Msg("template.below_above", item=item["id"]), where)


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
            raise _refuse(path.name, Msg("template.not_text")) from error
    try:
        body = parse_bounded(text)
    except JsonRefused as error:
        raise _refuse(path.name, error.reason) from error
    except json.JSONDecodeError as error:
        # The parser's own words ("Expecting value") stay out of the Chinese sentence.
        problem = Msg("template.bad_json", line=error.lineno, column=error.colno, reason=error.msg)
        raise _refuse(path.name, problem) from error
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
