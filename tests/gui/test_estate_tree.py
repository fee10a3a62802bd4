"""The estate tree: its models pass Qt's model tester, search finds Chinese text, colours follow stages."""

from __future__ import annotations

from retrofit_app.core.model import Stage
from retrofit_app.core.project import Project
from retrofit_app.gui.estate_tree import KIND_ROLE, EstateTree
from retrofit_app.gui.labels import STAGE_COLOURS, stage_label


def test_tree_and_filter_models_pass_the_model_tester(qtbot, qtmodeltester, demo_path):  # noqa: ANN001
    with Project(demo_path) as project:
        tree = EstateTree.for_project(project)
        qtbot.addWidget(tree)
        qtmodeltester.check(tree.model)
        tree.search.setText("鼓楼")
        tree.apply_search()
        qtmodeltester.check(tree.proxy)


def test_tree_holds_every_estate_building_and_unit_under_its_district(qtbot, demo_path):  # noqa: ANN001
    with Project(demo_path) as project:
        tree = EstateTree.for_project(project)
        qtbot.addWidget(tree)
        counts = project.counts()
        kinds = [kind for kind, _uuid in tree.model.items]
        assert kinds.count("estate") == counts.estates
        assert kinds.count("building") == counts.buildings
        assert kinds.count("unit") == counts.units
        for estate in project.estates.list():
            item = tree.model.items[("estate", estate.uuid)]
            assert item.text() == f"{estate.name}（{estate.code}）"
            top = item
            while top.parent() is not None:
                top = top.parent()
            assert top.text() == estate.district and top.data(KIND_ROLE) == "district"
            assert item.foreground().color() == STAGE_COLOURS[estate.stage]
            assert item.toolTip() == stage_label(estate.stage)


def test_search_matches_name_code_address_district_and_street(qtbot, demo_path):  # noqa: ANN001
    with Project(demo_path) as project:
        tree = EstateTree.for_project(project)
        qtbot.addWidget(tree)
        estate = project.estates.resolve("GL-0001")
        label = f"{estate.name}（{estate.code}）"
        for text in (estate.name[:2], "gl-0001", estate.address[-6:], estate.street):
            tree.search.setText(text)
            tree.apply_search()
            assert label in tree.visible_estates(), text
        tree.search.setText("鼓楼区")
        tree.apply_search()
        shown = tree.visible_estates()
        assert shown and len(shown) == sum(
            1 for e in project.estates.list() if e.district == "鼓楼区"
        )


def test_a_search_that_matches_nothing_shows_nothing_and_clearing_shows_all(qtbot, demo_path):  # noqa: ANN001
    with Project(demo_path) as project:
        tree = EstateTree.for_project(project)
        qtbot.addWidget(tree)
        tree.search.setText("不存在的小区名")
        tree.apply_search()
        assert tree.visible_estates() == []
        tree.search.clear()
        tree.apply_search()
        assert len(tree.visible_estates()) == project.counts().estates


def test_search_text_with_sql_wildcards_is_taken_literally(qtbot, demo_path):  # noqa: ANN001
    with Project(demo_path) as project:
        tree = EstateTree.for_project(project)
        qtbot.addWidget(tree)
        tree.search.setText("%")
        tree.apply_search()
        assert tree.visible_estates() == []


def test_typing_searches_after_a_pause_without_pressing_enter(qtbot, demo_path):  # noqa: ANN001
    with Project(demo_path) as project:
        tree = EstateTree.for_project(project)
        qtbot.addWidget(tree)
        qtbot.keyClicks(tree.search, "GL-0002")
        qtbot.waitUntil(lambda: len(tree.visible_estates()) == 1, timeout=2000)


def test_an_edit_elsewhere_refreshes_the_tree_and_keeps_the_selection(qtbot, demo_path):  # noqa: ANN001
    with Project(demo_path) as project:
        tree = EstateTree.for_project(project)
        qtbot.addWidget(tree)
        estate = project.estates.resolve("GL-0001")
        tree.context.select("estate", estate.uuid)
        project.estates.update(estate.uuid, name="颐和新村北区", stage=str(Stage.CONSTRUCTION))
        tree.context.notify_changed("estates")
        item = tree.model.items[("estate", estate.uuid)]
        assert item.text() == "颐和新村北区（GL-0001）"
        assert item.foreground().color() == STAGE_COLOURS[Stage.CONSTRUCTION]
        assert tree.view.currentIndex().data() == "颐和新村北区（GL-0001）"
