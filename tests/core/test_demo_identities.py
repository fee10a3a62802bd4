"""The demo leaves the committee no identity question open: a buyer of two flats owns both with the
same co-owners, and owners the demo drew with the same name are recorded as different people."""

from __future__ import annotations

from retrofit_app.core.project import Project


def test_every_demo_tally_concludes_and_its_identity_decisions_are_recorded(demo_path):
    with Project(demo_path, readonly=True) as project:
        estates = project.estates.list()
        open_questions, kinds, statuses = [], set(), set()
        for estate in estates:
            questions = project.consultations.identity.questions(estate.uuid)
            open_questions += [q for q in questions if q.decision is None]
            kinds |= {(q.kind, q.decision) for q in questions}
            statuses |= {s.result.status for s in project.consultations.tally_estate(estate.uuid)}
        decided_by = {r[0] for r in project.db.execute("SELECT decided_by FROM identity_decisions")}
    assert open_questions == []
    assert kinds == {("name_different_ids", "different")}  # no co-owner sets half repeated
    assert decided_by == {"示范"}
    assert statuses == {"passed", "not_passed"}
