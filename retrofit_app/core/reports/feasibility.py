"""The elevator feasibility record (加装电梯可行性) of a unit or building: what the street office files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from retrofit_app.core.checklists.model import Checklist, Defect
from retrofit_app.core.checklists.progress import visible_slots
from retrofit_app.core.consultation.explain import blocking_sentences, missing_text
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import Estate
from retrofit_app.core.reports.blocks import data_table, facts_table, widths
from retrofit_app.core.reports.consultation_facts import (
    ConsultationFacts,
    consultation_facts,
    tally_lines,
    undecided_notes,
)
from retrofit_app.core.reports.context import ReportContext, note, numbered_heading, subheading
from retrofit_app.core.reports.facts import EstateFacts, estate_facts, photos, resolve_scope
from retrofit_app.core.reports.photo_choice import photo_keys
from retrofit_app.core.reports.photo_pages import (
    before_after_slots,
    figure_numbers,
    photo_grid_pages,
    placed,
    prepare_photos,
)
from retrofit_app.core.reports.signed_votes import signed_votes_table
from retrofit_app.core.reports.wording import EMPTY

if TYPE_CHECKING:
    from retrofit_app.core.project import Project

TEMPLATE_ID = "elevator_feasibility"
# Feasibility is settled at the survey and the design; completion items belong to acceptance.
STAGES = ("survey", "design")


@dataclass
class Scope:
    """The units a record covers (one, or those of a building) and the checklists filled for them."""

    label: str
    units: list[dict[str, Any]]
    places: set[str]  # the units' and their buildings' uuids: a consultation of either counts
    checklists: list[Checklist] = field(default_factory=list)


def feasibility_scope(project: Project, facts: EstateFacts, text: str | None) -> Scope:
    """The unit or building named by `text` ('1幢2单元', '1幢'); a record needs one."""
    if not text or not text.strip():
        raise RetrofitError(ErrorCode.FEASIBILITY_NEEDS_SCOPE)
    kind, uuid = resolve_scope(facts, text)
    units = [
        u for u in facts.units if (u["uuid"] if kind == "unit" else u["building_uuid"]) == uuid
    ]
    places = {u["uuid"] for u in units} | {u["building_uuid"] for u in units} | {uuid}
    found = [
        c
        for c in project.checklists.of_estate(facts.estate.uuid)
        if c.template.template_id == TEMPLATE_ID and c.target_uuid in places
    ]
    return Scope("".join(text.split()), units, places, found)


def _item_rows(
    ctx: ReportContext, checklist: Checklist, figures: dict[tuple, list[int]]
) -> tuple[list[list[object]], list[tuple[str, str]], int, int]:
    """The answered items as table rows (with their photos' figure numbers), the open questions
    (required items not answered, items that fail; each item once), how many items are asked
    and how many have an answer (an item checked at survey and design counts once)."""
    words, template = ctx.words, checklist.template
    shown = visible_slots(template, checklist.values())
    rows: list[list[object]] = []
    questions: list[tuple[str, str]] = []  # (item id, sentence)
    asked: set[str] = set()
    answered: set[str] = set()
    for item in template.items:
        section = template.section(item.section)
        section_words = words.pick(section.zh, section.en) if section else ""
        for stage in (s for s in item.stages if s in STAGES and (item.id, s) in shown):
            asked.add(item.id)
            answer = checklist.answers.get((item.id, stage))
            name = words.pick(item.zh, item.en)
            if answer is None or answer.value is None:
                if item.required and item.id not in {q[0] for q in questions}:
                    questions.append((item.id, words("feas.unanswered", target=checklist.target_label,
                                           item=name, section=section_words)))  # fmt: skip
                continue
            answered.add(item.id)
            shown_answer = item.option_label(answer.value, words.lang)
            if item.fails(answer.value, stage):
                questions.append((item.id, words("feas.failed", target=checklist.target_label,
                                                 item=name, answer=shown_answer)))  # fmt: skip
            numbers = figures.get(("item", checklist.uuid, item.id), [])
            rows.append([
                len(rows) + 1, section_words, name, shown_answer,
                item.verdict_label(answer.value, stage, words.lang), answer.note or "",
                _figures(ctx, numbers),
            ])  # fmt: skip
    return rows, questions, len(asked), len(answered)


def _figures(ctx: ReportContext, numbers: list[int]) -> str:
    """The figure numbers of an item's photos, as the report cites them."""
    return ctx.words.join([ctx.words("photo.figure", n=n) for n in numbers])


def _photos(ctx: ReportContext, estate: Estate, scope: Scope) -> tuple[list[dict], list, dict]:
    """The photos linked to the scope's feasibility items (or their defects), prepared for print,
    their grid slots and each item's figure numbers."""
    uuids = {c.uuid for c in scope.checklists}
    defects = {
        d.uuid: (d.checklist_uuid or "", d.item_id)
        for d in ctx.project.checklists.defects.of_estate(estate.uuid)
        if d.checklist_uuid in uuids
    }
    keys = {p.uuid: photo_keys(p, uuids, defects) for p in ctx.project.photos.list(estate.uuid)}
    listed = [r for r in photos(ctx.project, estate.uuid) if keys.get(r["uuid"])]
    written = prepare_photos(ctx.project, listed, progress=ctx.progress, cancelled=ctx.cancelled)
    slots = placed(written, before_after_slots(written)) or []
    figures: dict[tuple, list[int]] = {}
    for uuid, number in figure_numbers(slots).items():
        for key in keys[uuid]:
            figures.setdefault(key, []).append(number)
    return written, slots, figures


def _basics(ctx: ReportContext, facts: EstateFacts, scope: Scope) -> list[Flowable]:
    """The estate, the scope and its building's facts (the 文号 is in every page's header)."""
    words, estate = ctx.words, facts.estate
    buildings = {u["building_uuid"] for u in scope.units}
    shown = [b for b in facts.buildings if b["uuid"] in buildings]
    rows: list[tuple[str, object]] = [
        ("fact.estate", words("paren", text=estate.name, inner=estate.code)),
        ("fact.place", words.join(facts.place_parts, "place")),
        ("fact.address", estate.address or EMPTY),
        ("feas.scope", scope.label),
        ("cover.date", words.date(ctx.options.report_date())),
    ]
    for b in shown:
        rows += [
            ("col.building", b["name"]),
            ("col.storeys", b["storeys"] or EMPTY),
            ("col.structure", b["structure"] or EMPTY),
            ("col.safety", b["safety_grade"] or EMPTY),
            ("fact.year_built", b["year_built"] or estate.year_built or EMPTY),
            ("fact.households", words("count.households", n=words.count(b["households"]))),
        ]
    return [
        numbered_heading(ctx, 1, "feas.basics"),
        facts_table(ctx.styles, [(words(k), v) for k, v in rows]),
    ]


def _consultation(
    ctx: ReportContext, found: list[ConsultationFacts], scope: Scope
) -> tuple[list[Flowable], list[str], str]:
    """Each consultation of the scope's units or building: the tally, what to settle first when it
    cannot be concluded (待核实); the open questions it leaves; the result in words."""
    words = ctx.words
    story: list[Flowable] = [numbered_heading(ctx, 3, "feas.consultation")]
    if not found:
        missing = words("feas.no_consultation", scope=scope.label)
        return story + [note(ctx, missing)], [missing], words.passed(False)
    questions: list[str] = []
    for c in found:
        title = words("feas.consultation_of", scope=c.scope_name, rule=c.rule_short)
        story += [subheading(ctx, title), facts_table(ctx.styles, tally_lines(c.tally, words))]
        story += undecided_notes(ctx, c.tally, c.scope_name)
        story += _signed_votes(ctx, c)
        if c.tally.passed:
            continue
        left = missing_text(c.tally, words.lang)
        if left:
            story.append(note(ctx, left))
        reasons = [*blocking_sentences(c.tally, words.lang, public=True), left]
        questions.append(words("feas.consult_missing", scope=c.scope_name,
                               result=words.passed(c.tally.passed),
                               reasons=words.join([r for r in reasons if r])))  # fmt: skip
    results = {c.tally.passed for c in found}
    overall = None if None in results else all(results)
    return story, questions, words.passed(overall)


def _signed_votes(ctx: ReportContext, found: ConsultationFacts) -> list[Flowable]:
    """The owners' consent signed on the window's pad, drawn as signed (issue 20); nothing when
    every owner signed on paper."""
    signed = ctx.project.signatures.of_consultation(found.record["uuid"])
    table = signed_votes_table(ctx.styles, ctx.words, found.roster, signed)
    if table is None:
        return []
    heading = ctx.words("feas.signed_consents", scope=found.scope_name)
    return [Spacer(1, 2 * mm), subheading(ctx, heading, room=30 * mm), table]


def _checklist_section(
    ctx: ReportContext, checklist: Checklist, figures: dict[tuple, list[int]], defects: list[Defect]
) -> tuple[list[Flowable], list[str], int, int]:
    """One checklist's table of answers, its open questions (unanswered and failed items, then
    its other unresolved defects), and how many items it asks and has answered."""
    words = ctx.words
    rows, open_items, count, done = _item_rows(ctx, checklist, figures)
    questions = [q for _, q in open_items]
    said = {item_id for item_id, _ in open_items}
    questions += [
        words("feas.defect", target=checklist.target_label, text=d.description)
        for d in defects
        if d.checklist_uuid == checklist.uuid and d.unresolved and d.item_id not in said
    ]
    header = ["col.no", "col.section", "col.item", "col.answer", "col.verdict", "col.note",
              "col.photos"]  # fmt: skip
    table = (
        data_table(ctx.styles, words.labels(header), rows, widths(30, 60, 130, 70, 44, 80, 45))
        if rows
        else note(ctx, words("feas.no_answers"))
    )
    return [subheading(ctx, checklist.target_label), table], questions, count, done


def _failed(checklists: list[Checklist]) -> int:
    """How many answers fail their item, at survey and design."""
    return sum(
        1
        for c in checklists
        for (item_id, stage), a in c.answers.items()
        if stage in STAGES and (i := c.template.item(item_id)) and i.fails(a.value, stage)
    )


def feasibility_story(
    ctx: ReportContext, estate: Estate, scope_text: str | None
) -> tuple[list[Flowable], int, str]:
    """The record's flowables, the number of photos placed and the scope's label."""
    words = ctx.words
    facts = estate_facts(ctx.project, estate)
    scope = feasibility_scope(ctx.project, facts, scope_text)
    written, slots, figures = _photos(ctx, estate, scope)
    story = _basics(ctx, facts, scope)
    story.append(numbered_heading(ctx, 2, "feas.items"))
    questions: list[str] = []
    answered = asked = 0
    defects = ctx.project.checklists.defects.of_estate(estate.uuid, lang=words.lang)
    if not scope.checklists:
        missing = words("feas.no_checklist", scope=scope.label)
        story.append(note(ctx, missing))
        questions.append(missing)
    for checklist in scope.checklists:
        section, asks, count, done = _checklist_section(ctx, checklist, figures, defects)
        story += section
        questions += asks
        answered, asked = answered + done, asked + count
    found = [
        c
        for c in consultation_facts(ctx.project, estate.uuid, words=words)
        if c.record["subject"] == "elevator" and c.record["scope_uuid"] in scope.places
    ]
    consult_story, consult_questions, result = _consultation(ctx, found, scope)
    story += consult_story
    failed = _failed(scope.checklists)
    story += [numbered_heading(ctx, 4, "feas.open")]
    questions += consult_questions
    story += [note(ctx, f"{n}. {q}") for n, q in enumerate(questions, 1)] or [
        note(ctx, words("feas.no_open"))
    ]
    summary = words("feas.summary", answered=answered, total=asked, failed=failed, result=result)
    story += [Spacer(1, 3 * mm), note(ctx, summary)]
    story.append(KeepTogether([Spacer(1, 12 * mm), note(ctx, words("feas.sign_line"))]))
    heading = numbered_heading(ctx, 5, "feas.photos")
    if written:
        story += photo_grid_pages(
            ctx.styles, words, written, ctx.options.photo_grid, heading, slots
        )
    else:
        story += [heading, note(ctx, words("feas.no_photos"))]
    return story, len(written), scope.label
