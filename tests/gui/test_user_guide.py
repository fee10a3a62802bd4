"""Help → User guide: the shipped guide (Chinese first), its screenshots, its table of contents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QKeySequence, QTextDocument

from retrofit_app.gui.dialogs.user_guide_dialog import (
    IMAGE_WIDTH,
    UserGuideDialog,
    guide_file,
    guide_folder,
    heading_slug,
)

GUIDES = ("guide_zh.md", "guide_en.md", "first_run_zh.md", "first_run_en.md")
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
ANCHOR_LINK = re.compile(r"\]\(#([^)]+)\)")


def test_the_guide_is_chinese_unless_english_is_chosen():
    assert guide_file("zh_CN").name == "guide_zh.md"
    assert guide_file("en").name == "guide_en.md"
    assert guide_file("fr").name == "guide_zh.md"  # an unknown language falls back to Chinese


@pytest.mark.parametrize("name", GUIDES)
def test_every_picture_a_guide_names_exists(name: str):
    text = (guide_folder() / name).read_text(encoding="utf-8")
    for target in IMAGE_LINK.findall(text):
        assert (guide_folder() / target).is_file(), f"{name} shows {target}, which is missing"


def test_the_chinese_guide_shows_every_tab_and_the_first_run():
    names = set(IMAGE_LINK.findall((guide_folder() / "guide_zh.md").read_text(encoding="utf-8")))
    shipped = {f"images/{p.name}" for p in (guide_folder() / "images").glob("*.png")}
    assert names == shipped  # no picture left out, none shipped for nothing


def test_the_pictures_stay_small():
    total = sum(p.stat().st_size for p in (guide_folder() / "images").glob("*"))
    assert 0 < total < 1.5 * 2**20


@pytest.mark.parametrize("name", ["guide_zh.md", "guide_en.md"])
def test_every_table_of_contents_link_has_its_heading(name: str):
    text = (guide_folder() / name).read_text(encoding="utf-8")
    headings = {heading_slug(h) for h in re.findall(r"^#+ (.+)$", text, re.MULTILINE)}
    assert set(ANCHOR_LINK.findall(text)) <= headings


def test_the_guide_covers_what_a_user_needs():
    text = (guide_folder() / "guide_zh.md").read_text(encoding="utf-8")
    for topic in (
        "地图",
        "概况",
        "检查表",
        "意见征询",
        "照片",
        "报告",
        "新建项目",
        "备份",
        "另存副本",
        "外业副本",
        "命令行",
    ):
        assert f"## {topic}" in text or topic in text, topic


def test_help_menu_opens_the_chinese_guide_with_its_pictures(qtbot, window):  # noqa: ANN001
    action = window.user_guide_action
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    assert "&" in action.text()  # a mnemonic in the Help menu
    action.trigger()
    dialog = window.user_guide_dialog
    qtbot.waitExposed(dialog)
    assert dialog.isVisible()
    text = dialog.browser.toPlainText()
    assert "用户指南" in text and "意见征询" in text
    picture = dialog.browser.loadResource(
        QTextDocument.ResourceType.ImageResource.value, QUrl("images/01-map.png")
    )
    assert isinstance(picture, QImage) and not picture.isNull()
    # Wide screenshots are shrunk to fit the dialog (in logical pixels).
    assert picture.width() / picture.devicePixelRatio() <= IMAGE_WIDTH + 1
    action.trigger()  # a second F1 raises the same window
    assert window.user_guide_dialog is dialog


def test_the_guide_follows_the_english_setting(qtbot):  # noqa: ANN001
    dialog = UserGuideDialog("en")
    qtbot.addWidget(dialog)
    assert "User Guide" in dialog.browser.toPlainText()
    assert dialog.path == guide_folder() / "guide_en.md"


def test_a_table_of_contents_link_scrolls_to_its_heading(qtbot):  # noqa: ANN001
    dialog = UserGuideDialog("zh_CN")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    bar = dialog.browser.verticalScrollBar()
    assert bar.value() == 0
    dialog.browser.anchorClicked.emit(QUrl("#" + heading_slug("备份与恢复")))
    assert bar.value() > 0


def test_heading_slugs_follow_github():
    assert heading_slug("外业副本：多人分头调查") == "外业副本多人分头调查"
    assert heading_slug("Starting a real project") == "starting-a-real-project"
    assert heading_slug("Retrofit Survey — User Guide") == "retrofit-survey--user-guide"


def test_the_guide_file_is_shipped_with_the_package():
    # Found through core/resources.py, as the frozen build finds it.
    assert guide_folder().name == "guide" and Path(guide_folder(), "guide_zh.md").is_file()
