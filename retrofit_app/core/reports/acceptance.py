"""The acceptance report (竣工验收报告) of one estate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from retrofit_app.core.checklists.acceptance_verdict import (
    CONCLUSION_ITEM,
    AcceptanceVerdict,
    ItemResult,
    Verdict,
)
from retrofit_app.core.checklists.sources import BASIS_LABELS
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import Estate
from retrofit_app.core.reports.acceptance_record import (
    RecordFacts,
    record_note,
    record_rows,
    signer_text,
)
from retrofit_app.core.reports.blocks import data_table, facts_table, signature_boxes, widths
from retrofit_app.core.reports.checklist_facts import (
    ChecklistFacts,
    ChecklistLine,
    estate_checklists,
)
from retrofit_app.core.reports.consultation_facts import consultation_facts, share_of
from retrofit_app.core.reports.context import ReportContext, note, numbered_heading, subheading
from retrofit_app.core.reports.estate_map import estate_map
from retrofit_app.core.reports.facts import EstateFacts, estate_facts, photos
from retrofit_app.core.reports.layout import FRAME_WIDTH
from retrofit_app.core.reports.options import ACCEPTANCE_SECTIONS
from retrofit_app.core.reports.photo_choice import acceptance_photos
from retrofit_app.core.reports.photo_pages import photo_grid_pages, placed, prepare_photos
from retrofit_app.core.reports.styles import para
from retrofit_app.core.reports.wording import EMPTY


def _labelled(ctx: ReportContext, rows: Sequence[tuple[str, object]]) -> list[tuple[str, object]]:
    """(wording key, value) pairs → (label, value) pairs for a facts table."""
    return [(ctx.words(key), value) for key, value in rows]


def cover(
    ctx: ReportContext, facts: EstateFacts, title: str, doc_number: str, record: RecordFacts
) -> list[Flowable]:
    s, o, words = ctx.styles, ctx.options, ctx.words
    estate = facts.estate
    rows = [
        ("cover.number", doc_number),
        ("cover.estate", words("paren", text=estate.name, inner=estate.code)),
        ("cover.place", words.join(facts.place_parts, "place")),
        ("cover.address", estate.address),
        ("party.client", record.name("client")),
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
    ctx: ReportContext, facts: EstateFacts, checklists: list[ChecklistFacts], record: RecordFacts
) -> list[Flowable]:
    s, o, words, estate = ctx.styles, ctx.options, ctx.words, facts.estate
    # The works actually done, as the record lists them; else the checklists' names.
    done = record.record.works_list() if record.record is not None else []
    templates = list(dict.fromkeys(c.template for c in checklists if not c.acceptance))
    items = words.join(done or templates)
    rows: list[tuple[str, object]] = [
        ("fact.estate", estate.name), ("fact.code", estate.code),
        ("fact.place", words.join(facts.place_parts, "place")), ("fact.address", estate.address),
        ("fact.year_built", estate.year_built or EMPTY), ("fact.stage", words(f"stage.{estate.stage}")),
        ("fact.buildings", words("count.buildings", n=words.count(len(facts.buildings)))),
        ("fact.units", words("count.units", n=words.count(len(facts.units)))),
        ("fact.households", words("count.households", n=words.count(facts.households))),
        ("fact.area", words.area(facts.area)),
        ("fact.works_done" if done else "fact.content", items or EMPTY),
    ]  # fmt: skip
    rows += record_rows(words, record, o)
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


def inspection(
    ctx: ReportContext, checklists: list[ChecklistFacts], verdict: AcceptanceVerdict
) -> list[Flowable]:
    words = ctx.words
    story: list[Flowable] = [numbered_heading(ctx, 2, "acc.inspection")]
    chosen = [c for c in checklists if c.acceptance] or checklists
    if not chosen:
        return story + [note(ctx, words("acc.no_checklist"))]
    for found in chosen:
        heading = subheading(ctx, words("paren", text=found.template, inner=found.target))
        if found.acceptance:  # its conclusion row prints the one verdict, never a recorded guess
            found = replace(found, lines=[_concluded(ctx, line, verdict) for line in found.lines])
        # A list whose stages are not due yet would print a bare header row.
        table = _checklist_table(ctx, found) if found.lines else note(ctx, words("acc.none_due"))
        story += [heading, table]
    summary = note(ctx, _items_summary(ctx, verdict.items, verdict))
    return story + [Spacer(1, 2 * mm), summary, *_failed_basis(ctx, verdict)]


def _failed_basis(ctx: ReportContext, verdict: AcceptanceVerdict) -> list[Flowable]:
    """Each failed item with what stands behind it: a legal requirement or the programme's choice."""
    failed, words = verdict.failed, ctx.words
    if not failed:
        return []
    legal = sum(i.basis == "legal" for i in failed)
    lines = [
        words("acc.failed_basis_line", n=n + 1, item=words.pick(i.name, i.name.en),
              basis=words(BASIS_LABELS[i.basis]), source=words.pick(i.source, i.source.en) or "—")
        for n, i in enumerate(failed)
    ]  # fmt: skip
    head = words("acc.failed_basis", failed=len(failed), legal=legal, other=len(failed) - legal)
    return [note(ctx, head), *(note(ctx, line) for line in lines)]


