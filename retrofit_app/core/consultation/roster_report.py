"""What a roster import tells the user about rows: refused, kept to settle, merged (catalogue ids roster.*)."""

from __future__ import annotations

from dataclasses import dataclass

from retrofit_app.core.words import N_, Msg, say

LINE = N_("roster.line")  # 第 {line} 行：{text}
# Why a row is refused: reason code → catalogue id; {value}, {field}, {written} and {same_as} filled in.
REASONS = {
    "missing": N_("roster.reason.missing"),
    "bad_area": N_("roster.reason.bad_area"),
    "bad_floor": N_("roster.reason.bad_floor"),
    "bad_kind": N_("roster.reason.bad_kind"),
    "bad_vote": N_("roster.reason.bad_vote"),
    "bad_method": N_("roster.reason.bad_method"),
    "bad_date": N_("roster.reason.bad_date"),
    "bad_id": N_("roster.reason.bad_id"),
    "number_not_text": N_("roster.reason.number_not_text"),
    "too_many_ids": N_("roster.reason.too_many_ids"),
    "duplicate": N_("roster.reason.duplicate"),
    "duplicate_spelled": N_("roster.reason.duplicate_spelled"),
    "differs": N_("roster.reason.differs"),
    "from_above": N_("roster.reason.from_above"),
    "too_long": N_("roster.reason.too_long"),
}
# A refused row's reason as its flat keeps it (Rejection.stored), in a few words: {field} filled in.
REFUSED_REASONS = {
    "missing": N_("refused.missing"),
    "bad_area": N_("refused.bad_area"),
    "bad_floor": N_("refused.bad_floor"),
    "bad_kind": N_("refused.bad_kind"),
    "bad_vote": N_("refused.bad_vote"),
    "bad_method": N_("refused.bad_method"),
    "bad_date": N_("refused.bad_date"),
    "bad_id": N_("refused.bad_id"),
    "number_not_text": N_("refused.number_not_text"),
    "too_many_ids": N_("refused.too_many_ids"),
    "duplicate": N_("refused.duplicate"),
    "duplicate_spelled": N_("refused.duplicate_spelled"),
    "differs": N_("refused.differs"),
    "from_above": N_("refused.from_above"),
    "too_long": N_("refused.too_long"),
}
# How a sentence names a roster column.
FIELDS = {
    "building": N_("roster.field.building"),
    "unit": N_("roster.field.unit"),
    "room": N_("roster.field.room"),
    "owner": N_("roster.field.owner"),
    "tenant": N_("roster.field.tenant"),
    "note": N_("roster.field.note"),
    "tenant_opinion": N_("roster.field.tenant_opinion"),
    "objection": N_("roster.field.objection"),
    "reason": N_("roster.field.reason"),
    "cost_share": N_("roster.field.cost_share"),
    "id_number": N_("roster.field.id_number"),
    "phone": N_("roster.field.phone"),
}
# A kept flat's problem (blocking.FLAT_PROBLEMS code) and a vote not recorded for it.
KEPT = N_("roster.kept")  # 第 {line} 行（{place}）已保留为待核实户：{problems}
NOTED = N_("roster.noted")  # 第 {line} 行（{place}）：{problems} (a vote not recorded, nothing to settle)
PROBLEMS = {
    "area_unknown": N_("roster.kept.area_unknown"),
    "owner_unknown": N_("roster.kept.owner_unknown"),
    "tenant_only": N_("roster.kept.tenant_only"),
    "vote_dropped": N_("roster.kept.vote_dropped"),
    "row_refused": N_("roster.kept.row_refused"),  # {value}: the row's reasons
}
AREA_BLANK = N_("roster.kept.area_blank")  # no area written at all
# A row taken as it stands whose flat a later, refused row names too: {lines}, {value}.
ALSO_REFUSED = N_("roster.kept.row_refused_also")
# A refused row whose building or unit cannot be read: no scope to keep it in.
UNPLACED = N_("roster.unplaced")
SEPARATOR = N_("roster.separator")  # "；" between a row's problems
MERGED = N_("roster.merged")  # 第 {line} 行：“{written}”与“{same_as}”是同一{what}，已合并
WHAT = {
    "building": N_("roster.what.building"),
    "unit": N_("roster.what.unit"),
    "room": N_("roster.what.room"),
}


