"""A refusal built from values (a status, an item's name, a nested reason) reads wholly in the user's language."""

from __future__ import annotations

import re

import pytest

from retrofit_app.core.checklists.templates import validate_body
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.geo.geojson_import import describe_skip
from retrofit_app.core.geo.geojson_read import Skipped, SkipReason
from retrofit_app.core.input_files import regular_file
from retrofit_app.core.model import Stage
from retrofit_app.core.reports.options import fill_doc_number

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
QUOTED = re.compile(r"“[^”]*”")  # a value the user typed, shown as typed


def assert_reads_in_each_language(error: RetrofitError) -> tuple[str, str]:
    zh, en = error.sentence("zh"), error.sentence("en")
    for sentence in (zh, en):
        # A (zh, en) pair or an id given as a value would print as itself.
        assert "('" not in sentence and "error." not in sentence, sentence
    assert CJK.search(zh), zh
    assert not CJK.search(QUOTED.sub("", en)), en
    return zh, en


def refusal(call, *args, **kwargs) -> RetrofitError:
    with pytest.raises(RetrofitError) as caught:
        call(*args, **kwargs)
    return caught.value


@pytest.fixture
def estate(project):
    estate = project.estates.create("Jinling", "玄武区")
    project.checklists.create_for_estate(estate.uuid)
    return estate


def test_defect_status_refusal_names_both_statuses_in_the_users_language(project, estate) -> None:
    defect = project.checklists.defects.add(estate.uuid, "gutter", responsible="office")
    error = refusal(project.checklists.defects.set_status, defect.uuid, "verified")
    zh, en = assert_reads_in_each_language(error)
    assert "待整改" in zh and "已复核" in zh
    assert "'Open'" in en and "'Verified'" in en


def test_answer_out_of_range_names_the_item_and_the_range_in_the_users_language(
    project, estate
) -> None:
    checklist = next(
        c for c in project.checklists.of_estate(estate.uuid)
        if c.template.template_id == "basic_infrastructure"
    )  # fmt: skip
    error = refusal(
        project.checklists.answer, checklist.uuid, "infra.gas_riser_age", "survey", "900"
    )
    zh, en = assert_reads_in_each_language(error)
    assert "燃气立管使用年限" in zh and "Age of the gas risers" in en
    assert "between 0 and 80" in en


def test_blocked_acceptance_lists_failed_items_and_open_defects_in_the_users_language(
    project, estate
) -> None:
    project.estates.update(estate.uuid, stage=Stage.ACCEPTANCE)
    acceptance = next(c for c in project.checklists.of_estate(estate.uuid) if c.template.acceptance)
    project.checklists.answer(acceptance.uuid, "acc.roof", "completion", "rectify")
    error = refusal(project.estates.update, estate.uuid, stage=Stage.ACCEPTED)
    assert error.code is ErrorCode.STAGE_BLOCKED
    zh, en = assert_reads_in_each_language(error)
    assert zh.endswith("尚未复核关闭。") and "；" in zh
    assert en.endswith("not yet verified as rectified.") and "1 acceptance item(s) failed" in en


@pytest.mark.parametrize("pattern", ["{unknown}", "{date.year}", "{seq:zz}", "{", "x" * 300])
def test_bad_document_number_pattern_says_why_in_the_users_language(pattern: str) -> None:
    values = {"code": "A", "kind": "X", "date": None, "year": 2026, "seq": 1}
    error = refusal(fill_doc_number, pattern, values)
    assert_reads_in_each_language(error)


def test_template_of_the_wrong_shape_is_refused_with_where_and_what_in_each_language() -> None:
    error = refusal(validate_body, {"template_id": 7}, "bad.json")
    zh, en = assert_reads_in_each_language(error)
    assert "bad.json" in en and "template_id" in en


def test_a_folder_given_as_a_file_is_named_as_a_folder(tmp_path) -> None:
    error = refusal(regular_file, tmp_path)
    zh, en = assert_reads_in_each_language(error)
    assert "文件夹" in zh and "a folder" in en


def test_a_skipped_feature_reads_with_its_number_detail_and_reason() -> None:
    skip = Skipped(4, SkipReason.TOO_MANY_VERTICES, "Block 9")
    assert describe_skip(skip, "en") == (
        "feature 5 (Block 9): the geometry has too many points (at most 20000)"
    )
    assert describe_skip(skip, "zh") == "第 5 个要素（Block 9）：图形的点太多（最多 20000 个）"
    assert describe_skip(Skipped(0, "no_name", ""), "en") == "feature 1: no name"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_command_line_says_an_unexpected_error_in_the_users_punctuation(
    lang: str, monkeypatch, capsys, tmp_path
) -> None:
    from retrofit_app import cli
    from retrofit_app.cli import project_commands

    def broken(args, settings) -> int:  # noqa: ANN001
        raise ValueError("boom")

    monkeypatch.setenv("RETROFIT_APP_LANG", lang)
    monkeypatch.setattr(project_commands, "run_info", broken)
    assert cli.main(["info", str(tmp_path / "a.gpkg")]) == 1
    said = capsys.readouterr().err
    if lang == "en":
        assert said.startswith("Internal error: boom (details in the log ")
        assert not CJK.search(said.replace(str(tmp_path), "")), said
    else:
        assert said.startswith("程序内部错误：boom（详情见日志 ")
