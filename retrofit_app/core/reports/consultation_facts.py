"""Consultations as the reports show them: rule, tally (from core/consultation), roster with votes."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable

from retrofit_app.core.consultation.explain import blocking_sentences, counted_share
from retrofit_app.core.consultation.public_notice import NoticeState
from retrofit_app.core.consultation.rules import RuleSet, rule_set
from retrofit_app.core.consultation.tally import Tally
from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.privacy import mask_name
from retrofit_app.core.reports.context import ReportContext, note
from retrofit_app.core.reports.wording import Wording
from retrofit_app.core.storage import queries, report_queries

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


@dataclass(frozen=True)
class ConsultationFacts:
    record: dict[str, Any]
    scope_name: str
    rule: RuleSet
    tally: Tally
    roster: list[dict[str, Any]]  # each with "owners_masked" and labels; never a phone or ID number
    words: Wording
    notice: NoticeState | None = None  # the status and period every screen and report prints

    @property
    def status(self) -> str:
        return self.notice.status if self.notice else self.record["status"]

    @property
    def status_label(self) -> str:
        return self.words.keyed("status", self.status, self.status)

    @property
    def rule_title(self) -> str:
        return self.words.pick(self.rule.title_zh, self.rule.title_en)

    @property
    def rule_short(self) -> str:
        """The rule's name without its explanation in brackets: 民法典第278条, Civil Code Art. 278."""
        return self.rule_title.split("（")[0].split(" (")[0]


def _rule(name: str) -> RuleSet:
    try:
        return rule_set(name)
    except RetrofitError:
        # A rule set not shipped with this copy of the program: say so by showing the default.
        return rule_set(None)


def consultation_facts(
    project: Project,
    estate_uuid: str,
    scope_uuid: str | None = None,
    words: Wording | None = None,
) -> list[ConsultationFacts]:
    """The estate's consultations (only the one covering `scope_uuid` when given), tallied."""
    words = words or Wording()
    with project.read():
        records = report_queries.consultation_rows(project.db, estate_uuid)
    if scope_uuid:
        records = [r for r in records if r["scope_uuid"] == scope_uuid]
    tallies = _tallies(project, estate_uuid, {r["subject"] for r in records})
    found = []
    with project.read():
        db = project.db
        for record in records:
            roster = report_queries.roster_rows(
                db, record["uuid"], record["scope_kind"], record["scope_uuid"]
            )
            owners = queries.owners_of_households(db, [r["uuid"] for r in roster])
            rule = _rule(record["rule_set"])
            result = tallies[record["uuid"]]
            _label_roster(roster, owners, words)
            scope_name = record["scope_name"] or ""
            state = project.consultations.notice_state(record["uuid"])
            found.append(ConsultationFacts(record, scope_name, rule, result, roster, words, state))
    return found


def _tallies(project: Project, estate_uuid: str, subjects: set[str]) -> dict[str, Tally]:
    """Each consultation's tally as the Consultation tab and `tally` show it, with the flats
    kept to settle and the open identity questions: a notice never concludes what the
    program cannot."""
    tallies: dict[str, Tally] = {}
    for subject in subjects:
        for scope in project.consultations.tally_estate(estate_uuid, subject=subject):
            if scope.consultation:
                tallies[scope.consultation.uuid] = scope.result
    return tallies


def _label_roster(
    roster: list[dict[str, Any]], owners: dict[str, list[dict[str, Any]]], words: Wording
) -> None:
    """Each row's owners masked as a notice prints them, its vote and how it was asked in words."""
    for row in roster:
        row["owners_masked"] = words.join([mask_name(o["name"]) for o in owners[row["uuid"]]])
        row["choice_label"] = words.keyed("choice", row["choice"], row["choice"])
        row["method_label"] = words.keyed("method", row["method"] or "-", row["method"])


def tally_lines(result: Tally, words: Wording) -> list[tuple[str, str]]:
    """The tally as label/value pairs for a facts table."""
    quorum, approval = result.rule.quorum, result.rule.approval

    def people(count: int, share: str | None = None) -> str:
        text = words("count.people", n=words.count(count))
        return words("with_share", value=text, share=share) if share else text

    def area(value: Fraction, share: str) -> str:
        return words("with_share", value=words.area(float(value)), share=share)

    op = "≥" if approval.inclusive else ">"
    lines = [
        ("tally.owners", people(result.owners_total)),
        ("tally.area", words.area(float(result.area_total))),
        ("tally.voted_heads", people(result.owners_voted, share_of(result, "participation_heads"))),
        ("tally.voted_area", area(result.area_voted, share_of(result, "participation_area"))),
        ("tally.agree_heads", people(result.owners_agree, share_of(result, "approval_heads"))),
        ("tally.agree_area", area(result.area_agree, share_of(result, "approval_area"))),
        ("tally.object_heads", people(result.owners_object)),
        ("tally.abstain_heads", people(result.owners_abstain)),
        (
            "tally.quorum",
            words("tally.quorum_rule", area=quorum.area, heads=quorum.heads)
            if quorum
            else words("tally.no_quorum"),
        ),
        (
            "tally.approval",
            words("tally.approval_rule", op=op, area=approval.area, heads=approval.heads),
        ),
        ("tally.quorum_met", words("tally.reached" if result.quorum_met else "tally.not_reached")),
        ("tally.result", words.passed(result.passed)),
    ]
    if result.rule.no_objection:
        lines.append(
            (
                "tally.no_objection",
                words("tally.met" if result.no_objection_met else "tally.not_met"),
            )
        )
    return [(words(key), value) for key, value in lines]


def share_of(result: Tally, name: str) -> str:
    """As counted, with a percentage never rounded across the rule's threshold: “6/9, 66.67%”."""
    shown = counted_share(result, name, places=2)
    if shown is None:
        return "—"
    part, whole, percent = shown
    unit = " m²" if name.endswith("area") else ""
    return f"{part}/{whole}{unit}, {percent}"


def undecided_notes(ctx: ReportContext, result: Tally, scope_name: str = "") -> list[Flowable]:
    """For a result that cannot be concluded yet: what must be settled first, in words.

    Reports are posted and handed round: the names of an identity question stay out.
    """
    if not result.blocking:
        return []
    lead = ctx.words("tally.cannot_conclude")
    lines = [
        ctx.words("tally.cannot_conclude_scope", scope=scope_name, text=lead)
        if scope_name
        else lead
    ] + [f"· {line}" for line in blocking_sentences(result, ctx.words.lang, public=True)]
    return [note(ctx, line) for line in lines]
