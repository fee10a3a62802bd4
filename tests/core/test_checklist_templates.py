"""Checklist templates: the shipped ones validate; bad files are refused and change nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from retrofit_app.core.checklists.templates import (
    read_template_file,
    shipped_files,
    shipped_templates,
    validate_body,
)
from retrofit_app.core.errors import ErrorCode, RetrofitError

SHIPPED = {p.stem: p for p in shipped_files()}


def _body(name: str = "elevator_feasibility") -> dict:
    return json.loads(SHIPPED[name].read_text(encoding="utf-8"))


def _write(
    tmp_path: Path, body: dict | str, name: str = "模板.json", encoding: str = "utf-8"
) -> Path:
    path = tmp_path / name
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    path.write_text(text, encoding=encoding)
    return path


def _table_snapshot(project) -> list[tuple]:
    return project.conn.execute(
        "SELECT template_id, version, body FROM checklist_templates ORDER BY fid"
    ).fetchall()


def test_the_schema_is_itself_a_valid_json_schema() -> None:
    import jsonschema

    from retrofit_app.core.checklists.templates import SCHEMA_NAME, templates_dir

    schema = json.loads((templates_dir() / SCHEMA_NAME).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.stem)
def test_every_shipped_template_validates(path: Path) -> None:
    template = read_template_file(path)
    assert template.template_id == path.stem
    assert len(template.items) >= 30, "tens of items per template"
    for item in template.items:
        assert item.zh and item.en and item.stages


def test_shipped_templates_cover_the_four_lists_with_their_scopes() -> None:
    scopes = {t.template_id: (t.scope, t.acceptance) for t in shipped_templates()}
    assert scopes == {
        "elevator_feasibility": ("unit", False),
        "smart_facilities": ("estate", False),
        "basic_infrastructure": ("estate", False),
        "acceptance_inspection": ("estate", True),
    }


def test_smart_facilities_cite_the_security_and_metering_standards() -> None:
    smart = read_template_file(SHIPPED["smart_facilities"])
    cited = " ".join(i.citation() for i in smart.items)
    for standard in ("GB/T 28181", "GA/T 1093", "GA/T 678", "GA/T 992", "JG/T 162"):
        assert standard in cited
    # Each smart facility is checked twice: at design and again at completion.
    assert smart.item("smart.video").stages == ("design", "completion")


def test_infrastructure_sections_are_the_national_categories() -> None:
    infra = read_template_file(SHIPPED["basic_infrastructure"])
    assert [s.zh for s in infra.sections] == ["基础类", "完善类", "提升类"]


def test_file_that_is_not_json_is_refused_with_its_name_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"template_id": "x",\n  "version": 1,,\n}', name="坏模板.json")
    with pytest.raises(RetrofitError) as caught:
        read_template_file(path)
    assert caught.value.code is ErrorCode.TEMPLATE_INVALID
    sentence = caught.value.sentence("zh")
    assert "坏模板.json" in sentence and "第 2 行" in sentence
    assert "line 2" in caught.value.sentence("en")


def test_schema_break_names_the_first_problem(tmp_path: Path) -> None:
    body = _body()
    body["items"][3]["answer"]["type"] = "slider"
    with pytest.raises(RetrofitError) as caught:
        read_template_file(_write(tmp_path, body, "district.json"))
    sentence = caught.value.sentence("en")
    assert (
        "district.json" in sentence and "items[3].answer.type" in sentence and "slider" in sentence
    )


def test_choice_without_options_breaks_the_schema() -> None:
    body = _body()
    del body["items"][2]["answer"]["options"]
    with pytest.raises(RetrofitError, match="template_invalid"):
        validate_body(body, "x.json")


def test_colliding_item_ids_are_refused() -> None:
    body = _body()
    body["items"][5]["id"] = body["items"][1]["id"]
    with pytest.raises(RetrofitError) as caught:
        validate_body(body, "dup.json")
    assert caught.value.code is ErrorCode.TEMPLATE_DUPLICATE_ITEM
    assert body["items"][1]["id"] in caught.value.sentence()


def test_condition_on_a_later_item_is_refused() -> None:
    body = _body()
    body["items"][0]["condition"] = {"item": body["items"][10]["id"], "in": ["yes"]}
    with pytest.raises(RetrofitError, match="template_invalid") as caught:
        validate_body(body, "order.json")
    assert "items[0].condition" in caught.value.sentence("en")


def test_condition_on_an_answer_the_item_cannot_take_is_refused() -> None:
    body = _body()
    condition = next(i for i in body["items"] if i.get("condition"))
    condition["condition"]["in"] = ["maybe"]
    with pytest.raises(RetrofitError) as caught:
        validate_body(body, "cond.json")
    assert "maybe" in caught.value.sentence("en")


def test_gbk_file_from_notepad_is_read(tmp_path: Path) -> None:
    body = _body()
    body["template_id"] = "gulou_extra"
    path = _write(tmp_path, body, "鼓楼区补充.json", encoding="gbk")
    assert read_template_file(path).zh == body["name"]["zh"]


def test_import_adds_a_template_and_export_round_trips(project, tmp_path: Path) -> None:
    body = _body("smart_facilities")
    body["template_id"] = "gulou_smart"
    body["name"]["zh"] = "鼓楼区智慧小区补充清单"
    imported = project.checklists.import_template(_write(tmp_path, body))
    assert imported.zh == "鼓楼区智慧小区补充清单"
    out = project.checklists.export_template(imported.uuid, tmp_path / "导出.json")
    assert json.loads(out.read_text(encoding="utf-8")) == body
    # Importing the same file again is harmless and adds nothing.
    project.checklists.import_template(out)
    assert [t.template_id for t in project.checklists.templates()].count("gulou_smart") == 1


def test_refused_imports_leave_the_stored_templates_unchanged(project, tmp_path: Path) -> None:
    project.checklists.ensure_shipped()
    before = _table_snapshot(project)
    changed = _body()
    changed["items"][0]["zh"] = "改过的条目"  # same id and version, different body
    bad = [
        _write(tmp_path, "{not json", "a.json"),
        _write(tmp_path, {"template_id": "x"}, "b.json"),
        _write(tmp_path, changed, "c.json"),
    ]
    codes = []
    for path in bad:
        with pytest.raises(RetrofitError) as caught:
            project.checklists.import_template(path)
        codes.append(caught.value.code)
    assert codes == [
        ErrorCode.TEMPLATE_INVALID,
        ErrorCode.TEMPLATE_INVALID,
        ErrorCode.TEMPLATE_VERSION_EXISTS,
    ]
    assert _table_snapshot(project) == before


def test_new_template_version_does_not_change_old_checklists(project, tmp_path: Path) -> None:
    estate = project.estates.create("颐和新村", "鼓楼区")
    project.checklists.create_for_estate(estate.uuid, ["smart_facilities"])
    (old,) = project.checklists.of_estate(estate.uuid)
    project.checklists.answer(old.uuid, "smart.video", "design", "yes")

    body = copy.deepcopy(_body("smart_facilities"))
    shipped = body["version"]
    body["version"] = shipped + 1
    body["items"] = [i for i in body["items"] if i["id"] != "smart.video_gb28181"]
    body["items"][0]["zh"] = "第二版的条目文字"
    project.checklists.import_template(_write(tmp_path, body))

    project.checklists.create_for_estate(estate.uuid)  # must not replace the v1 checklist
    (again,) = [
        c
        for c in project.checklists.of_estate(estate.uuid)
        if c.template.template_id == "smart_facilities"
    ]
    assert again.uuid == old.uuid
    assert again.template.version == shipped
    assert again.template.item("smart.video_gb28181") is not None
    assert again.answers[("smart.video", "design")].value == "yes"
    # A new estate gets the new version.
    other = project.estates.create("锁金新村", "玄武区")
    project.checklists.create_for_estate(other.uuid, ["smart_facilities"])
    (fresh,) = project.checklists.of_estate(other.uuid)
    assert fresh.template.version == shipped + 1 and fresh.template.items[0].zh == "第二版的条目文字"


# ---------------------------------------------------------------- hostile files (issue 23)
PYTHON_OR_SCHEMA_ENGLISH = ("Error", "Traceback", "is not of type", "is a required property", "is not one of", "Additional properties")  # fmt: skip


def _refused_sentence(path: Path) -> str:
    with pytest.raises(RetrofitError) as caught:
        read_template_file(path)
    zh = caught.value.sentence("zh")
    assert path.name in zh and not any(w in zh for w in PYTHON_OR_SCHEMA_ENGLISH), zh
    return zh


def test_deeply_nested_templates_are_refused_with_a_sentence(tmp_path: Path) -> None:
    body = _body()
    deep: object = "是"
    for _ in range(60):
        deep = [deep]
    body["items"][0]["fail_when"] = {"in": deep}
    assert "嵌套层数太多" in _refused_sentence(_write(tmp_path, body))
    flood = '{"template_id": "x", "items": ' + "[" * 200_000 + "]" * 200_000 + "}"
    assert "嵌套层数太多" in _refused_sentence(_write(tmp_path, flood, "洪水.json"))


@pytest.mark.parametrize(
    ("version", "words"),
    [("1e100", "版本号应为 1 到 1000000 之间的整数"), ("5" * 5000, "太长"), ("2.5", "整数"),
     ("100000000", "版本号应为"), ("1e999", "超出了可以计算的范围")],
    ids=["1e100", "5000-digits", "a-fraction", "too-large", "infinite"],
)  # fmt: skip
def test_a_version_that_cannot_be_stored_is_refused(
    tmp_path: Path, version: str, words: str
) -> None:
    body = _body()
    text = json.dumps(body, ensure_ascii=False).replace(
        f'"version": {body["version"]}', f'"version": {version}', 1
    )
    assert f'"version": {version}' in text
    assert words in _refused_sentence(_write(tmp_path, text))


def test_too_many_items_and_too_large_a_file_are_refused(tmp_path: Path) -> None:
    body = _body()
    body["items"] = [{**body["items"][0], "id": f"i{n}"} for n in range(2001)]
    assert "条目太多" in _refused_sentence(_write(tmp_path, body))
    huge = _write(tmp_path, " " * (3 * 1024 * 1024) + "{}", "巨大.json")
    with pytest.raises(RetrofitError) as caught:
        read_template_file(huge)
    assert caught.value.code is ErrorCode.FILE_TOO_LARGE


@pytest.mark.parametrize(
    ("change", "zh"),
    [
        (lambda b: b.pop("items"), "缺少“items”"),
        (lambda b: b.update(items="消防"), "应为数组"),
        (lambda b: b["items"][0]["answer"].update(type="魔法"), "不可用，只能是"),
        (lambda b: b.update(extra=1), "有不认识的键“extra”"),
        (lambda b: b.update(version=0), "小于下限 1"),
        (lambda b: b["name"].update(zh=""), "不能为空"),
    ],
    ids=["missing", "type", "enum", "extra-key", "minimum", "empty"],
)
def test_schema_problems_read_in_chinese(tmp_path: Path, change, zh: str) -> None:  # noqa: ANN001
    body = _body()
    change(body)
    assert zh in _refused_sentence(_write(tmp_path, body))
