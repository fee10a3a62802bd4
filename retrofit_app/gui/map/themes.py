"""Map themes: a colour per estate and the legend that explains them."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor

from retrofit_app.core.geo.map_data import EstateShape
from retrofit_app.core.geo.vote_status import VOTE_STATUS_RGB, VoteStatus
from retrofit_app.core.model import Stage
from retrofit_app.gui.labels import STAGE_COLOURS, stage_label

THEMES = {
    "stage": QT_TRANSLATE_NOOP("MapTheme", "按改造阶段"),
    "progress": QT_TRANSLATE_NOOP("MapTheme", "按检查表进度"),
    "consultation": QT_TRANSLATE_NOOP("MapTheme", "按意见征询（楼栋/单元）"),
}
_VOTE_WORDS = {
    VoteStatus.PASSED: QT_TRANSLATE_NOOP("MapTheme", "已通过"),
    VoteStatus.PARTLY: QT_TRANSLATE_NOOP("MapTheme", "部分单元通过"),
    VoteStatus.OPEN: QT_TRANSLATE_NOOP("MapTheme", "征询中或未通过"),
    VoteStatus.NONE: QT_TRANSLATE_NOOP("MapTheme", "未征询"),
}
_VOTE_COLOURS = {status: QColor(*rgb) for status, rgb in VOTE_STATUS_RGB.items()}

# Four bands of checklist progress, light to dark green.
_PROGRESS_BANDS = [(0.25, "#d9f0d3"), (0.5, "#a6dba0"), (0.75, "#5aae61"), (1.01, "#1b7837")]


def theme_title(key: str) -> str:
    return QCoreApplication.translate("MapTheme", THEMES[key])


@dataclass(frozen=True)
class ThemeResult:
    colours: dict[str, QColor]  # estate uuid -> fill colour
    legend: list[tuple[QColor, str]]
    building_colours: dict[str, QColor] = field(default_factory=dict)  # only themes about buildings


def _progress_colour(value: float) -> QColor:
    for limit, colour in _PROGRESS_BANDS:
        if value < limit:
            return QColor(colour)
    return QColor(_PROGRESS_BANDS[-1][1])


def apply_theme(
    key: str,
    estates: list[EstateShape],
    progress: dict[str, float] | None = None,
    votes: tuple[dict[str, VoteStatus], dict[str, VoteStatus]] | None = None,
) -> ThemeResult:
    """`votes` is (estate uuid -> status, building uuid -> status) for the consultation theme."""
    if key == "consultation":
        by_estate, by_building = votes or ({}, {})
        legend = [
            (_VOTE_COLOURS[s], QCoreApplication.translate("MapTheme", _VOTE_WORDS[s]))
            for s in VoteStatus
        ]
        return ThemeResult(
            {e.uuid: _VOTE_COLOURS[by_estate.get(e.uuid, VoteStatus.NONE)] for e in estates},
            legend,
            {b: _VOTE_COLOURS[s] for b, s in by_building.items()},
        )
    if key == "progress":
        values = progress or {}
        colours = {e.uuid: _progress_colour(values.get(e.uuid, 0.0)) for e in estates}
        legend = [
            (QColor(c), f"{int(lo * 100)}–{min(100, int(hi * 100))}%")
            for (lo, _), (hi, c) in zip(
                [(0.0, "")] + _PROGRESS_BANDS[:-1], _PROGRESS_BANDS, strict=True
            )
        ]
        return ThemeResult(colours, legend)
    colours = {e.uuid: STAGE_COLOURS[e.stage] for e in estates}
    legend = [(STAGE_COLOURS[s], stage_label(s)) for s in Stage]
    return ThemeResult(colours, legend)
