"""Words and colours the window uses for core codes (stages, selection kinds)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor

from retrofit_app.core.model import Stage

_STAGE_WORDS: dict[Stage, str] = {
    Stage.SURVEYED: QT_TRANSLATE_NOOP("Stage", "已调查"),
    Stage.DESIGN: QT_TRANSLATE_NOOP("Stage", "设计"),
    Stage.CONSTRUCTION: QT_TRANSLATE_NOOP("Stage", "施工"),
    Stage.ACCEPTANCE: QT_TRANSLATE_NOOP("Stage", "验收中"),
    Stage.ACCEPTED: QT_TRANSLATE_NOOP("Stage", "已验收"),
}

# Colour-blind-safe hues (Okabe–Ito), one per stage, dark enough for text on white.
# Surveyed is a dark slate, not Okabe–Ito blue: blue vanished on the blue of a selected tree row.
STAGE_COLOURS: dict[Stage, QColor] = {
    Stage.SURVEYED: QColor("#4A4F57"),
    Stage.DESIGN: QColor("#8E5BA8"),
    Stage.CONSTRUCTION: QColor("#D55E00"),
    Stage.ACCEPTANCE: QColor("#B08800"),
    Stage.ACCEPTED: QColor("#009E73"),
}


def stage_label(stage: Stage | str) -> str:
    return QCoreApplication.translate("Stage", _STAGE_WORDS[Stage(stage)])
