"""The acceptance report (竣工验收报告) of one estate."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from retrofit_app.core.model import Estate
from retrofit_app.core.reports.blocks import data_table, facts_table, signature_boxes, widths
from retrofit_app.core.reports.checklist_facts import (
    ChecklistFacts,
    EstateChecklists,
    defect_status_label,
    estate_checklists,
)
from retrofit_app.core.reports.consultation_facts import consultation_facts, share_of
from retrofit_app.core.reports.context import ReportContext, note, numbered_heading, subheading
from retrofit_app.core.reports.estate_map import estate_map
from retrofit_app.core.reports.facts import EstateFacts, estate_facts, photos
from retrofit_app.core.reports.layout import FRAME_WIDTH
from retrofit_app.core.reports.options import PARTY_KEYS
from retrofit_app.core.reports.photo_pages import photo_grid_pages, prepare_photos
from retrofit_app.core.reports.styles import para
from retrofit_app.core.reports.wording import EMPTY


def _labelled(ctx: ReportContext, rows: Sequence[tuple[str, object]]) -> list[tuple[str, object]]:
    """(wording key, value) pairs → (label, value) pairs for a facts table."""
    return [(ctx.words(key), value) for key, value in rows]


def cover(ctx: ReportContext, facts: EstateFacts, title: str, doc_number: str) -> list[Flowable]:
    s, o, words = ctx.styles, ctx.options, ctx.words
    estate = facts.estate
    rows = [
        ("cover.number", doc_number),
        ("cover.estate", words("paren", text=estate.name, inner=estate.code)),
        ("cover.place", words.join(facts.place_parts, "place")),
        ("cover.address", estate.address),
        ("party.client", o.parties.get("client", "")),
        ("cover.office", o.office(words)),
        ("cover.date", words.date(o.report_date())),
    ]
    return [
        Spacer(1, 45 * mm),
        para(words("cover.project", estate=estate.name), s.subtitle),
        Spacer(1, 6 * mm),
        para(title, s.title),
        Spacer(1, 40 * mm),
        facts_table(s, _labelled(ctx, rows), columns=1),
        PageBreak(),
    ]


def overview(
    ctx: ReportContext, facts: EstateFacts, checklists: list[ChecklistFacts]
) -> list[Flowable]:
    s, o, words, estate = ctx.styles, ctx.options, ctx.words, facts.estate
    items = words.join(list(dict.fromkeys(c.template for c in checklists if not c.acceptance)))
    rows = [
        ("fact.estate", estate.name), ("fact.code", estate.code),
        ("fact.place", words.join(facts.place_parts, "place")), ("fact.address", estate.address),
        ("fact.year_built", estate.year_built or EMPTY), ("fact.stage", words(f"stage.{estate.stage}")),
        ("fact.buildings", words("count.buildings", n=words.count(len(facts.buildings)))),
        ("fact.units", words("count.units", n=words.count(len(facts.units)))),
        ("fact.households", words("count.households", n=words.count(facts.households))),
        ("fact.area", words.area(facts.area)),
        ("fact.content", items or EMPTY), ("fact.contract", o.contract or EMPTY),
    ]  # fmt: skip
    rows += [(f"party.{key}", o.parties.get(key, "") or EMPTY) for key in PARTY_KEYS[:4]]
    building_rows = [
        [
            b["name"],
            b["storeys"] or "",
            b["structure"],
            b["safety_grade"] or EMPTY,
            b["units"],
            b["households"],
        ]
        for b in facts.buildings
    ]
    header = [
        "col.building",
        "col.storeys",
        "col.structure",
        "col.safety",
        "col.units",
        "col.households",
    ]
    return [
        numbered_heading(ctx, 1, "acc.overview"),
        facts_table(s, _labelled(ctx, rows)),
        Spacer(1, 4 * mm),
        subheading(ctx, words("acc.buildings")),
        data_table(s, words.labels(header), building_rows, widths(1.7, 1, 1.3, 1.2, 1, 1.4)),
    ]


def inspection(ctx: ReportContext, checklists: list[ChecklistFacts]) -> list[Flowable]:
    words = ctx.words
    story: list[Flowable] = [numbered_heading(ctx, 2, "acc.inspection")]
    chosen = [c for c in checklists if c.acceptance] or checklists
    if not chosen:
        return story + [note(ctx, words("acc.no_checklist"))]
    for found in chosen:
        heading = subheading(ctx, words("paren", text=found.template, inner=found.target))
        # A list whose stages are not due yet would print a bare header row.
        table = _checklist_table(ctx, found) if found.lines else note(ctx, words("acc.none_due"))
        story += [heading, table]
    return story


def _checklist_table(ctx: ReportContext, found: ChecklistFacts) -> Flowable:
    # A stage column only when the list checks items at more than one stage (survey, completion).
    staged = len(found.stages) > 1
    not_checked = ctx.words("check.not_checked")
    rows = [
        [i + 1, line.section, line.item]
        + ([line.stage] if staged else [])
        + [line.answer or not_checked, line.verdict, line.note]
        for i, line in enumerate(found.lines)
    ]
    header = (
        ["col.no", "col.section", "col.item"]
        + (["col.stage"] if staged else [])
        + ["col.answer", "col.verdict", "col.note"]
    )
    # Shares of the 459 pt text width: each column fits its longest English word ("Enhancement",
    # "Completion", "rectification"), a date answer and a Chinese item of 11 characters one line.
    fractions = (33, 75, 128, 65, 70, 44, 44) if staged else (33, 75, 170, 72, 44, 65)
    return data_table(ctx.styles, ctx.words.labels(header), rows, widths(*fractions))


def rectification(ctx: ReportContext, checks: EstateChecklists) -> list[Flowable]:
    words, found = ctx.words, checks.defects
    story: list[Flowable] = [numbered_heading(ctx, 3, "acc.problems")]
    if not found:
        return story + [note(ctx, words("acc.no_problems"))]
    open_count = len(checks.open_defects)
    story.append(note(ctx, words("acc.problem_count", found=len(found), open=open_count)))
    rows = [
        [i + 1, d.description, d.responsible, d.deadline or EMPTY, defect_status_label(d, words)]
        for i, d in enumerate(found)
    ]
    header = ["col.no", "col.problem", "col.responsible", "col.deadline", "col.status"]
    story.append(
        data_table(ctx.styles, words.labels(header), rows, widths(0.75, 3.6, 1.6, 1.5, 1.4))
    )
    return story


def elevator_consultations(ctx: ReportContext, estate: Estate) -> list[Flowable]:
    words = ctx.words
    found = [
        c
        for c in consultation_facts(ctx.project, estate.uuid, words=words)
        if c.record["subject"] == "elevator"
    ]
    story: list[Flowable] = [numbered_heading(ctx, 4, "acc.elevators")]
    if not found:
        return story + [note(ctx, words("acc.no_elevators"))]
    rows = []
    for c in found:
        t = c.tally
        agree = words("count.people", n=words.count(t.owners_agree))
        rows.append([
            c.scope_name, c.rule_short, f"{t.owners_voted}/{t.owners_total}",
            f"{agree}\n{share_of(t, 'approval_heads')}",
            f"{words.area(float(t.area_agree))}\n{share_of(t, 'approval_area')}",
            words.passed(t.passed), c.status_label,
        ])  # fmt: skip
    header = ["col.scope", "col.rule", "col.voted", "col.agree_heads", "col.agree_area",
              "col.result", "col.status"]  # fmt: skip
    table = data_table(
        ctx.styles, words.labels(header), rows, widths(1.3, 1.4, 1.0, 1.1, 1.5, 1.0, 1.3)
    )
    return story + [table]


def site_map(ctx: ReportContext, facts: EstateFacts) -> list[Flowable]:
    words = ctx.words
    drawing = estate_map(
        ctx.styles.font, words, facts.estate.boundary, facts.buildings, FRAME_WIDTH
    )
    heading = numbered_heading(ctx, 5, "acc.map")
    if drawing is None:
        return [heading, note(ctx, words("acc.no_map"))]
    return [
        CondPageBreak(130 * mm),
        heading,
        drawing,
        para(words("acc.map_note"), ctx.styles.small),
    ]


def photo_section(ctx: ReportContext, estate: Estate) -> tuple[list[Flowable], int]:
    listed = photos(ctx.project, estate.uuid)
    written = prepare_photos(ctx.project, listed, progress=ctx.progress, cancelled=ctx.cancelled)
    heading = numbered_heading(ctx, 6, "acc.photos")
    if not written:
        return [heading, note(ctx, ctx.words("acc.no_photos"))], 0
    grid = photo_grid_pages(ctx.styles, ctx.words, written, ctx.options.photo_grid, heading)
    return grid, len(written)


def conclusion(ctx: ReportContext, estate: Estate, checks: EstateChecklists) -> list[Flowable]:
    open_count = len(checks.open_defects)
    text = ctx.options.conclusion
    if not text and open_count:
        text = ctx.words("acc.conclusion_open", estate=estate.name, open=open_count)
    elif not text:
        text = ctx.words("acc.conclusion_pass", estate=estate.name)
    return [PageBreak(), numbered_heading(ctx, 7, "acc.conclusion"), note(ctx, text)]


def signatures(ctx: ReportContext) -> list[Flowable]:
    parties = [(key, ctx.options.parties.get(key, "")) for key in PARTY_KEYS]
    boxes = signature_boxes(ctx.styles, ctx.words, parties)
    return [
        Spacer(1, 4 * mm),
        KeepTogether([numbered_heading(ctx, 8, "acc.signatures"), boxes]),
    ]


def acceptance_story(
    ctx: ReportContext, estate: Estate, title: str, doc_number: str
) -> tuple[list[Flowable], int]:
    """The report's flowables and the number of photos placed."""
    facts = estate_facts(ctx.project, estate)
    checks = estate_checklists(ctx.project, estate.uuid, ctx.words)
    photo_story, photo_count = photo_section(ctx, estate)
    story = (
        cover(ctx, facts, title, doc_number)
        + overview(ctx, facts, checks.checklists)
        + inspection(ctx, checks.checklists)
        + rectification(ctx, checks)
        + elevator_consultations(ctx, estate)
        + site_map(ctx, facts)
        + photo_story
        + conclusion(ctx, estate, checks)
        + signatures(ctx)
    )
    return story, photo_count
