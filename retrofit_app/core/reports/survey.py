"""The survey summary of one or many estates, for the half-yearly and yearly reviews."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from retrofit_app.core.model import STAGE_LABELS, Estate
from retrofit_app.core.reports.blocks import data_table, facts_table, widths
from retrofit_app.core.reports.checklist_facts import estate_checklists, total_progress
from retrofit_app.core.reports.consultation_facts import consultation_facts
from retrofit_app.core.reports.context import ReportContext, note
from retrofit_app.core.reports.facts import estate_facts, photos
from retrofit_app.core.reports.layout import FRAME_WIDTH
from retrofit_app.core.reports.options import chinese_date
from retrofit_app.core.reports.photo_pages import caption, fitted_image, prepare_photos
from retrofit_app.core.reports.styles import para, table_style

KEY_PHOTOS = 4


def _ratio(done: int, total: int) -> str:
    return f"{done}/{total}（{done / total:.0%}）" if total else "—"


def _key_photos(all_photos: list[dict]) -> list[dict]:
    """Up to four: before and after pictures first, alternating, so the change shows."""
    before = [p for p in all_photos if p["stage_tag"] == "before"]
    after = [p for p in all_photos if p["stage_tag"] == "after"]
    during = [p for p in all_photos if p["stage_tag"] == "during"]
    mixed = [p for pair in zip(before, after, strict=False) for p in pair]
    rest = [p for p in before + after + during if p not in mixed]
    return (mixed + rest)[:KEY_PHOTOS]


def photo_strip(ctx: ReportContext, chosen: list[dict], height: float = 42 * mm) -> Table:
    cell_w = FRAME_WIDTH / KEY_PHOTOS
    images = [fitted_image(p, cell_w - 6, height) for p in chosen]
    captions = [para(caption(p, i + 1), ctx.styles.caption) for i, p in enumerate(chosen)]
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
    s = ctx.styles
    story: list[Flowable] = [para(f"{estate.name}（{estate.code}）", s.h1)]
    story.append(facts_table(s, [
        ("所在地", summary["place"]), ("阶段", STAGE_LABELS[estate.stage][0]),
        ("楼栋/单元/户", summary["sizes"]), ("检查进度", summary["progress"]),
        ("未整改问题", f"{summary['open']} 项"), ("电梯征询", summary["consultations"]),
    ]))  # fmt: skip
    story.append(para("检查表进度", s.h2))
    if summary["checklists"]:
        # One row per template: an elevator checklist per unit would otherwise fill pages.
        grouped: dict[str, list] = {}
        for c in summary["checklists"]:
            grouped.setdefault(c.template, []).append(c)
        rows = []
        for name, group in grouped.items():
            done = total_progress(group)
            rows.append([name, len(group), _ratio(done.answered, done.required), done.failed])
        header = ["检查表", "对象数", "必填项完成", "不合格项"]
        story.append(data_table(s, header, rows, widths(3.4, 1, 2.2, 1)))
    else:
        story.append(note(ctx, "尚未建立检查表。"))
    story.append(para("未整改问题", s.h2))
    if summary["open_defects"]:
        rows = [[d.description, d.responsible, d.deadline or "—"] for d in summary["open_defects"]]
        story.append(data_table(s, ["问题描述", "责任单位", "整改期限"], rows, widths(4, 1.6, 1.2)))
    else:
        story.append(note(ctx, "无。"))
    story.append(para("居民意见征询", s.h2))
    if summary["consultation_rows"]:
        story.append(
            data_table(
                s,
                ["范围", "状态", "参与/总人数", "同意人数", "结果"],
                summary["consultation_rows"],
                widths(2, 1.2, 1.4, 1.2, 1),
            )
        )
    else:
        story.append(note(ctx, "尚未开展征询。"))
    if summary["photos"]:
        story += [para("主要照片", s.h2), photo_strip(ctx, summary["photos"])]
    return story


def _summary(ctx: ReportContext, estate: Estate, index: int) -> dict:
    facts = estate_facts(ctx.project, estate)
    checks = estate_checklists(ctx.project, estate.uuid)
    answered, required = checks.progress.answered, checks.progress.required
    consultations = consultation_facts(ctx.project, estate.uuid)
    chosen = prepare_photos(ctx.project, _key_photos(photos(ctx.project, estate.uuid)))
    passed = sum(1 for c in consultations if c.tally.passed)
    return {
        "place": facts.place,
        "sizes": f"{len(facts.buildings)} / {len(facts.units)} / {facts.households}",
        "progress": _ratio(answered, required),
        "percent": f"{answered / required:.0%}" if required else "—",
        "checklists": checks.checklists,
        "open_defects": checks.open_defects,
        "open": len(checks.open_defects),
        "consultations": f"{passed}/{len(consultations)} 通过" if consultations else "—",
        "consultation_rows": [
            [
                c.scope_name,
                c.status_label,
                f"{c.tally.owners_voted}/{c.tally.owners_total}",
                c.tally.owners_agree,
                "通过" if c.tally.passed else "未通过",
            ]
            for c in consultations
        ],  # fmt: skip
        "photos": chosen,
        "households": facts.households,
    }


def survey_story(
    ctx: ReportContext, estates: list[Estate], title: str
) -> tuple[list[Flowable], int]:
    """The summary table of all estates, then a section per estate; returns the photo count too."""
    s = ctx.styles
    summaries = []
    for index, estate in enumerate(estates):
        if ctx.is_cancelled():
            break
        summaries.append(_summary(ctx, estate, index))
        if ctx.progress:
            ctx.progress(index + 1, len(estates))
    rows = [
        [
            e.code,
            e.name,
            f"{e.district}{e.street}",
            STAGE_LABELS[e.stage][0],
            sm["households"],
            sm["percent"],
            sm["open"],
            sm["consultations"],
        ]
        for e, sm in zip(estates, summaries, strict=False)
    ]
    story: list[Flowable] = [
        para(title, s.title),
        para(f"{ctx.options.issuing_office}　{chinese_date(ctx.options.report_date())}", s.centre),
        Spacer(1, 6 * mm),
        para("总览", s.h1),
        data_table(s, ["编号", "小区", "所在地", "阶段", "户数", "检查进度", "未整改", "电梯征询通过"], rows,
                   widths(1.3, 1.4, 2.0, 0.95, 0.7, 0.95, 0.8, 1.3)),
    ]  # fmt: skip
    for estate, summary in zip(estates, summaries, strict=False):
        story += [PageBreak(), *estate_section(ctx, estate, summary)]
    return story, sum(len(sm["photos"]) for sm in summaries)
