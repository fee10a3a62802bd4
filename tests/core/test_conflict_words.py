"""A merge conflict in words: where the record is, the field's name, both values as a person reads
them, and who changed each side and when; vote history in the order the votes were made."""

from __future__ import annotations

import json
import time
from pathlib import Path

from exchange_support import export_first_estate, households_of

from retrofit_app.cli import main
from retrofit_app.core.exchange.conflict_words import describe
from retrofit_app.core.exchange.conflicts import list_conflicts
from retrofit_app.core.exchange.merge import merge_package
from retrofit_app.core.privacy import mask_name
from retrofit_app.core.project import Project


def _vote_on_both_sides(demo_path: Path, tmp_path: Path, pause: float = 0):  # noqa: ANN202
    """The field records 反对 for a household; the office, later, 同意 for the same one."""
    code, made = export_first_estate(demo_path, tmp_path)
    with Project(made.path, user="小王") as field:
        household = next(h for h in households_of(field, code) if h.owners)
        consultation = field.consultations.covering(household.uuid)
        field.consultations.record_vote(consultation.uuid, household.uuid, "object", method="phone")
    time.sleep(pause)  # the log's times have whole seconds
    with Project(demo_path, user="刘主任") as office:
        consultation = office.consultations.covering(household.uuid)
        office.consultations.record_vote(consultation.uuid, household.uuid, "agree", method="in_person")
        estate = office.estates.resolve(code)
        merge_package(office, made.path)
    return household, estate


def test_a_vote_conflict_names_the_place_the_owner_the_field_and_who_changed_each(
    demo_path: Path, tmp_path: Path
) -> None:
    household, estate = _vote_on_both_sides(demo_path, tmp_path)
    with Project(demo_path, readonly=True) as office:
        conflicts = {c.field: c for c in list_conflicts(office, open_only=True)}
        words = describe(office, conflicts["choice"], "zh")
        english = describe(office, conflicts["choice"], "en")
    assert words.place.startswith(f"{estate.name}（{estate.code}）")
    assert household.room in words.place
    assert mask_name(household.owners[0].name) in words.place
    assert household.owners[0].name not in words.place or len(household.owners[0].name) < 2
    assert (words.record, words.field) == ("表决", "表决意见")
    assert (words.office_value, words.field_value) == ("同意", "反对")
    assert (words.office_change.user, words.field_change.user) == ("刘主任", "小王")
    assert words.field_change.at <= words.office_change.at and str(words.office_change).startswith("刘主任 20")
    assert (english.field, english.office_value, english.field_value) == ("vote", "Agree", "Object")  # the words of the vote table and reports
    method = describe(office, conflicts["method"], "zh") if "method" in conflicts else None
    assert method is None or (method.office_value, method.field_value) == ("当面", "电话")


def test_the_conflicts_command_prints_words_not_codes(demo_path: Path, tmp_path: Path, capsys) -> None:
    _vote_on_both_sides(demo_path, tmp_path)
    capsys.readouterr()
    assert main(["conflicts", str(demo_path), "--json"]) == 0
    (vote,) = [c for c in json.loads(capsys.readouterr().out) if c["field"] == "choice"]
    assert (vote["office_words"], vote["field_words"], vote["field_name"]) == ("同意", "反对", "表决意见")
    assert main(["conflicts", str(demo_path)]) == 0
    text = capsys.readouterr().out
    assert "同意（刘主任 " in text and "反对（小王 " in text and "agree" not in text
    assert main(["resolve-conflict", str(demo_path), vote["uuid"][:8], "--keep", "field"]) == 0


def test_vote_history_after_a_merge_is_in_the_order_the_votes_were_made(
    demo_path: Path, tmp_path: Path
) -> None:
    household, _estate = _vote_on_both_sides(demo_path, tmp_path, pause=1.1)
    with Project(demo_path, readonly=True) as office:
        history = office.consultations.vote_history(household.uuid)
    times = [e.at for e in history]
    assert times == sorted(times)
    assert [e.user for e in history][-2:] == ["小王", "刘主任"]