def _concluded(
    ctx: ReportContext, line: ChecklistLine, verdict: AcceptanceVerdict
) -> ChecklistLine:
    if line.item_id != CONCLUSION_ITEM:
        return line
    text = ctx.words(f"acc_verdict.{verdict.verdict}")
    recorded = ctx.words("acc.recorded", answer=line.answer) if line.answer else ""
    return replace(
        line,
        answer=text,
        verdict="",
        note=ctx.words.join([recorded, line.note]),
        failed=verdict.verdict is not Verdict.ACCEPTED,
    )


def _items_summary(ctx: ReportContext, items: list[ItemResult], verdict: AcceptanceVerdict) -> str:
    counts = {
        state: sum(i.state == state for i in items) for state in ("pending", "fail", "rectify")
    }
    summary = ctx.words(
        "acc.items_summary",
        total=len(items),
        passed=len(items) - sum(counts.values()),
        failed=counts["fail"] + counts["rectify"],
        pending=counts["pending"],
    )
    line = ctx.words("acc.verdict_line", verdict=ctx.words(f"acc_verdict.{verdict.verdict}"))
    return f"{summary}{line}"


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


def rectification(ctx: ReportContext, verdict: AcceptanceVerdict) -> list[Flowable]:
    """The construction defects: who rectifies, by when, re-inspection; survey findings apart."""
    words, found = ctx.words, verdict.open_items
    story: list[Flowable] = [numbered_heading(ctx, 3, "acc.problems")]
    if not found:
        story.append(note(ctx, words("acc.no_problems")))
    else:
        story.append(
            note(ctx, words("acc.problem_count", found=len(found), open=len(verdict.unresolved)))
        )
        rows = [
            [i + 1, o.defect.description, o.defect.responsible or EMPTY,
             o.defect.deadline or EMPTY, words(f"reinspection.{o.reinspection}")]
            for i, o in enumerate(found)
        ]  # fmt: skip
        header = ["col.no", "col.problem", "col.responsible", "col.deadline", "acc.reinspection"]
        story.append(
            data_table(ctx.styles, words.labels(header), rows, widths(0.75, 3.6, 1.6, 1.5, 1.4))
        )
    if verdict.survey_findings:
        story.append(note(ctx, words("acc.survey_findings", n=len(verdict.survey_findings))))
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
    """The chosen photos (photo_choice.py: by default the after photos of the acceptance items
    beside their befores), or a line saying none was chosen."""
    o = ctx.options
    listed, slots = acceptance_photos(ctx.project, estate.uuid, o.photo_choice, o.photo_uuids)
    written = prepare_photos(ctx.project, listed, progress=ctx.progress, cancelled=ctx.cancelled)
    heading = numbered_heading(ctx, 6, "acc.photos")
    if not written:
        total = len(photos(ctx.project, estate.uuid))
        said = ctx.words("acc.no_photos_chosen", n=total) if total else ctx.words("acc.no_photos")
        return [heading, note(ctx, said)], 0
    grid = photo_grid_pages(
        ctx.styles, ctx.words, written, o.photo_grid, heading, placed(written, slots)
    )
    return grid, len(written)


def conclusion(ctx: ReportContext, estate: Estate, verdict: AcceptanceVerdict) -> list[Flowable]:
    """The verdict's sentence, the override that stands over it, the team's words, the warnings."""
    words = ctx.words
    story: list[Flowable] = [PageBreak(), numbered_heading(ctx, 7, "acc.conclusion")]
    story.append(para(words("acc.verdict_line", verdict=words(f"acc_verdict.{verdict.verdict}")),
                      ctx.styles.h2))  # fmt: skip
    story.append(note(ctx, _conclusion_text(ctx, estate, verdict)))
    if verdict.override is not None:
        o = verdict.override
        story.append(note(ctx, words("acc.override", by=o.by, at=o.at[:16].replace("T", " "),
                                     reason=o.reason, derived=words(f"acc_verdict.{o.derived}"))))  # fmt: skip
    if ctx.options.conclusion:
        story.append(note(ctx, words("acc.team_words", text=ctx.options.conclusion)))
    return story + warnings_block(ctx, verdict)


