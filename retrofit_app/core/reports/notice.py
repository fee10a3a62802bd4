"""The consultation public notice (公示) of a unit or building: rule, tally, flats with masked owners."""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from retrofit_app.core.consultation.public_notice import NoticePeriod, notice_period
from retrofit_app.core.consultation.rules import Article, articles
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import Estate
from retrofit_app.core.reports.blocks import data_table, facts_table, seal_box, widths
from retrofit_app.core.reports.consultation_facts import (
    ConsultationFacts,
    consultation_facts,
    tally_lines,
    undecided_notes,
)
from retrofit_app.core.reports.context import ReportContext, note, numbered_heading
from retrofit_app.core.reports.styles import para


def _period(ctx: ReportContext, found: ConsultationFacts) -> NoticePeriod:
    """The consultation's notice period (the one its objections are counted in); before a
    notice is started, the report's date and the options' length under the rule's counting."""
    if found.notice and found.notice.period:
        return found.notice.period
    days = int(found.record.get("notice_days") or ctx.options.notice_days)
    return notice_period(ctx.options.report_date(), days, found.rule.notice)


def _period_lines(ctx: ReportContext, found: ConsultationFacts) -> list[str]:
    """When the notice runs, how its days are counted (Civil Code Arts. 201, 203), its status."""
    words, period = ctx.words, _period(ctx, found)
    counting = period.counting
    start, days = words.date(period.start), period.days
    if period.end is None:
        counted = words(f"notice.counted.{counting.days_counted}")
        lines = [words("notice.period_unknown", start=start, days=days, counted=counted,
                       year=period.unpublished_year)]  # fmt: skip
    elif counting.days_counted == "working_days":
        lines = [words("notice.period_working", start=start, days=days, end=words.date(period.end))]
    else:
        end = words.date(period.end)
        lines = [words("notice.period_calendar", start=start, days=days, end=end)]
        if period.moved and period.plain_end:
            plain = words.date(period.plain_end)
            lines.append(words("notice.period_moved", days=days, plain=plain, end=end))
    if counting.days_counted == "calendar_days":
        lines.append(words(f"notice.rest.{counting.last_day_rest}"))
    lines.append(words("notice.status", status=found.status_label))
    if found.notice and found.notice.objections_inside:
        lines.append(words("notice.status_objections", count=found.notice.objections_inside))
    return lines


def _basis(ctx: ReportContext, found: ConsultationFacts) -> list[Flowable]:
    """A local or practice rule says what it rests on, and what could not be verified."""
    rule, words, small = found.rule, ctx.words, ctx.styles.small
    story: list[Flowable] = []
    if any(rule.basis_note):
        story.append(para(words("notice.basis_note", note=words.pick(*rule.basis_note)), small))
    if rule.unverified:
        story.append(para(words("notice.unverified", text=rule.unverified), small))
    return story


def _period_articles() -> list[Article]:
    quoted = articles()
    return [quoted[key] for key in ("civil-code-201", "civil-code-203")]


def _quoted(ctx: ReportContext, lead: str, quoted: Iterable[Article]) -> list[Flowable]:
    """Each article whole in a paragraph of its own (a report shortens an overlong text)."""
    texts = [a.quoted() for a in quoted]
    if not texts:
        return []
    first = ctx.words(lead, citation=texts[0])
    return [para(text, ctx.styles.small) for text in (first, *texts[1:])]


def one_notice(ctx: ReportContext, estate: Estate, found: ConsultationFacts) -> list[Flowable]:
    s, words = ctx.styles, ctx.words
    record = found.record
    subject = words.keyed("subject", record["subject"], record["title"] or record["subject"])
    scope = words("scope", estate=estate.name, scope=found.scope_name)
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
        *_quoted(ctx, "notice.citation", found.rule.articles),
        *_basis(ctx, found),
        numbered_heading(ctx, 2, "notice.tally"),
        facts_table(s, tally_lines(found.tally, words)),
        *undecided_notes(ctx, found.tally),
        numbered_heading(ctx, 3, "notice.votes"),
        data_table(s, words.labels(header), rows, widths(1, 0.8, 0.7, 1, 1.8, 1.3, 1.2)),
        para(words("notice.tenants"), s.small),
        numbered_heading(ctx, 4, "notice.period"),
        note(ctx, "\n".join(_period_lines(ctx, found))),
        *_quoted(ctx, "notice.period_articles", _period_articles()),
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