@dataclass(frozen=True)
class Rejection:
    """A row refused as a whole, for one reason (a row may have several)."""

    line: int
    reason: str
    value: str = ""
    field: str = ""
    written: str = ""  # a duplicate: this line's spelling of the flat, and the earlier line's
    same_as: str = ""

    def sentence(self, lang: str = "zh") -> str:
        return say(LINE, lang, line=self.line, text=self.reason_text(lang))

    def reason_text(self, lang: str = "zh") -> str:
        """Why, without the line: “意见“同 意”无法识别……”."""
        field = Msg(FIELDS[self.field]) if self.field in FIELDS else self.field
        return say(REASONS[self.reason], lang, value=self.value, field=field,
                   written=self.written, same_as=self.same_as)  # fmt: skip

    @property
    def stored(self) -> str:
        """The reason as a refused flat keeps it (blocking.REFUSED + this): "too_long.note"."""
        return f"{self.reason}.{self.field}" if self.field else self.reason


@dataclass(frozen=True)
class Problem:
    """Why a kept flat cannot be counted as it stands: a blocking.FLAT_PROBLEMS code (or
    "vote_dropped") and the value as written (the area, the tenant's name, the vote)."""

    code: str
    value: str = ""
    refusals: tuple[Rejection, ...] = ()  # row_refused: why the row was refused

    def text(self, lang: str = "zh", line: int = 0) -> str:
        """The problem in words; `line` is the kept row's own (a refusal of other lines only
        says those lines also name the flat)."""
        if not self.refusals:
            if self.code == "area_unknown" and not self.value:
                return say(AREA_BLANK, lang)
            return say(PROBLEMS[self.code], lang, value=self.value)
        value = say(SEPARATOR, lang).join(r.reason_text(lang) for r in self.refusals)
        lines = sorted({r.line for r in self.refusals})
        if line and line not in lines:
            shown = say("join.rooms", lang).join(map(str, lines))
            return say(ALSO_REFUSED, lang, lines=shown, value=value)
        return say(PROBLEMS[self.code], lang, value=value)


def kept_sentence(line: int, place: str, problems: tuple[Problem, ...], lang: str = "zh") -> str:
    """第 7 行（1幢1单元102）已保留为待核实户：面积“0”不是有效的专有面积……"""
    listed = say(SEPARATOR, lang).join(p.text(lang, line) for p in problems)
    to_settle = any(p.code != "vote_dropped" for p in problems)
    return say(KEPT if to_settle else NOTED, lang, line=line, place=place, problems=listed)


@dataclass(frozen=True)
class Merged:
    """Two spellings of one building, unit or flat taken as the same (a warning, not an error)."""

    line: int
    what: str  # "building", "unit" or "room"
    written: str  # as this line writes it
    same_as: str  # as written before (an earlier line or the project)

    def sentence(self, lang: str = "zh") -> str:
        return say(MERGED, lang, line=self.line, written=self.written, same_as=self.same_as,
                   what=Msg(WHAT[self.what]))  # fmt: skip


def refused_text(stored: str, lang: str = "zh") -> str:
    """A stored reason (“number_not_text.id_number”) in a few words: “证件号被 Excel 存成了数字…”."""
    reason, _, column = stored.partition(".")
    if reason not in REFUSED_REASONS:
        return stored  # written by a later version: shown as it is rather than hidden
    field = Msg(FIELDS[column]) if column in FIELDS else column
    return say(REFUSED_REASONS[reason], lang, field=field)
