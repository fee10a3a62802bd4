"""A checklist template in memory: sections, items, answer kinds, conditions, fail rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from retrofit_app.core.checklists.sources import Source, sources_from_json, sources_text
from retrofit_app.core.words import N_, in_language, say


class AnswerType(StrEnum):
    YES_NO_NA = "yes_no_na"
    CHOICE = "choice"
    NUMBER = "number"
    TEXT = "text"
    DATE = "date"


class CheckStage(StrEnum):
    """When an item is checked; the same item may be checked at design and again at completion."""

    SURVEY = "survey"
    DESIGN = "design"
    COMPLETION = "completion"


STAGE_ORDER = (CheckStage.SURVEY, CheckStage.DESIGN, CheckStage.COMPLETION)
# Catalogue ids: say(CHECK_STAGE_LABELS[stage], lang).
CHECK_STAGE_LABELS: dict[str, str] = {
    "survey": N_("check_stage.survey"),
    "design": N_("check_stage.design"),
    "completion": N_("check_stage.completion"),
}
VERDICT_LABELS: dict[str, str] = {
    "pass": N_("verdict.pass"),
    "fail": N_("verdict.fail"),
    "na": N_("verdict.na"),
}
# A yes/no/n.a. item's options: value → catalogue id of its words.
YES_NO_NA_OPTIONS: dict[str, str] = {
    "yes": N_("answer.yes"),
    "no": N_("answer.no"),
    "na": N_("answer.na"),
}


@dataclass(frozen=True)
class Predicate:
    """One test on an answer value: in a list, below a number, or above it."""

    values: tuple[Any, ...] = ()
    below: float | None = None
    above: float | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Predicate:
        return cls(tuple(data.get("in", ())), data.get("below"), data.get("above"))

    def holds(self, value: Any) -> bool:
        if value is None:
            return False
        if self.values:
            return value in self.values
        if not isinstance(value, int | float) or isinstance(value, bool):
            return False
        if self.below is not None:
            return value < self.below
        return self.above is not None and value > self.above


@dataclass(frozen=True)
class Condition:
    item_id: str
    test: Predicate


@dataclass(frozen=True)
class Option:
    value: str
    zh: str
    en: str


@dataclass(frozen=True)
class Item:
    id: str
    section: str
    zh: str
    en: str
    answer_type: AnswerType
    required: bool
    stages: tuple[str, ...]
    options: tuple[Option, ...] = ()
    unit: tuple[str, str] = ("", "")
    minimum: float | None = None
    maximum: float | None = None
    condition: Condition | None = None
    fail_when: Predicate | None = None
    fail_stages: tuple[str, ...] = ()
    standard: str = ""  # the old free-text citation; shown when the item has no sources
    sources: tuple[Source, ...] = ()

    def citation(self, lang: str = "zh") -> str:
        """The sources in one line (or the old `standard` text of an older template)."""
        return sources_text(self, lang)

    def text(self, lang: str = "zh") -> str:
        return in_language(self.zh, self.en, lang)

    def option_label(self, value: Any, lang: str = "zh") -> str:
        """How an answer reads to a person: the option's words, a number with its unit."""
        if value is None:
            return ""
        for option in self.options:
            if option.value == value:
                return in_language(option.zh, option.en, lang)
        if self.answer_type is AnswerType.NUMBER:
            number = int(value) if float(value).is_integer() else value
            return f"{number} {in_language(*self.unit, lang)}".strip()
        return str(value)

    def verdict(self, value: Any, stage: str) -> str | None:
        """'pass', 'fail', 'na' (answered not applicable), or None (unanswered or never judged)."""
        if (
            value is None
            or self.fail_when is None
            or stage not in (self.fail_stages or self.stages)
        ):
            return None
        if value == "na":
            return "na"
        return "fail" if self.fail_when.holds(value) else "pass"

    def verdict_label(self, value: Any, stage: str, lang: str = "zh") -> str:
        """The verdict in words: 合格, 不合格, "—" for an answer no rule judges, "" unanswered."""
        verdict = self.verdict(value, stage)
        if verdict is None:
            return "" if value is None else "—"
        return say(VERDICT_LABELS[verdict], lang)

    def fails(self, value: Any, stage: str) -> bool:
        if self.fail_when is None or stage not in (self.fail_stages or self.stages):
            return False
        return self.fail_when.holds(value)


@dataclass(frozen=True)
class Section:
    id: str
    zh: str
    en: str


@dataclass(frozen=True)
class Template:
    template_id: str
    version: int
    zh: str
    en: str
    scope: str
    acceptance: bool
    sections: tuple[Section, ...]
    items: tuple[Item, ...]
    body: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)
    uuid: str = ""

    def name(self, lang: str = "zh") -> str:
        return in_language(self.zh, self.en, lang)

    def item(self, item_id: str) -> Item | None:
        return self._by_id().get(item_id)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def _by_id(self) -> dict[str, Item]:
        # Frozen dataclass: the index is built once and kept beside the fields.
        index = self.__dict__.get("_index")
        if index is None:
            index = {i.id: i for i in self.items}
            object.__setattr__(self, "_index", index)
        return index


def _item(data: dict[str, Any]) -> Item:
    answer = data["answer"]
    kind = AnswerType(answer["type"])
    if kind is AnswerType.YES_NO_NA:
        options = tuple(
            Option(value, say(msgid, "zh"), say(msgid, "en"))
            for value, msgid in YES_NO_NA_OPTIONS.items()
        )
    else:
        options = tuple(Option(o["value"], o["zh"], o["en"]) for o in answer.get("options", ()))
    unit = answer.get("unit") or {}
    condition = data.get("condition")
    return Item(
        id=data["id"],
        section=data["section"],
        zh=data["zh"],
        en=data["en"],
        answer_type=kind,
        required=bool(data["required"]),
        stages=tuple(data["stages"]),
        options=options,
        unit=(unit.get("zh", ""), unit.get("en", "")),
        minimum=answer.get("min"),
        maximum=answer.get("max"),
        condition=Condition(condition["item"], Predicate.from_json(condition))
        if condition
        else None,
        fail_when=Predicate.from_json(data["fail_when"]) if "fail_when" in data else None,
        fail_stages=tuple(data.get("fail_stages", ())),
        standard=data.get("standard", ""),
        sources=sources_from_json(data.get("sources")),
    )


def template_from_json(body: dict[str, Any], uuid: str = "") -> Template:
    """Build from a body that already passed validation (see templates.validate_body)."""
    return Template(
        template_id=body["template_id"],
        version=int(body["version"]),
        zh=body["name"]["zh"],
        en=body["name"]["en"],
        scope=body["scope"],
        acceptance=bool(body.get("acceptance", False)),
        sections=tuple(Section(s["id"], s["zh"], s["en"]) for s in body["sections"]),
        items=tuple(_item(i) for i in body["items"]),
        body=body,
        uuid=uuid,
    )
