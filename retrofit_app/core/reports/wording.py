"""Every fixed word a PDF report prints, in Simplified Chinese and English, and how dates and numbers read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from retrofit_app.core.checklists.model import DEFECT_STATUS_LABELS
from retrofit_app.core.checklists.template_model import CHECK_STAGE_LABELS
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import STAGE_LABELS

LANGUAGES = ("zh", "en")
PDF_LANG_TAGS = {"zh": "zh-CN", "en": "en"}
EMPTY = "—"  # an empty cell reads the same in both languages

# key → (Simplified Chinese, English). Fields in braces are filled by Wording.__call__.
_OWN: dict[str, tuple[str, str]] = {
    # Document titles and metadata
    "title.acceptance": ("竣工验收报告", "Acceptance report"),
    "title.notice": ("居民意见征询结果公示", "Public notice of the consultation"),
    "title.survey": ("老旧小区改造调查汇总", "Survey summary"),
    "doc.title": ("{subject}{title}", "{title}: {subject}"),
    "doc.estates": ("{n}个小区", "{n} estates"),
    "doc.keywords": ("老旧小区改造", "old-estate retrofit"),
    "doc.creator": ("retrofit-app 老旧小区改造调查", "retrofit-app old-estate retrofit survey"),
    "doc.number": ("文号 {number}", "No. {number}"),
    "page.x_of_y": ("第 {page} 页 共 {total} 页", "Page {page} of {total}"),
    "default.office": ("南京市住房保障和房产局", "Nanjing Housing Security and Real Estate Bureau"),
    # Shared shapes
    "heading": ("{number}、{text}", "{number}. {text}"),
    "paren": ("{text}（{inner}）", "{text} ({inner})"),
    "scope": ("{estate}{scope}", "{estate} {scope}"),
    "count.buildings": ("{n} 幢", "{n}"),
    "count.units": ("{n} 个", "{n}"),
    "count.households": ("{n} 户", "{n}"),
    "count.people": ("{n} 人", "{n}"),
    "count.items": ("{n} 项", "{n}"),
    "area": ("{n} m²", "{n} m²"),
    "with_share": ("{value}（{share}）", "{value} ({share})"),
    "result.passed": ("通过", "Passed"),
    "result.failed": ("未通过", "Not passed"),
    "none": ("无。", "None."),
    # Acceptance report: cover and overview
    "cover.project": ("{estate}老旧小区改造工程", "Old-estate retrofit of {estate}"),
    "cover.number": ("文    号", "Document No."),
    "cover.estate": ("小区名称", "Estate"),
    "cover.place": ("所在地", "Location"),
    "cover.address": ("地    址", "Address"),
    "cover.office": ("编制单位", "Prepared by"),
    "cover.date": ("日    期", "Date"),
    "acc.overview": ("工程概况", "Project overview"),
    "fact.estate": ("小区名称", "Estate"),
    "fact.code": ("小区编号", "Estate code"),
    "fact.place": ("所在地", "Location"),
    "fact.address": ("地址", "Address"),
    "fact.year_built": ("建成年代", "Year built"),
    "fact.stage": ("当前阶段", "Current stage"),
    "fact.buildings": ("楼栋数", "Buildings"),
    "fact.units": ("单元数", "Units"),
    "fact.households": ("住户数", "Households"),
    "fact.area": ("专有部分面积", "Exclusive area"),
    "fact.content": ("改造内容", "Retrofit works"),
    "fact.contract": ("合同", "Contract"),
    "acc.buildings": ("楼栋一览", "Buildings"),
    "col.building": ("楼栋", "Building"),
    "col.storeys": ("层数", "Storeys"),
    "col.structure": ("结构", "Structure"),
    "col.safety": ("安全等级", "Safety grade"),
    "col.units": ("单元数", "Units"),
    "col.households": ("户数", "Households"),
    # Acceptance report: inspection, problems, elevators, map, photos
    "acc.inspection": ("验收检查结果", "Inspection results"),
    "acc.no_checklist": (
        "本小区尚未录入验收检查表。",
        "No acceptance checklist has been entered for this estate.",
    ),
    "acc.none_due": ("该检查表尚无到期的检查项。", "No item of this checklist is due yet."),
    "col.no": ("序号", "No."),
    "col.section": ("分项", "Section"),
    "col.item": ("检查内容", "Item checked"),
    "col.stage": ("阶段", "Stage"),
    "col.answer": ("检查结果", "Finding"),
    "col.verdict": ("结论", "Verdict"),
    "col.note": ("备注", "Note"),
    "check.not_checked": ("未检查", "Not checked"),
    "check.whole_estate": ("全小区", "Whole estate"),
    "acc.problems": ("问题与整改情况", "Problems and rectification"),
    "acc.no_problems": (
        "验收中未发现需要整改的问题。",
        "The inspection found no problem to rectify.",
    ),
    "acc.problem_count": (
        "共发现问题 {found} 项，其中待整改 {open} 项。",
        "Problems found: {found}, of which still open: {open}.",
    ),
    "col.problem": ("问题描述", "Problem"),
    "col.responsible": ("责任单位", "Responsible"),
    "col.deadline": ("整改期限", "Deadline"),
    "col.status": ("状态", "Status"),
    "acc.elevators": ("加装电梯居民意见征询情况", "Residents' consultation on adding elevators"),
    "acc.no_elevators": ("本小区无加装电梯征询记录。", "This estate has no elevator consultation."),
    "col.scope": ("范围", "Scope"),
    "col.rule": ("适用规则", "Rule"),
    "col.voted": ("参与/总人数", "Voted / owners"),
    "col.agree_heads": ("同意人数", "Owners agreeing"),
    "col.agree_area": ("同意面积", "Area agreeing"),
    "col.result": ("结果", "Result"),
    "acc.map": ("小区平面示意图", "Site plan"),
    "acc.no_map": (
        "本小区尚未绘制边界和楼栋位置。",
        "No boundary or building outline has been drawn for this estate yet.",
    ),
    "acc.map_note": (
        "示意图依据项目文件中的小区边界与楼栋轮廓绘制，仅供参考。",
        "Drawn from the estate boundary and building outlines in the project file; for reference only.",
    ),
    "map.metres": ("{n} 米", "{n} m"),
    "map.north": ("北", "N"),
    "acc.photos": ("改造前后照片", "Photos before and after"),
    "acc.no_photos": ("本小区尚无照片。", "This estate has no photos yet."),
    "photo.figure": ("图{n}", "Fig. {n}"),
    "photo.before": ("改造前", "Before"),
    "photo.during": ("施工中", "During works"),
    "photo.after": ("改造后", "After"),
    # Acceptance report: conclusion and signatures
    "acc.conclusion": ("验收结论", "Conclusion"),
    "acc.conclusion_open": (
        "经验收组现场检查和资料核查，{estate}老旧小区改造工程尚有 {open} 项问题待整改，"
        "整改完成并经复查合格后，方可通过竣工验收。",
        "After inspecting the site and reviewing the records, the acceptance team finds that the "
        "old-estate retrofit of {estate} still has {open} problem(s) to rectify; it can pass "
        "acceptance once they are rectified and found acceptable on re-inspection.",
    ),
    "acc.conclusion_pass": (
        "经验收组现场检查和资料核查，{estate}老旧小区改造工程已按设计和合同完成，"
        "工程质量符合有关标准，资料齐全，同意通过竣工验收。",
        "After inspecting the site and reviewing the records, the acceptance team finds that the "
        "old-estate retrofit of {estate} has been completed according to the design and the "
        "contract, its quality meets the applicable standards and its records are complete; "
        "the team agrees that it passes acceptance.",
    ),
    "acc.signatures": ("验收各方签字盖章", "Signatures and seals of the parties"),
    "sign.head": ("负责人（签字）：", "Person in charge (signature):"),
    "sign.representative": ("代表（签字）：", "Representative (signature):"),
    "sign.seal": ("（盖章）", "(seal)"),
    "sign.date": (
        "日期：\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0年"
        "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0月\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0日",
        "Date: ____ / ____ / ________",
    ),
    "party.client": ("建设单位", "Client"),
    "party.designer": ("设计单位", "Designer"),
    "party.contractor": ("施工单位", "Contractor"),
    "party.supervisor": ("监理单位", "Supervisor"),
    "party.street": ("街道办事处 / 社区居委会", "Street office / residents' committee"),
    "party.residents": ("居民代表", "Residents' representatives"),
    # Public notice
    "subject.elevator": ("加装电梯", "adding an elevator"),
    "subject.retrofit_plan": ("改造方案", "the retrofit plan"),
    "notice.title": (
        "关于{scope}{subject}业主意见征询结果的公示",
        "Public notice: owners' consultation on {subject}, {scope}",
    ),
    "notice.intro": (
        "根据{rule}，现将{scope}{subject}业主意见征询结果予以公示。"
        "公示内容为房号与表决意见；为保护个人信息，业主姓名已作部分隐去，不公示联系电话和身份证号码。",
        "Under {rule}, the result of the owners' consultation on {subject} at {scope} is hereby "
        "made public. The notice shows room numbers and votes; to protect personal information, "
        "owners' names are partly masked, and phone and ID numbers are not shown.",
    ),
    "notice.committee": ("{community}居民委员会", "{community} Residents' Committee"),
    "notice.any_committee": ("社区居民委员会", "Community Residents' Committee"),
    "notice.contact": ("{committee}办公室", "the office of the {committee}"),
    "notice.rule": ("适用规则", "Rule applied"),
    "notice.citation": (
        "依据条文：{citation}",
        "The provisions, as enacted (in Chinese): {citation}",
    ),
    "notice.tally": ("表决统计", "Tally"),
    "notice.votes": ("各户意见", "Votes by flat"),
    "col.unit": ("单元", "Unit"),
    "col.room": ("房号", "Room"),
    "col.floor": ("楼层", "Floor"),
    "col.area_m2": ("面积(m²)", "Area (m²)"),
    "col.owner": ("业主", "Owner"),
    "col.vote": ("意见", "Vote"),
    "col.method": ("征询方式", "Asked by"),
    "notice.tenants": (
        "注：承租人不是业主，不参与表决（最高人民法院建筑物区分所有权司法解释第十六条）。",
        "Note: tenants are not owners and do not vote (Supreme People's Court interpretation on "
        "building co-ownership, Art. 16).",
    ),
    "notice.period": ("公示期限", "Notice period"),
    "notice.period_text": (
        "自{start}起至{end}止，共{days}日。",
        "From {start} to {end}, {days} days in all.",
    ),
    "notice.objections": ("异议方式", "How to object"),
    "notice.objection_text": (
        "公示期内，业主如对上述结果有异议，请以书面实名形式向{contact}提出，并写明理由。"
        "{committee}将组织核实和协调；公示期满无异议的，出具无异议证明。",
        "During the notice period, an owner who disagrees with the result above should write to "
        "{contact}, signed with their real name and giving the reason. The {committee} will "
        "check and mediate; when the period ends with no objection, it issues a no-objection "
        "certificate.",
    ),
    "choice.agree": ("同意", "Agree"),
    "choice.object": ("反对", "Object"),
    "choice.abstain": ("弃权", "Abstain"),
    "choice.unreached": ("未联系上", "Not reached"),
    "choice.none": ("未征询", "Not asked"),
    "method.in_person": ("当面", "In person"),
    "method.phone": ("电话", "Phone"),
    "method.sms": ("短信", "SMS"),
    "method.post": ("信函", "Post"),
    "status.collecting": ("征询中", "Collecting"),
    "status.notice": ("公示中", "On notice"),
    "status.no_objection": ("公示无异议", "No objection"),
    "status.disputed": ("有异议", "Disputed"),
    "status.done": ("已完成", "Done"),
    "status.open": ("征询中", "Collecting"),
    "status.closed": ("已结束", "Closed"),
    "status.reviewed": ("已审核", "Reviewed"),
    # Tally lines (notice)
    "tally.owners": ("业主总人数", "Owners in total"),
    "tally.area": ("专有部分总面积", "Exclusive area in total"),
    "tally.voted_heads": ("参与表决人数", "Owners who voted"),
    "tally.voted_area": ("参与表决面积", "Area that voted"),
    "tally.agree_heads": ("同意人数", "Owners who agree"),
    "tally.agree_area": ("同意面积", "Area that agrees"),
    "tally.object_heads": ("反对人数", "Owners who object"),
    "tally.abstain_heads": ("弃权人数", "Owners who abstain"),
    "tally.quorum": ("参与门槛", "Quorum"),
    "tally.quorum_rule": ("面积≥{area}，人数≥{heads}", "area ≥ {area}, owners ≥ {heads}"),
    "tally.no_quorum": ("无单独参与门槛", "No separate quorum"),
    "tally.approval": ("同意门槛", "Approval threshold"),
    "tally.approval_rule": (
        "面积{op}{area}，人数{op}{heads}",
        "area {op} {area}, owners {op} {heads}",
    ),
    "tally.quorum_met": ("参与条件", "Quorum"),
    "tally.reached": ("已达到", "Reached"),
    "tally.not_reached": ("未达到", "Not reached"),
    "tally.result": ("表决结果", "Result"),
    "tally.no_objection": ("无人反对", "No objection"),
    "tally.met": ("满足", "Met"),
    "tally.not_met": ("不满足（有业主反对）", "Not met (an owner objects)"),
    # Survey summary
    "survey.byline": ("{office}\u3000{date}", "{office}, {date}"),
    "survey.overview": ("总览", "Overview"),
    "col.code": ("编号", "Code"),
    "col.estate": ("小区", "Estate"),
    "col.place": ("所在地", "Location"),
    "col.flats": ("户数", "Flats"),  # a narrow column: "Households" would not fit
    "col.progress": ("检查进度", "Checked"),
    "col.open": ("未整改", "Open problems"),
    "col.elevator_passed": ("电梯征询通过", "Elevator votes passed"),
    "survey.stage": ("阶段", "Stage"),
    "survey.sizes": ("楼栋/单元/户", "Buildings / units / households"),
    "survey.progress": ("检查进度", "Checklist progress"),
    "survey.open": ("未整改问题", "Open problems"),
    "survey.elevators": ("电梯征询", "Elevator consultations"),
    "survey.passed": ("{passed}/{total} 通过", "{passed}/{total} passed"),
    "survey.checklists": ("检查表进度", "Checklist progress"),
    "col.checklist": ("检查表", "Checklist"),
    "col.targets": ("对象数", "Targets"),
    "col.required_done": ("必填项完成", "Required items done"),
    "col.failed": ("不合格项", "Failed items"),
    "survey.no_checklists": ("尚未建立检查表。", "No checklist yet."),
    "survey.consultations": ("居民意见征询", "Resident consultations"),
    "survey.no_consultations": ("尚未开展征询。", "No consultation yet."),
    "survey.photos": ("主要照片", "Key photos"),
}

# Words other parts of the program already hold in both languages: one source, read here.
TEXT: dict[str, tuple[str, str]] = {
    **_OWN,
    **{f"stage.{key}": pair for key, pair in STAGE_LABELS.items()},
    **{f"check_stage.{key}": pair for key, pair in CHECK_STAGE_LABELS.items()},
    **{f"defect.{key}": pair for key, pair in DEFECT_STATUS_LABELS.items()},
}

# Marks that join the users' own words (not words themselves): Chinese writes a place
# 鼓楼区宁海路街道 with no mark at all, English "鼓楼区, 宁海路街道".
SEPARATORS: dict[str, tuple[str, str]] = {"list": ("、", ", "), "place": ("", ", ")}

_CHINESE_NUMBERS = ("〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")  # fmt: skip
# Spelled out here, not from calendar/strftime: those follow the system locale.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def normalise_language(value: str | None) -> str:
    """'zh' or 'en' from 'zh', 'zh_CN', 'en', 'en_GB' and the like; anything else is refused."""
    text = (value or "").strip().lower().replace("-", "_")
    for lang in LANGUAGES:
        if text == lang or text.startswith(lang + "_"):
            return lang
    raise RetrofitError(ErrorCode.REPORT_LANGUAGE, value=value or "")


@dataclass(frozen=True)
class Wording:
    """The catalogue in one language: `words("key", field=value)` gives the filled-in text."""

    lang: str = "zh"

    @property
    def en(self) -> bool:
        return self.lang == "en"

    def __call__(self, key: str, **fields: object) -> str:
        text = TEXT[key][1 if self.en else 0]
        return text.format(**fields) if fields else text

    def labels(self, keys: Iterable[str]) -> list[str]:
        """The words of several keys, as for a table's header row."""
        return [self(key) for key in keys]

    def pick(self, zh: str, en: str) -> str:
        """One of a pair that data files hold in both languages (an empty English falls back)."""
        return (en or zh) if self.en else zh

    def date(self, day: dt.date) -> str:
        if self.en:
            return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
        return f"{day.year}年{day.month}月{day.day}日"

    def number(self, value: float, places: int = 2) -> str:
        """English groups thousands (1,234.50); Chinese documents print the plain figure."""
        return f"{value:,.{places}f}" if self.en else f"{value:.{places}f}"

    def count(self, value: int) -> str:
        return f"{value:,}" if self.en else str(value)

    def area(self, value: float) -> str:
        return self("area", n=self.number(value))

    def heading(self, number: int, text: str) -> str:
        shown = str(number) if self.en else _CHINESE_NUMBERS[number]
        return self("heading", number=shown, text=text)

    def join(self, parts: list[str], kind: str = "list") -> str:
        return SEPARATORS[kind][1 if self.en else 0].join(p for p in parts if p)

    def passed(self, passed: bool) -> str:
        return self("result.passed" if passed else "result.failed")

    def keyed(self, prefix: str, key: object, default: str = "") -> str:
        """The words for a stored code (a vote, a status), or `default` for a code not listed."""
        name = f"{prefix}.{'none' if key is None else key}"
        return self(name) if name in TEXT else default


def words_for(lang: str | None) -> Wording:
    return Wording(normalise_language("zh" if lang is None else lang))
