"""The acceptance report (竣工验收报告) of one estate."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from retrofit_app.core.model import STAGE_LABELS, Estate
from retrofit_app.core.reports.blocks import data_table, facts_table, signature_boxes, widths
from retrofit_app.core.reports.checklist_facts import (
    NOT_CHECKED,
    ChecklistFacts,
    EstateChecklists,
    defect_status_label,
    estate_checklists,
)
from retrofit_app.core.reports.consultation_facts import consultation_facts, percent
from retrofit_app.core.reports.context import ReportContext, note, numbered_heading
from retrofit_app.core.reports.estate_map import estate_map
from retrofit_app.core.reports.facts import EstateFacts, estate_facts, photos
from retrofit_app.core.reports.layout import FRAME_WIDTH
from retrofit_app.core.reports.options import PARTY_ROLES, chinese_date
from retrofit_app.core.reports.photo_pages import photo_grid_pages, prepare_photos
from retrofit_app.core.reports.styles import para


def cover(ctx: ReportContext, facts: EstateFacts, title: str, doc_number: str) -> list[Flowable]:
    s, o = ctx.styles, ctx.options
    estate = facts.estate
    rows = [
        ("文    号", doc_number),
        ("小区名称", f"{estate.name}（{estate.code}）"),
        ("所在地", facts.place),
        ("地    址", estate.address),
        ("建设单位", o.parties.get("client", "")),
        ("编制单位", o.issuing_office),
        ("日    期", chinese_date(o.report_date())),
    ]
    return [
        Spacer(1, 45 * mm),
        para(f"{estate.name}老旧小区改造工程", s.subtitle),
        Spacer(1, 6 * mm),
        para(title, s.title),
        Spacer(1, 40 * mm),
        facts_table(s, rows, columns=1),
        PageBreak(),
    ]


def overview(
    ctx: ReportContext, facts: EstateFacts, checklists: list[ChecklistFacts]
) -> list[Flowable]:
    s, o, estate = ctx.styles, ctx.options, facts.estate
    items = "、".join(dict.fromkeys(c.template for c in checklists if not c.acceptance)) or "—"
    rows = [
        ("小区名称", estate.name), ("小区编号", estate.code),
        ("所在地", facts.place), ("地址", estate.address),
        ("建成年代", estate.year_built or "—"), ("当前阶段", STAGE_LABELS[estate.stage][0]),
        ("楼栋数", f"{len(facts.buildings)} 幢"), ("单元数", f"{len(facts.units)} 个"),
        ("住户数", f"{facts.households} 户"), ("专有部分面积", f"{facts.area:,.2f} m²"),
        ("改造内容", items), ("合同", o.contract or "—"),
    ]  # fmt: skip
    rows += [(label, o.parties.get(key, "") or "—") for key, label in PARTY_ROLES[:4]]
    building_rows = [
        [
            b["name"],
            b["storeys"] or "",
            b["structure"],
            b["safety_grade"] or "—",
            b["units"],
            b["households"],
        ]
        for b in facts.buildings
    ]
    return [
        numbered_heading(ctx, 1, "工程概况"),
        facts_table(s, rows),
        Spacer(1, 4 * mm),
        para("楼栋一览", s.h2),
        data_table(
            s,
            ["楼栋", "层数", "结构", "安全等级", "单元数", "户数"],
            building_rows,
            widths(2, 1, 1.4, 1.2, 1, 1),
        ),
    ]


def inspection(ctx: ReportContext, checklists: list[ChecklistFacts]) -> list[Flowable]:
    s = ctx.styles
    story: list[Flowable] = [numbered_heading(ctx, 2, "验收检查结果")]
    chosen = [c for c in checklists if c.acceptance] or checklists
    if not chosen:
        return story + [note(ctx, "本小区尚未录入验收检查表。")]
    for found in chosen:
        story += [para(f"{found.template}（{found.target}）", s.h2), _checklist_table(ctx, found)]
    return story


def _checklist_table(ctx: ReportContext, found: ChecklistFacts) -> Flowable:
    # A stage column only when the list checks items at more than one stage (survey, completion).
    staged = len(found.stages) > 1
    rows = [
        [i + 1, line.section, line.item]
        + ([line.stage] if staged else [])
        + [line.answer or NOT_CHECKED, line.verdict, line.note]
        for i, line in enumerate(found.lines)
    ]
    header = (
        ["序号", "分项", "检查内容"] + (["阶段"] if staged else []) + ["检查结果", "结论", "备注"]
    )
    fractions = (0.7, 1.5, 3.0) + ((0.7,) if staged else ()) + (1.4, 1.0, 1.3)
    return data_table(ctx.styles, header, rows, widths(*fractions))


def rectification(ctx: ReportContext, checks: EstateChecklists) -> list[Flowable]:
    found = checks.defects
    story: list[Flowable] = [numbered_heading(ctx, 3, "问题与整改情况")]
    if not found:
        return story + [note(ctx, "验收中未发现需要整改的问题。")]
    open_count = len(checks.open_defects)
    story.append(note(ctx, f"共发现问题 {len(found)} 项，其中待整改 {open_count} 项。"))
    rows = [
        [i + 1, d.description, d.responsible, d.deadline or "—", defect_status_label(d)]
        for i, d in enumerate(found)
    ]
    story.append(
        data_table(
            ctx.styles,
            ["序号", "问题描述", "责任单位", "整改期限", "状态"],
            rows,
            widths(0.75, 3.6, 1.6, 1.5, 1.4),
        )
    )
    return story


def elevator_consultations(ctx: ReportContext, estate: Estate) -> list[Flowable]:
    found = [
        c for c in consultation_facts(ctx.project, estate.uuid) if c.record["subject"] == "elevator"
    ]
    story: list[Flowable] = [numbered_heading(ctx, 4, "加装电梯居民意见征询情况")]
    if not found:
        return story + [note(ctx, "本小区无加装电梯征询记录。")]
    rows = []
    for c in found:
        t = c.tally
        rows.append([
            c.scope_name, c.rule.title_zh.split("（")[0], f"{t.owners_voted}/{t.owners_total}",
            f"{t.owners_agree} 人\n{percent(t.fraction('approval_heads'))}",
            f"{float(t.area_agree):.2f} m²\n{percent(t.fraction('approval_area'))}",
            "通过" if t.passed else "未通过", c.status_label,
        ])  # fmt: skip
    header = ["范围", "适用规则", "参与/总人数", "同意人数", "同意面积", "结果", "状态"]
    return story + [data_table(ctx.styles, header, rows, widths(1.3, 1.9, 1.1, 1.2, 1.6, 0.9, 1.3))]


def site_map(ctx: ReportContext, facts: EstateFacts) -> list[Flowable]:
    drawing = estate_map(ctx.styles.font, facts.estate.boundary, facts.buildings, FRAME_WIDTH)
    heading = numbered_heading(ctx, 5, "小区平面示意图")
    if drawing is None:
        return [heading, note(ctx, "本小区尚未绘制边界和楼栋位置。")]
    return [
        CondPageBreak(130 * mm),
        heading,
        drawing,
        para("示意图依据项目文件中的小区边界与楼栋轮廓绘制，仅供参考。", ctx.styles.small),
    ]


def photo_section(ctx: ReportContext, estate: Estate) -> tuple[list[Flowable], int]:
    listed = photos(ctx.project, estate.uuid)
    written = prepare_photos(ctx.project, listed, progress=ctx.progress, cancelled=ctx.cancelled)
    heading = numbered_heading(ctx, 6, "改造前后照片")
    if not written:
        return [heading, note(ctx, "本小区尚无照片。")], 0
    return photo_grid_pages(ctx.styles, written, ctx.options.photo_grid, heading), len(written)


def conclusion(ctx: ReportContext, estate: Estate, checks: EstateChecklists) -> list[Flowable]:
    open_count = len(checks.open_defects)
    text = ctx.options.conclusion
    if not text and open_count:
        text = (
            f"经验收组现场检查和资料核查，{estate.name}老旧小区改造工程尚有 {open_count} 项问题待整改，"
            "整改完成并经复查合格后，方可通过竣工验收。"
        )
    elif not text:
        text = (
            f"经验收组现场检查和资料核查，{estate.name}老旧小区改造工程已按设计和合同完成，"
            "工程质量符合有关标准，资料齐全，同意通过竣工验收。"
        )
    return [PageBreak(), numbered_heading(ctx, 7, "验收结论"), note(ctx, text)]


def signatures(ctx: ReportContext) -> list[Flowable]:
    parties = [(label, ctx.options.parties.get(key, "")) for key, label in PARTY_ROLES]
    return [
        Spacer(1, 4 * mm),
        KeepTogether(
            [numbered_heading(ctx, 8, "验收各方签字盖章"), signature_boxes(ctx.styles, parties)]
        ),
    ]


def acceptance_story(
    ctx: ReportContext, estate: Estate, title: str, doc_number: str
) -> tuple[list[Flowable], int]:
    """The report's flowables and the number of photos placed."""
    facts = estate_facts(ctx.project, estate)
    checks = estate_checklists(ctx.project, estate.uuid)
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
