"""The consultation public notice (公示) of a unit or building: rule, tally, flats with masked owners."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from retrofit_app.core.consultation.opinions import notice_end
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import Estate
from retrofit_app.core.reports.blocks import data_table, facts_table, seal_box, widths
from retrofit_app.core.reports.consultation_facts import (
    ConsultationFacts,
    consultation_facts,
    tally_lines,
)
from retrofit_app.core.reports.context import ReportContext, note, numbered_heading
from retrofit_app.core.reports.styles import para


def _period(ctx: ReportContext, record: dict) -> tuple[dt.date, dt.date, int]:
    days = int(record.get("notice_days") or ctx.options.notice_days)
    try:
        start = dt.date.fromisoformat(str(record.get("notice_start"))[:10])
    except ValueError:
        start = ctx.options.report_date()
    # The same last day as the objection counting (Civil Code Art. 201: the first day not counted).
    return start, dt.date.fromisoformat(notice_end(start.isoformat(), days)), days


def one_notice(ctx: ReportContext, estate: Estate, found: ConsultationFacts) -> list[Flowable]:
    s, words = ctx.styles, ctx.words
    record = found.record
    subject = words.keyed("subject", record["subject"], record["title"] or record["subject"])
    scope = words("scope", estate=estate.name, scope=found.scope_name)
    start, end, days = _period(ctx, record)
    committee = (
        words("notice.committee", community=estate.community)
        if estate.community
        else words("notice.any_committee")
    )
    contact = ctx.options.objection_contact or words("notice.contact", committee=committee)
    rows = [
        [r["unit"], r["room"], r["floor"] or "", words.number(r["area"]) if r["area"] else "—",
         r["owners_masked"], r["choice_label"], r["method_label"]]
        for r in found.roster
    ]  # fmt: skip
    header = [
        "col.unit",
        "col.room",
        "col.floor",
        "col.area_m2",
        "col.owner",
        "col.vote",
        "col.method",
    ]
    story: list[Flowable] = [
        para(words("notice.title", scope=scope, subject=subject), s.title),
        note(ctx, words("notice.intro", rule=found.rule_title, scope=scope, subject=subject)),
        numbered_heading(ctx, 1, "notice.rule"),
        para(found.rule_title, s.h2),
        para(words("notice.citation", citation=found.rule.citation), s.small),
        numbered_heading(ctx, 2, "notice.tally"),
        facts_table(s, tally_lines(found.tally, words)),
        numbered_heading(ctx, 3, "notice.votes"),
        data_table(s, words.labels(header), rows, widths(1, 0.8, 0.7, 1, 1.8, 1.3, 1.2)),
        para(words("notice.tenants"), s.small),
        numbered_heading(ctx, 4, "notice.period"),
        note(
            ctx,
            words("notice.period_text", start=words.date(start), end=words.date(end), days=days),
        ),
        # The seal stays on the page of the sentences it seals.
        KeepTogether([
            numbered_heading(ctx, 5, "notice.objections"),
            note(ctx, words("notice.objection_text", contact=contact, committee=committee)),
            Spacer(1, 10 * mm),
            seal_box(s, [committee, words("sign.seal"), words.date(ctx.options.report_date())]),
        ]),
    ]  # fmt: skip
    return story


def notice_story(
    ctx: ReportContext, estate: Estate, scope_uuid: str | None, scope_label: str
) -> list[Flowable]:
    """One notice per consultation of the estate (or of the unit/building `scope_uuid`)."""
    found = consultation_facts(ctx.project, estate.uuid, scope_uuid, ctx.words)
    if not found:
        raise RetrofitError(ErrorCode.NO_CONSULTATION, scope=f"{estate.name}{scope_label}")
    story: list[Flowable] = []
    for index, consultation in enumerate(found):
        if index:
            story.append(PageBreak())
        story += one_notice(ctx, estate, consultation)
    return story
