"""The figures of a programme review (半年通报、年度评估、三年总评) for a period, per district and in
all, each with the estates behind it, the estates it could not count, and the plan's target."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.programme.codes import FUNDING_SOURCES
from retrofit_app.core.programme.review_period import ReviewPeriod, parse_period, stored_day
from retrofit_app.core.storage import review_queries as q

if TYPE_CHECKING:
    from retrofit_app.core.access import ProjectAccess

ELEVATOR_STAGES = ("consented", "approved", "started", "in_service")
RATINGS = ("satisfied", "basically_satisfied", "dissatisfied")
# Stages an estate reaches only after its works began: without a start date, its start is unknown.
_STARTED_STAGES = ("construction", "acceptance", "accepted")
PROGRESS = ("estates", "buildings", "households", "floor_area")
# A figure whose plan target (codes.MEASURES) goes by another name.
TARGET_MEASURES = {"investment_actual": "investment"}
# The plan states money targets in 万元 (as import-plan reads them); the figures count 分.
TARGET_SCALES = {"investment": 1_000_000}


@dataclass(frozen=True)
class EstateRef:
    uuid: str
    code: str
    name: str
    district: str
    street: str
    batch: str


@dataclass(frozen=True)
class Figure:
    """One number: `measure` (estates_started, investment_actual …), `part` (a funding source,
    a work, a rating; '' for the whole), in `unit` (count, m2, fen, percent or a works unit)."""

    measure: str
    part: str
    value: float | None  # None: nothing to compute it from (no ratings at all)
    unit: str
    estates: tuple[EstateRef, ...]  # the estates behind the figure
    unknown: tuple[EstateRef, ...] = ()  # estates it could not count: a date or amount missing
    target: float | None = None

    @property
    def key(self) -> str:
        return f"{self.measure}.{self.part}" if self.part else self.measure


@dataclass
class GroupFigures:
    district: str | None  # None: everything in the review's scope
    figures: list[Figure] = field(default_factory=list)

    def get(self, measure: str, part: str = "") -> Figure | None:
        return next((f for f in self.figures if f.measure == measure and f.part == part), None)

    def parts(self, measure: str) -> list[Figure]:
        return [f for f in self.figures if f.measure == measure and f.part]


@dataclass(frozen=True)
class ReviewScope:
    district: str = ""
    street: str = ""
    batch: str = ""


@dataclass
class ReviewFigures:
    period: ReviewPeriod
    scope: ReviewScope
    estates: list[EstateRef]
    groups: list[GroupFigures]  # the whole scope first, then one per district

    @property
    def whole(self) -> GroupFigures:
        return self.groups[0]

    @property
    def districts(self) -> list[GroupFigures]:
        return self.groups[1:]


@dataclass
class _Data:
    estates: list[dict[str, Any]]
    funds: list[dict[str, Any]]
    elevators: list[dict[str, Any]]
    works: list[dict[str, Any]]
    ratings: list[dict[str, Any]]
    defects: list[dict[str, Any]]
    management: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    districts: list[str]


def review_figures(
    project: ProjectAccess,
    period: ReviewPeriod | str,
    scope: ReviewScope | None = None,
) -> ReviewFigures:
    """The review's figures for `period`, for the estates `scope` picks (district, street, batch)."""
    period = parse_period(period) if isinstance(period, str) else period
    scope = scope or ReviewScope()
    with project.read():
        db = project.db
        data = _Data(
            q.review_estates(db), q.review_funds(db), q.review_elevators(db), q.review_works(db),
            q.review_satisfaction(db), q.review_defects(db), q.review_management(db),
            q.review_targets(db, period.label), q.district_names(db),
        )  # fmt: skip
    return figures_from(data, period, scope)


def figures_from(data: _Data, period: ReviewPeriod, scope: ReviewScope) -> ReviewFigures:
    if scope.district and scope.district not in data.districts:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="district", value=scope.district)
    chosen = [
        row for row in data.estates
        if (not scope.district or row["district"] == scope.district)
        and (not scope.street or row["street"] == scope.street)
        and (not scope.batch or row["batch"] == scope.batch)
    ]  # fmt: skip
    refs = [_ref(row) for row in chosen]
    districts = sorted({row["district"] for row in chosen})
    groups = [_group(data, period, chosen, None, _targets(data, scope, None))]
    for name in districts:
        rows = [row for row in chosen if row["district"] == name]
        targets = _targets(data, scope, name) if not (scope.street or scope.batch) else {}
        groups.append(_group(data, period, rows, name, targets))
    return ReviewFigures(period, scope, refs, groups)


def _targets(data: _Data, scope: ReviewScope, district: str | None) -> dict[str, float]:
    """The plan's targets for a group: a district's own; the whole project's for the whole scope.
    A street or batch has none (the plan sets targets by district)."""
    if scope.street or scope.batch:
        return {}
    name = district if district is not None else scope.district
    if name:
        return {
            t["measure"]: t["target"]
            for t in data.targets
            if not t["whole"] and t["district"] == name
        }
    return {t["measure"]: t["target"] for t in data.targets if t["whole"]}


