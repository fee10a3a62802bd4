"""The survey summary of one or many estates, for the half-yearly and yearly reviews."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from retrofit_app.core.model import Estate
from retrofit_app.core.reports.blocks import data_table, facts_table, widths
from retrofit_app.core.reports.checklist_facts import estate_checklists, total_progress
from retrofit_app.core.reports.consultation_facts import consultation_facts, undecided_notes
from retrofit_app.core.reports.context import ReportContext, note, subheading
from retrofit_app.core.reports.facts import estate_facts, photos
from retrofit_app.core.reports.layout import FRAME_WIDTH
from retrofit_app.core.reports.photo_pages import caption, fitted_image, prepare_photos
from retrofit_app.core.reports.styles import para, table_style
from retrofit_app.core.reports.wording import EMPTY, Wording

KEY_PHOTOS = 4
STRIP_HEIGHT = 42 * mm


def _ratio(words: Wording, done: int, total: int) -> str:
    if not total:
        return EMPTY
    return words("with_share", value=f"{done}/{total}", share=f"{done / total:.0%}")


def _key_photos(all_photos: list[dict]) -> list[dict]:
    """Up to four: before and after pictures first, alternating, so the change shows."""
    before = [p for p in all_photos if p["stage_tag"] == "before"]
    after = [p for p in all_photos if p["stage_tag"] == "after"]
    during = [p for p in all_photos if p["stage_tag"] == "during"]
    mixed = [p for pair in zip(before, after, strict=False) for p in pair]
    rest = [p for p in before + after + during if p not in mixed]
    return (mixed + rest)[:KEY_PHOTOS]


def photo_strip(ctx: ReportContext, chosen: list[dict], height: float = STRIP_HEIGHT) -> Table:
    cell_w = FRAME_WIDTH / KEY_PHOTOS
    images = [fitted_image(p, cell_w - 6, height) for p in chosen]
    captions = [
        para(caption(p, i + 1, ctx.words), ctx.styles.caption) for i, p in enumerate(chosen)
    ]
    pad = [""] * (KEY_PHOTOS - len(chosen))
    table = Table([images + pad, captions + pad], colWidths=[cell_w] * KEY_PHOTOS)
    table.setStyle(
        table_style(
            ctx.styles,
            [("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")],
        )
    )
    return table


def estate_section(ctx: ReportContext, estate: Estate, summary: dict) -> list[Flowable]:
    s, words = ctx.styles, ctx.words
    story: list[Flowable] = [para(words("paren", text=estate.name, inner=estate.code), s.h1)]
    facts = [
        ("fact.place", summary["place"]), ("survey.stage", words(f"stage.{estate.stage}")),
        ("survey.sizes", summary["sizes"]), ("survey.progress", summary["progress"]),
        ("survey.open", words("count.items", n=summary["open"])),
        ("survey.elevators", summary["consultations"]),
    ]  # fmt: skip
    story.append(facts_table(s, [(words(key), value) for key, value in facts]))
    story.append(subheading(ctx, words("survey.checklists")))
    if summary["checklists"]:
        # One row per template: an elevator checklist per unit would otherwise fill pages.
        grouped: dict[str, list] = {}
        for c in summary["checklists"]:
            grouped.setdefault(c.template, []).append(c)
        rows = []
        for name, group in grouped.items():
            done = total_progress(group)
            rows.append(
                [name, len(group), _ratio(words, done.answered, done.required), done.failed]
            )
        header = words.labels(("col.checklist", "col.targets", "col.required_done", "col.failed"))
        story.append(data_table(s, header, rows, widths(3.4, 1, 2.2, 1)))
    else:
        story.append(note(ctx, words("survey.no_checklists")))
    story.append(subheading(ctx, words("survey.open")))
    if summary["open_defects"]:
        rows = [
            [d.description, d.responsible, d.deadline or EMPTY] for d in summary["open_defects"]
        ]
        header = words.labels(("col.problem", "col.responsible", "col.deadline"))
        story.append(data_table(s, header, rows, widths(4, 1.6, 1.2)))
    else:
        story.append(note(ctx, words("none")))
    story.append(subheading(ctx, words("survey.consultations")))
    if summary["consultation_rows"]:
        keys = ("col.scope", "col.status", "col.voted", "col.agree_heads", "col.result")
        story.append(
            data_table(
                s,
                words.labels(keys),
                summary["consultation_rows"],
                widths(2, 1.2, 1.4, 1.2, 1),
            )
        )
        for scope_name, tally in summary["undecided"]:
            story += undecided_notes(ctx, tally, scope_name)
    else:
        story.append(note(ctx, words("survey.no_consultations")))
    if summary["photos"]:
        strip = photo_strip(ctx, summary["photos"])
        story += [subheading(ctx, words("survey.photos"), room=STRIP_HEIGHT + 15 * mm), strip]
    return story


def _summary(ctx: ReportContext, estate: Estate) -> dict:
    words = ctx.words
    facts = estate_facts(ctx.project, estate)
    checks = estate_checklists(ctx.project, estate.uuid, words)
    answered, required = checks.progress.answered, checks.progress.required
    consultations = consultation_facts(ctx.project, estate.uuid, words=words)
    chosen = prepare_photos(ctx.project, _key_photos(photos(ctx.project, estate.uuid)))
    passed = sum(1 for c in consultations if c.tally.passed)
    sizes = (len(facts.buildings), len(facts.units), facts.households)
    return {
        "place": words.join(facts.place_parts, "place"),
        "sizes": " / ".join(words.count(n) for n in sizes),
        "progress": _ratio(words, answered, required),
        "percent": f"{answered / required:.0%}" if required else EMPTY,
        "checklists": checks.checklists,
        "open_defects": checks.open_defects,
        "open": len(checks.open_defects),
        "consultations": (
            words("survey.passed", passed=passed, total=len(consultations))
            if consultations
            else EMPTY
        ),
        # The overview's column header already says "passed": the ratio alone fits its width.
        "passed": f"{passed}/{len(consultations)}" if consultations else EMPTY,
        "consultation_rows": [
            [
                c.scope_name,
                c.status_label,
                f"{c.tally.owners_voted}/{c.tally.owners_total}",
                c.tally.owners_agree,
                words.passed(c.tally.passed),
            ]
            for c in consultations
        ],
        "undecided": [(c.scope_name, c.tally) for c in consultations if c.tally.blocking],
        "photos": chosen,
        "households": facts.households,
    }


def survey_story(
    ctx: ReportContext, estates: list[Estate], title: str
) -> tuple[list[Flowable], int]:
    """The summary table of all estates, then a section per estate; returns the photo count too."""
    s, words = ctx.styles, ctx.words
    summaries = []
    for index, estate in enumerate(estates):
        if ctx.is_cancelled():
            break
        summaries.append(_summary(ctx, estate))
        if ctx.progress:
            ctx.progress(index + 1, len(estates))
    rows = [
        [
            e.code,
            e.name,
            words.join([e.district, e.street], "place"),
            words(f"stage.{e.stage}"),
            words.count(sm["households"]),
            sm["percent"],
            sm["open"],
            sm["passed"],
        ]
        for e, sm in zip(estates, summaries, strict=False)
    ]
    # Shares of the 459 pt text width, so each English header word, stage name and code fits.
    header = ["col.code", "col.estate", "col.place", "col.stage", "col.flats",
              "col.progress", "col.open", "col.elevator_passed"]  # fmt: skip
    byline = words("survey.byline", office=ctx.options.office(words),
                   date=words.date(ctx.options.report_date()))  # fmt: skip
    story: list[Flowable] = [
        para(title, s.title),
        para(byline, s.centre),
        Spacer(1, 6 * mm),
        para(words("survey.overview"), s.h1),
        data_table(s, words.labels(header), rows,
                   widths(60, 58, 62, 71, 38, 54, 55, 61)),
    ]  # fmt: skip
    for estate, summary in zip(estates, summaries, strict=False):
        story += [PageBreak(), *estate_section(ctx, estate, summary)]
    return story, sum(len(sm["photos"]) for sm in summaries)
