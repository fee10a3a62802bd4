"""Each programme table's columns by kind and the dates that must come in order (checked by values.Fields)."""

from __future__ import annotations

from retrofit_app.core.programme.codes import (
    COMMITTEE_KINDS,
    FUND_KINDS,
    FUNDING_SOURCES,
    PROPERTY_MODES,
    UNITS,
    WORK_CODES,
)
from retrofit_app.core.programme.values import Fields

PLAN = Fields(
    dates=("target_start", "target_completion", "started_on", "completed_on"),
    money=("budget_fen",),
    counts=("buildings_planned", "households_planned"),
    quantities=("floor_area_m2",),
    texts=("batch",),
    years=("plan_year",),
    order=(("target_start", "target_completion"), ("started_on", "completed_on")),
)
FUNDS = Fields(
    dates=("recorded_on",),
    money=("amount_fen",),
    codes={"source": FUNDING_SOURCES, "kind": FUND_KINDS},
    required=("source", "kind", "amount_fen"),
)
CONTRACTS = Fields(
    dates=("signed_on",),
    money=("price_fen",),
    texts=("name", "number", "contractor"),
)
WORKS = Fields(
    dates=("completed_on",),
    quantities=("quantity",),
    codes={"work": WORK_CODES, "unit": UNITS},
    required=("work", "quantity"),
)
ELEVATORS = Fields(
    dates=("consented_on", "approved_on", "started_on", "handed_over_on", "in_service_on"),
    money=("cost_fen", "subsidy_fen"),
    texts=("registration_number",),
    links=("building_uuid", "unit_uuid"),
    order=(
        ("consented_on", "started_on"), ("approved_on", "started_on"),
        ("started_on", "handed_over_on"), ("started_on", "in_service_on"),
    ),
)  # fmt: skip
SHARES = Fields(counts=("floor",), money=("share_fen",), notes=(), required=("floor", "share_fen"))
MANAGEMENT = Fields(
    dates=(
        "assembly_formed_on", "committee_formed_on", "committee_term_ends",
        "property_contract_start", "property_contract_end",
    ),
    counts=("committee_members",),
    texts=("property_company",),
    codes={"committee_kind": ("", *COMMITTEE_KINDS), "property_mode": ("", *PROPERTY_MODES)},
    order=(
        ("committee_formed_on", "committee_term_ends"),
        ("property_contract_start", "property_contract_end"),
    ),
)  # fmt: skip
MEETINGS = Fields(
    dates=("held_on",),
    counts=("attendees",),
    texts=("subject",),
    notes=("decisions",),
    required=("held_on",),
)

BY_TABLE = {
    "estate_plans": PLAN,
    "estate_funds": FUNDS,
    "estate_contracts": CONTRACTS,
    "estate_works": WORKS,
    "elevators": ELEVATORS,
    "elevator_cost_shares": SHARES,
    "estate_management": MANAGEMENT,
    "governance_meetings": MEETINGS,
}