def _conclusion_text(ctx: ReportContext, estate: Estate, verdict: AcceptanceVerdict) -> str:
    words, derived = ctx.words, verdict.derived
    if derived is Verdict.NOT_INSPECTED:
        if verdict.before_works:
            return words("acc_text.not_inspected_stage", estate=estate.name,
                         stage=words(f"stage.{verdict.stage}"))  # fmt: skip
        if not verdict.has_checklist:
            return words("acc_text.no_checklist", estate=estate.name)
        names = [words.pick(i.name, i.name.en) for i in verdict.remaining]
        return words("acc_text.not_inspected", estate=estate.name, remaining=len(names),
                     items=words.join(names))  # fmt: skip
    if derived is Verdict.REJECTED:
        failed = [i for i in verdict.items if i.state == "fail" and i.required]
        listed = words.join([words.pick(i.name, i.name.en) for i in failed])
        return words("acc_text.rejected", estate=estate.name, failed=len(failed), items=listed)
    if derived is Verdict.REINSPECT:
        open_count = len(verdict.unresolved) + sum(
            1
            for i in verdict.items
            if i.state in ("fail", "rectify") and not _has_defect(verdict, i)
        )
        return words("acc_text.reinspect", estate=estate.name, open=max(open_count, 1))
    return words("acc_text.accepted", estate=estate.name, items=len(verdict.items))


def _has_defect(verdict: AcceptanceVerdict, item: ItemResult) -> bool:
    return any(o.defect.item_id == item.item_id for o in verdict.unresolved)


def warnings_block(ctx: ReportContext, verdict: AcceptanceVerdict) -> list[Flowable]:
    """The cross-checks an official would make, one line each."""
    if not verdict.warnings:
        return []
    lines = [f"{i + 1}. {ctx.words(w.code, **w.params)}" for i, w in enumerate(verdict.warnings)]
    return [Spacer(1, 3 * mm), subheading(ctx, ctx.words("acc.warnings"), room=15 * mm)] + [
        note(ctx, line) for line in lines
    ]


def signatures(ctx: ReportContext, record: RecordFacts) -> list[Flowable]:
    parties = [(s.role, signer_text(ctx.words, s)) for s in record.signers]
    drawn = [s.signature for s in record.signers]
    boxes = signature_boxes(ctx.styles, ctx.words, parties, drawn)
    # Where the parties come from, when not all from the estate's record: said before the
    # boxes (which fill their page), so it never stands alone on a page of its own.
    said = record_note(ctx.words, record)
    return [
        *([Spacer(1, 2 * mm), note(ctx, said)] if said else []),
        Spacer(1, 4 * mm),
        KeepTogether([numbered_heading(ctx, 8, "acc.signatures"), boxes]),
    ]


def acceptance_story(
    ctx: ReportContext,
    estate: Estate,
    title: str,
    doc_number: str,
    verdict: AcceptanceVerdict,
    record: RecordFacts,
) -> tuple[list[Flowable], int]:
    """The report's flowables and the number of photos placed; every conclusion from `verdict`."""
    facts = estate_facts(ctx.project, estate)
    checks = estate_checklists(ctx.project, estate.uuid, ctx.words)
    chosen = _chosen_sections(ctx.options.sections)
    ctx.section_numbers = {
        _HEADINGS[name]: number
        for number, name in enumerate([*chosen, "conclusion", "signatures"], start=1)
    }
    photo_story, photo_count = photo_section(ctx, estate) if "photos" in chosen else ([], 0)
    parts = {
        "overview": lambda: overview(ctx, facts, checks.checklists, record),
        "inspection": lambda: inspection(ctx, checks.checklists, verdict),
        "problems": lambda: rectification(ctx, verdict),
        "elevators": lambda: elevator_consultations(ctx, estate),
        "map": lambda: site_map(ctx, facts),
        "photos": lambda: photo_story,
    }
    story = cover(ctx, facts, title, doc_number, record)
    for name in chosen:
        story += parts[name]()
    story += conclusion(ctx, estate, verdict) + signatures(ctx, record)
    return story, photo_count


# Each section's heading (its wording key), to number the sections printed in sequence.
_HEADINGS = {
    "overview": "acc.overview", "inspection": "acc.inspection", "problems": "acc.problems",
    "elevators": "acc.elevators", "map": "acc.map", "photos": "acc.photos",
    "conclusion": "acc.conclusion", "signatures": "acc.signatures",
}  # fmt: skip


def _chosen_sections(sections: Sequence[str]) -> list[str]:
    """The optional sections asked for, in the report's order; an unknown name is refused."""
    unknown = [s for s in sections if s not in ACCEPTANCE_SECTIONS]
    if unknown:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="--sections", value=unknown[0])
    return [s for s in ACCEPTANCE_SECTIONS if s in sections]
