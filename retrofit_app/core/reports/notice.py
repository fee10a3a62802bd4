"""The consultation public notice (公示) of a unit or building: rule, tally, flats with masked owners."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import Estate
from retrofit_app.core.reports.blocks import data_table, facts_table, seal_box, widths
from retrofit_app.core.reports.consultation_facts import (
    ConsultationFacts,
    consultation_facts,
    tally_lines,
)
from retrofit_app.core.reports.context import ReportContext, note, numbered_heading
from retrofit_app.core.reports.options import chinese_date
from retrofit_app.core.reports.styles import para

SUBJECTS = {"elevator": "加装电梯"}


def _period(ctx: ReportContext, record: dict) -> tuple[dt.date, dt.date, int]:
    days = int(record.get("notice_days") or ctx.options.notice_days)
    try:
        start = dt.date.fromisoformat(str(record.get("notice_start"))[:10])
    except ValueError:
        start = ctx.options.report_date()
    return start, start + dt.timedelta(days=days - 1), days


def one_notice(ctx: ReportContext, estate: Estate, found: ConsultationFacts) -> list[Flowable]:
    s = ctx.styles
    subject = SUBJECTS.get(
        found.record["subject"], found.record["title"] or found.record["subject"]
    )
    scope = f"{estate.name}{found.scope_name}"
    start, end, days = _period(ctx, found.record)
    committee = f"{estate.community}居民委员会" if estate.community else "社区居民委员会"
    contact = ctx.options.objection_contact or f"{committee}办公室"
    rows = [
        [r["unit"], r["room"], r["floor"] or "", f"{r['area']:.2f}" if r["area"] else "—",
         r["owners_masked"], r["choice_label"], r["method_label"]]
        for r in found.roster
    ]  # fmt: skip
    story: list[Flowable] = [
        para(f"关于{scope}{subject}业主意见征询结果的公示", s.title),
        note(
            ctx,
            f"根据{found.rule.title_zh}，现将{scope}{subject}业主意见征询结果予以公示。"
            "公示内容为房号与表决意见；为保护个人信息，业主姓名已作部分隐去，不公示联系电话和身份证号码。",
        ),
        numbered_heading(ctx, 1, "适用规则"),
        para(found.rule.title_zh, s.h2),
        para(found.rule.citation, s.small),
        numbered_heading(ctx, 2, "表决统计"),
        facts_table(s, tally_lines(found.tally)),
        numbered_heading(ctx, 3, "各户意见"),
        data_table(
            s,
            ["单元", "房号", "楼层", "面积(m²)", "业主", "意见", "征询方式"],
            rows,
            widths(1, 0.9, 0.7, 1, 2, 1.1, 1.1),
        ),
        para(
            "注：承租人不是业主，不参与表决（最高人民法院建筑物区分所有权司法解释第十六条）。",
            s.small,
        ),
        numbered_heading(ctx, 4, "公示期限"),
        note(ctx, f"自{chinese_date(start)}起至{chinese_date(end)}止，共{days}日。"),
        numbered_heading(ctx, 5, "异议方式"),
        note(
            ctx,
            f"公示期内，业主如对上述结果有异议，请以书面实名形式向{contact}提出，并写明理由。"
            f"{committee}将组织核实和协调；公示期满无异议的，出具无异议证明。",
        ),
        Spacer(1, 6 * mm),
        seal_box(s, [committee, "（盖章）", chinese_date(ctx.options.report_date())]),
    ]
    return story


def notice_story(
    ctx: ReportContext, estate: Estate, scope_uuid: str | None, scope_label: str
) -> list[Flowable]:
    """One notice per consultation of the estate (or of the unit/building `scope_uuid`)."""
    found = consultation_facts(ctx.project, estate.uuid, scope_uuid)
    if not found:
        raise RetrofitError(ErrorCode.NO_CONSULTATION, scope=f"{estate.name}{scope_label}")
    story: list[Flowable] = []
    for index, consultation in enumerate(found):
        if index:
            story.append(PageBreak())
        story += one_notice(ctx, estate, consultation)
    return story