def _ref(row: dict[str, Any]) -> EstateRef:
    return EstateRef(
        row["uuid"], row["code"], row["name"], row["district"], row["street"], row["batch"]
    )


def _refs(by_uuid: dict[str, EstateRef], uuids: Iterable[str]) -> tuple[EstateRef, ...]:
    found = {by_uuid[u] for u in uuids if u in by_uuid}
    return tuple(sorted(found, key=lambda r: r.code))


def _group(
    data: _Data, period: ReviewPeriod, estates: list[dict[str, Any]], district: str | None,
    targets: dict[str, float],
) -> GroupFigures:  # fmt: skip
    by_uuid = {row["uuid"]: _ref(row) for row in estates}
    figures: list[Figure] = []
    for make in (_progress, _money, _elevators, _works, _satisfaction, _defects, _management):
        figures += make(data, period, estates, by_uuid)
    with_targets = [
        replace(f, target=_scaled_target(targets, _target_measure(f.measure)))
        if not f.part and _target_measure(f.measure) in targets else f
        for f in figures
    ]  # fmt: skip
    return GroupFigures(district, with_targets)


def _scaled_target(targets: dict[str, float], measure: str) -> float:
    return targets[measure] * TARGET_SCALES.get(measure, 1)


def _target_measure(measure: str) -> str:
    return TARGET_MEASURES.get(measure, measure)


def _progress(
    data: _Data, period: ReviewPeriod, estates: list[dict], by_uuid: dict
) -> list[Figure]:
    """Started and completed in the period, by the dates recorded in each estate's plan."""
    figures = []
    for event, column in (("started", "started_on"), ("completed", "completed_on")):
        counted, unknown = [], []
        for row in estates:
            day = stored_day(row[column])
            if period.holds(day):
                counted.append(row)
            elif day is None and _happened(row, event):
                unknown.append(row)
        size = {
            "estates": lambda r: 1,
            "buildings": lambda r: _first(r["buildings_planned"], r["buildings_counted"]),
            "households": lambda r: _first(r["households_planned"], r["households_counted"]),
            "floor_area": lambda r: r["floor_area_m2"],
        }
        for measure in PROGRESS:
            known = [r for r in counted if size[measure](r) is not None]
            missing = [r for r in counted if size[measure](r) is None]
            figures.append(
                Figure(
                    f"{measure}_{event}",
                    "",
                    sum(size[measure](r) for r in known),
                    "m2" if measure == "floor_area" else "count",
                    _refs(by_uuid, (r["uuid"] for r in known)),
                    _refs(by_uuid, (r["uuid"] for r in unknown + missing)),
                )  # fmt: skip
            )
    return figures


def _happened(row: dict[str, Any], event: str) -> bool:
    """Whether the estate's stage says the start (completion) happened though no date says when."""
    if event == "started":
        return row["stage"] in _STARTED_STAGES or stored_day(row["completed_on"]) is not None
    return row["stage"] == "accepted"


