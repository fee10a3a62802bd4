"""Dataclasses and enums shared by every core service."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from retrofit_app.core.words import N_


class Stage(StrEnum):
    SURVEYED = "surveyed"
    DESIGN = "design"
    CONSTRUCTION = "construction"
    ACCEPTANCE = "acceptance"
    ACCEPTED = "accepted"


# Catalogue ids of the stages' names: say(STAGE_LABELS[stage], lang).
STAGE_LABELS: dict[Stage, str] = {
    Stage.SURVEYED: N_("stage.surveyed"),
    Stage.DESIGN: N_("stage.design"),
    Stage.CONSTRUCTION: N_("stage.construction"),
    Stage.ACCEPTANCE: N_("stage.acceptance"),
    Stage.ACCEPTED: N_("stage.accepted"),
}


class HouseholdKind(StrEnum):
    INDIVIDUAL = "individual"
    DEVELOPER_UNSOLD = "developer_unsold"
    ORGANISATION = "organisation"


@dataclass
class Estate:
    uuid: str
    code: str
    name: str
    address: str = ""
    district: str = ""
    street: str = ""
    community: str = ""
    year_built: int | None = None
    stage: Stage = Stage.SURVEYED
    note: str = ""
    lon: float | None = None
    lat: float | None = None
    boundary: dict[str, Any] | None = None
    deleted_at: str | None = None


@dataclass
class Building:
    uuid: str
    estate_uuid: str
    name: str
    storeys: int | None = None
    year_built: int | None = None
    structure: str = ""
    safety_grade: str = ""
    note: str = ""
    geometry: dict[str, Any] | None = None
    deleted_at: str | None = None


@dataclass
class Unit:
    uuid: str
    building_uuid: str
    name: str
    note: str = ""
    deleted_at: str | None = None


@dataclass
class Owner:
    uuid: str
    name: str
    id_number: str = ""
    phone: str = ""


@dataclass
class Household:
    uuid: str
    unit_uuid: str
    room: str
    floor: int | None = None
    area: float | None = None
    kind: HouseholdKind = HouseholdKind.INDIVIDUAL
    rented: bool = False
    tenant_name: str = ""
    tenant_opinion: str = ""
    note: str = ""
    owners: list[Owner] = field(default_factory=list)
    deleted_at: str | None = None


@dataclass(frozen=True)
class TreeNode:
    """One row of the estate tree: district → street → estate → building → unit."""

    kind: str  # "district" | "street" | "estate" | "building" | "unit"
    uuid: str
    label: str
    stage: Stage | None = None
    children: tuple[TreeNode, ...] = ()


@dataclass(frozen=True)
class ProjectCounts:
    estates: int
    buildings: int
    units: int
    households: int
    photos: int
