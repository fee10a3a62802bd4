"""Read-only views of the estates for the window: the district → unit tree and per-estate counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from retrofit_app.core.model import Stage, TreeNode
from retrofit_app.core.storage import queries
from retrofit_app.core.storage.estate_counts import estate_counts as _estate_counts

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


@dataclass(frozen=True)
class EstateCounts:
    buildings: int
    units: int
    households: int


def estate_tree(project: Project) -> list[TreeNode]:
    """Districts, each holding streets → estates → buildings → units; district/street uuids are their names.

    Estates without a street hang directly under their district.
    """
    # The plain connection, not project.db: the tree is the first thing the window shows, and
    # sqlite-utils (with numpy behind it) adds half a second of imports before it.
    with project.read():
        estates, buildings, units = queries.tree_rows(project.conn)
    units_of: dict[str, list[TreeNode]] = defaultdict(list)
    for row in units:
        units_of[row["building_uuid"]].append(TreeNode("unit", row["uuid"], row["name"]))
    buildings_of: dict[str, list[TreeNode]] = defaultdict(list)
    for row in buildings:
        buildings_of[row["estate_uuid"]].append(
            TreeNode("building", row["uuid"], row["name"], None, tuple(units_of[row["uuid"]]))
        )
    # Rows come ordered by district, street, code: group while keeping that order.
    grouped: dict[str, dict[str, list[TreeNode]]] = {}
    for row in estates:
        label = f"{row['name']}（{row['code']}）"
        node = TreeNode(
            "estate",
            row["uuid"],
            label,
            Stage(row["stage"]),
            tuple(buildings_of.get(row["uuid"], ())),
        )
        grouped.setdefault(row["district"], {}).setdefault(row["street"], []).append(node)
    tree: list[TreeNode] = []
    for district, streets in grouped.items():
        children: list[TreeNode] = []
        for street, nodes in streets.items():
            if street:
                children.append(TreeNode("street", street, street, None, tuple(nodes)))
            else:
                children.extend(nodes)
        tree.append(TreeNode("district", district, district, None, tuple(children)))
    return tree


def estate_counts(project: Project, estate_uuid: str) -> EstateCounts:
    with project.read():
        return EstateCounts(**_estate_counts(project.db, estate_uuid))


def matching_estate_uuids(project: Project, text: str) -> set[str]:
    """Estates whose name, code, address, district, street or community contains `text`."""
    return {estate.uuid for estate in project.estates.search(text)}