def _first(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


def _money(data: _Data, period: ReviewPeriod, estates: list[dict], by_uuid: dict) -> list[Figure]:
    """Actual investment recorded in the period by funding source, and the budgets, in fen."""
    mine = [f for f in data.funds if f["estate_uuid"] in by_uuid]
    figures = []
    for kind in ("actual", "budget"):
        rows = [f for f in mine if f["kind"] == kind]
        if kind == "actual":
            undated = [f for f in rows if stored_day(f["recorded_on"]) is None]
            rows = [f for f in rows if period.holds(stored_day(f["recorded_on"]))]
        else:
            undated = []
        for part in ("", *FUNDING_SOURCES):
            picked = [f for f in rows if not part or f["source"] == part]
            missing = [f for f in undated if not part or f["source"] == part]
            if part and not picked and not missing:
                continue
            figures.append(
                Figure(
                    f"investment_{kind}",
                    part,
                    sum(f["amount_fen"] for f in picked),
                    "fen",
                    _refs(by_uuid, (f["estate_uuid"] for f in picked)),
                    _refs(by_uuid, (f["estate_uuid"] for f in missing)),
                )  # fmt: skip
            )
    return figures


def _elevators(
    data: _Data, period: ReviewPeriod, estates: list[dict], by_uuid: dict
) -> list[Figure]:
    """Elevators that reached each stage in the period, and all that had by its end."""
    mine = [e for e in data.elevators if e["estate_uuid"] in by_uuid]
    figures = []
    for index, stage in enumerate(ELEVATOR_STAGES):
        days = [(e, stored_day(e[f"{stage}_on"])) for e in mine]
        # A later stage recorded without this one's date: the elevator got here, when is not known.
        later = ELEVATOR_STAGES[index + 1 :]
        unknown = [
            e for e, day in days if day is None and any(stored_day(e[f"{s}_on"]) for s in later)
        ]
        for measure, test in (
            (f"elevators_{stage}", period.holds),
            (f"elevators_{stage}_total", period.reached),
        ):
            counted = [e for e, day in days if test(day)]
            figures.append(
                Figure(
                    measure,
                    "",
                    len(counted),
                    "count",
                    _refs(by_uuid, (e["estate_uuid"] for e in counted)),
                    _refs(by_uuid, (e["estate_uuid"] for e in unknown)),
                )  # fmt: skip
            )
    return figures


def _works(data: _Data, period: ReviewPeriod, estates: list[dict], by_uuid: dict) -> list[Figure]:
    """Key works quantities completed in the period, per work (its unit as recorded)."""
    completed = {r["uuid"]: stored_day(r["completed_on"]) for r in estates}
    mine = [w for w in data.works if w["estate_uuid"] in by_uuid]
    figures = []
    for work in sorted({w["work"] for w in mine}):
        rows = [w for w in mine if w["work"] == work]
        done = [w for w in rows if period.holds(stored_day(w["completed_on"]))]
        # Undated work on an estate completed in the period was done then or before: not counted.
        unknown = [
            w for w in rows
            if stored_day(w["completed_on"]) is None and period.holds(completed.get(w["estate_uuid"]))
        ]  # fmt: skip
        unit = next((w["unit"] for w in rows if w["unit"]), "")
        figures.append(
            Figure(
                "works",
                work,
                sum(w["quantity"] for w in done),
                unit,
                _refs(by_uuid, (w["estate_uuid"] for w in done)),
                _refs(by_uuid, (w["estate_uuid"] for w in unknown)),
            )  # fmt: skip
        )
    return figures


def _satisfaction(
    data: _Data, period: ReviewPeriod, estates: list[dict], by_uuid: dict
) -> list[Figure]:
    """Residents' satisfaction ratings received in the period, and the share satisfied."""
    mine = [r for r in data.ratings if r["estate_uuid"] in by_uuid]
    undated = [r for r in mine if stored_day(r["received_on"]) is None]
    rated = [r for r in mine if period.holds(stored_day(r["received_on"]))]
    missing = _refs(by_uuid, (r["estate_uuid"] for r in undated))
    figures = []
    for rating in RATINGS:
        picked = [r for r in rated if r["rating"] == rating]
        figures.append(
            Figure(
                "satisfaction",
                rating,
                len(picked),
                "count",
                _refs(by_uuid, (r["estate_uuid"] for r in picked)),
                missing,
            )  # fmt: skip
        )
    content = sum(1 for r in rated if r["rating"] != "dissatisfied")
    rate = 100.0 * content / len(rated) if rated else None
    figures.append(
        Figure(
            "satisfaction_rate",
            "",
            rate,
            "percent",
            _refs(by_uuid, (r["estate_uuid"] for r in rated)),
            missing,
        )  # fmt: skip
    )
    return figures


def _defects(data: _Data, period: ReviewPeriod, estates: list[dict], by_uuid: dict) -> list[Figure]:
    """Rectifications as they stand today (a defect keeps no date of its rectification)."""
    mine = [d for d in data.defects if d["estate_uuid"] in by_uuid]
    figures = []
    for measure, statuses in (
        ("defects_open", ("open",)),
        ("defects_rectified", ("rectified", "verified")),
    ):
        picked = [d for d in mine if d["status"] in statuses]
        figures.append(
            Figure(
                measure,
                "",
                len(picked),
                "count",
                _refs(by_uuid, (d["estate_uuid"] for d in picked)),
            )  # fmt: skip
        )
    return figures


def _management(
    data: _Data, period: ReviewPeriod, estates: list[dict], by_uuid: dict
) -> list[Figure]:
    """业委会 (or 物管会) formed, and property management brought in: in the period and by its end."""
    mine = [m for m in data.management if m["estate_uuid"] in by_uuid]
    figures = []
    for name, has_it, column in (
        ("committees", lambda m: bool(m["committee_kind"]), "committee_formed_on"),
        ("property", lambda m: bool(m["property_mode"]), "property_contract_start"),
    ):
        unknown = [m for m in mine if has_it(m) and stored_day(m[column]) is None]
        in_period = "committees_formed" if name == "committees" else "property_brought_in"
        for measure, test in ((in_period, period.holds), (f"{name}_total", period.reached)):
            picked = [m for m in mine if test(stored_day(m[column]))]
            figures.append(
                Figure(
                    measure,
                    "",
                    len(picked),
                    "count",
                    _refs(by_uuid, (m["estate_uuid"] for m in picked)),
                    _refs(by_uuid, (m["estate_uuid"] for m in unknown)),
                )  # fmt: skip
            )
    return figures


@dataclass(frozen=True)
class ReviewChoices:
    """What a review can be narrowed to: the districts, streets and plan batches the estates have."""

    districts: list[str]
    streets: list[tuple[str, str]]  # (district, street)
    batches: list[str]


def review_choices(project: ProjectAccess) -> ReviewChoices:
    with project.read():
        rows = q.review_estates(project.db)
    return ReviewChoices(
        sorted({r["district"] for r in rows if r["district"]}),
        sorted({(r["district"], r["street"]) for r in rows if r["street"]}),
        sorted({r["batch"] for r in rows if r["batch"]}),
    )
