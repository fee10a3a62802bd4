"""The checklist service: templates in a project, an estate's checklists, answering items."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrofit_app.core.checklists import answers as answer_values
from retrofit_app.core.checklists.defects import DefectService, sync_defects
from retrofit_app.core.checklists.model import Answer, Checklist
from retrofit_app.core.checklists.progress import EMPTY, Progress, due_stages
from retrofit_app.core.checklists.template_model import Template, template_from_json
from retrofit_app.core.checklists.templates import (
    canonical,
    read_template_file,
    shipped_files,
    shipped_key,
    shipped_template,
    validate_body,
    write_template_file,
)
from retrofit_app.core.checklists.upgrade import Upgrade, plan_upgrade
from retrofit_app.core.clock import now_iso
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.ids import stable_uuid
from retrofit_app.core.storage import checklist_store as store
from retrofit_app.core.storage import records
from retrofit_app.core.storage.rows import from_row
from retrofit_app.core.text_limits import check_lengths

if TYPE_CHECKING:
    from retrofit_app.core.access import ProjectAccess

# Estate checklists first, then buildings, then units; the acceptance list comes last in its group.
_SCOPE_RANK = {"estate": 0, "building": 1, "unit": 2}


def _answer(row: dict[str, Any]) -> Answer:
    return from_row(Answer, row, convert={"value": answer_values.decode})


class ChecklistService:
    def __init__(self, project: ProjectAccess) -> None:
        self.project = project
        self.defects = DefectService(project, self.template_of_checklist)
        # A stored (template_id, version) never changes, so parsed templates are kept.
        self._templates: dict[str, Template] = {}
        self._shipped_checked = False

    @property
    def _db(self):  # noqa: ANN202
        return self.project.db

    # ------------------------------------------------------------- templates
    def ensure_shipped(self) -> int:
        """Store the shipped templates the project lacks (first use); returns how many were added."""
        if self.project.readonly or self._shipped_checked:
            return 0
        with self.project.read():
            have = store.stored_template_keys(self._db)
        missing = [shipped_template(f) for f in shipped_files() if shipped_key(f) not in have]
        if missing:
            with self.project.write() as db:
                for template in missing:
                    self._store_template(db, template)
        self._shipped_checked = True
        return len(missing)

    def _store_template(self, db, template: Template) -> str:  # noqa: ANN001
        body = canonical(template.body)
        digest = hashlib.sha256(body.encode()).hexdigest()
        values = {
            "uuid": stable_uuid("template", template.template_id, template.version, digest),
            "template_id": template.template_id,
            "version": template.version,
            "name": template.zh,
            "scope": template.scope,
            "body": body,
            "imported_at": now_iso(),
        }
        return records.insert_row(db, "checklist_templates", values, self.project.user, stamp=False)

    def template(self, uuid: str) -> Template:
        cached = self._templates.get(uuid)
        if cached is None:
            with self.project.read():
                row = store.template_row(self._db, uuid)
            if row is None:
                raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
            cached = self._templates[uuid] = template_from_json(json.loads(row["body"]), uuid)
        return cached

    def templates(self) -> list[Template]:
        """Every stored template, every version, by id then version."""
        with self.project.read():
            found = store.template_rows(self._db)
        return [self.template(r["uuid"]) for r in found]

    def latest_templates(self) -> list[Template]:
        latest: dict[str, Template] = {}
        for template in self.templates():
            latest[template.template_id] = template  # rows come in version order
        return list(latest.values())

    def import_template(self, path: Path) -> Template:
        """Add a template file; an invalid file, or a changed body under a used version, is refused."""
        return self._keep(read_template_file(path), Path(path).name)

    def add_version(self, body: dict[str, Any]) -> Template:
        """Store a template body edited in the program (template_edit): checked like a file."""
        name = f"{body.get('template_id', '')}-v{body.get('version', '')}"
        return self._keep(validate_body(body, name), name)

    def _keep(self, template: Template, file: str) -> Template:
        with self.project.write() as db:
            existing = store.template_by_key(db, template.template_id, template.version)
            if existing is not None:
                if existing["body"] != canonical(template.body):
                    raise RetrofitError(
                        ErrorCode.TEMPLATE_VERSION_EXISTS,
                        template=template.template_id,
                        version=template.version,
                        file=file,
                    )
                return self.template(existing["uuid"])
            uuid = self._store_template(db, template)
        return self.template(uuid)

    def export_template(self, uuid: str, path: Path) -> Path:
        return write_template_file(self.template(uuid), path)

    # ------------------------------------------------------------- checklists
    def create_for_estate(
        self, estate_uuid: str, template_ids: Iterable[str] | None = None
    ) -> list[str]:
        """Make the missing checklists of an estate from the latest templates, one per estate,
        building or unit as each template's scope says. A target that already has a checklist of
        a template keeps it, whatever version it was made with."""
        self.ensure_shipped()
        wanted = set(template_ids) if template_ids is not None else None
        made: list[str] = []
        with self.project.write() as db:
            have = store.existing_targets(db, estate_uuid)
            targets = store.live_targets(db, estate_uuid)
            for template in self.latest_templates():
                if wanted is not None and template.template_id not in wanted:
                    continue
                for target in targets[template.scope]:
                    if (template.template_id, target) in have:
                        continue
                    values = {
                        "uuid": stable_uuid("checklist", template.uuid, target),
                        "template_uuid": template.uuid,
                        "estate_uuid": estate_uuid,
                        "target_kind": template.scope,
                        "target_uuid": target,
                        "created_at": now_iso(),
                    }
                    made.append(
                        records.insert_row(db, "checklists", values, self.project.user, stamp=False)
                    )
        return made

    def of_estate(self, estate_uuid: str) -> list[Checklist]:
        """Every checklist of the estate with its answers and progress, in a few queries."""
        with self.project.read():
            stage = store.estate_stage(self._db, estate_uuid)
            if stage is None:
                raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
            rows = store.checklists_of_estate(self._db, estate_uuid)
            answer_rows = store.answers_of_estate(self._db, estate_uuid)
            defects = store.defects_of_estate(self._db, estate_uuid)
        due = due_stages(stage)
        by_checklist: dict[str, dict[tuple[str, str], Answer]] = defaultdict(dict)
        for row in answer_rows:
            answer = _answer(row)
            by_checklist[row["checklist_uuid"]][(answer.item_id, answer.stage)] = answer
        unresolved: dict[str, set[str]] = defaultdict(set)
        for d in defects:
            if d["status"] != "verified" and d["checklist_uuid"]:
                unresolved[d["checklist_uuid"]].add(d["item_id"])
        checklists = []
        for row in rows:
            checklist = from_row(
                Checklist,
                row,
                template=self.template(row["template_uuid"]),
                answers=by_checklist.get(row["uuid"], {}),
                due=due,
                open_defects=len(unresolved.get(row["uuid"], ())),
                defect_items=frozenset(unresolved.get(row["uuid"], ())),
            )
            checklist.recount()
            checklists.append(checklist)
        # Stable sort: the store's natural order of buildings and units stays within each group.
        checklists.sort(key=lambda c: (_SCOPE_RANK[c.target_kind], c.template.acceptance))
        return checklists

    def get(self, checklist_uuid: str) -> Checklist:
        row = self._row(checklist_uuid)
        return next(c for c in self.of_estate(row["estate_uuid"]) if c.uuid == checklist_uuid)

    def reload(self, checklist: Checklist) -> Checklist:
        """The same checklist with its answers and defects read again; cheap enough per keystroke."""
        with self.project.read():
            answer_rows = store.answers_of_checklist(self._db, checklist.uuid)
            unresolved = store.unverified_defects_by_item(self._db, checklist.uuid)
        checklist.answers = {(r["item_id"], r["stage"]): _answer(r) for r in answer_rows}
        checklist.open_defects = len(unresolved)
        checklist.defect_items = frozenset(unresolved)
        checklist.recount()
        return checklist

    def template_of_checklist(self, checklist_uuid: str) -> Template:
        return self.template(self._row(checklist_uuid)["template_uuid"])

    def _row(self, checklist_uuid: str) -> dict[str, Any]:
        with self.project.read():
            row = store.checklist_row(self._db, checklist_uuid)
        if row is None:
            raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
        return row

    def upgrade(self, checklist_uuid: str) -> Upgrade:
        """Move a checklist to the latest version of its template. Every answer stays in the file:
        one whose item is kept (or renamed, as the template's `changes` list) follows it; one whose
        item is gone or reads differently now stays under its old id, retired, shown by the list
        of changes returned."""
        self.ensure_shipped()
        checklist = self.get(checklist_uuid)
        old = checklist.template
        new = next(t for t in self.latest_templates() if t.template_id == old.template_id)
        if new.version <= old.version:
            return Upgrade(old, old, [], {i.id: i.id for i in old.items})
        plan = plan_upgrade(old, new)
        with self.project.write() as db:
            for answer in checklist.answers.values():
                target = plan.target_of(answer.item_id, answer.value)
                if target is not None and target != answer.item_id:
                    records.update_row(db, "checklist_answers", answer.uuid, {"item_id": target},
                                       self.project.user, stamp=False)  # fmt: skip
            records.update_row(db, "checklists", checklist_uuid, {"template_uuid": new.uuid},
                               self.project.user, stamp=False)  # fmt: skip
        return plan

    def outdated(self, estate_uuid: str) -> list[Checklist]:
        """The estate's checklists made with an older version than the latest of their template."""
        self.ensure_shipped()
        latest = {t.template_id: t.version for t in self.latest_templates()}
        return [c for c in self.of_estate(estate_uuid)
                if c.template.version < latest.get(c.template.template_id, 0)]  # fmt: skip

    # ------------------------------------------------------------- answering
    def answer(
        self, checklist_uuid: str, item_id: str, stage: str, value: Any, note: str | None = None
    ) -> Answer | None:
        """Set (or with None, clear) one answer; a failed answer opens a defect, a corrected one
        withdraws the defect it opened if nobody has worked on it. Returns the stored answer."""
        return self.answer_many(checklist_uuid, [(item_id, stage, value, note)])[0]

    def answer_many(
        self, checklist_uuid: str, entries: list[tuple[str, str, Any, str | None]]
    ) -> list[Answer | None]:
        """Several (item_id, stage, value, note) answers as one action; see answer()."""
        row = self._row(checklist_uuid)
        template = self.template(row["template_uuid"])
        cleaned = []
        for item_id, stage, value, note in entries:
            item = template.item(item_id)
            if item is None or stage not in item.stages:
                raise RetrofitError(ErrorCode.NO_SUCH_ITEM, item=item_id, stage=stage)
            cleaned.append((item_id, stage, answer_values.clean_value(item, value), note))
            check_lengths({"note": note, "answer": cleaned[-1][2]})
        with self.project.write() as db:
            # Read the list's answers once, not per entry: the demo and bulk entry write thousands.
            known = {
                (a["item_id"], a["stage"]): a
                for a in store.answers_of_checklist(db, checklist_uuid)
            }
            for item_id, stage, value, note in cleaned:
                self._write_answer(db, checklist_uuid, known, item_id, stage, value, note)
            rows = {
                (a["item_id"], a["stage"]): a
                for a in store.answers_of_checklist(db, checklist_uuid)
            }
            current = {key: answer_values.decode(a["value"]) for key, a in rows.items()}
            sync_defects(db, self.project.user, row, template, current)
        return [_answer(rows[(i, s)]) if (i, s) in rows else None for i, s, _v, _n in cleaned]

    def _write_answer(
        self,
        db,  # noqa: ANN001
        checklist_uuid: str,
        known: dict[tuple[str, str], dict[str, Any]],
        item_id: str,
        stage: str,
        value: Any,
        note: str | None,
    ) -> None:
        """Insert, update or delete one answer row; `known` holds the rows as they now stand."""
        user = self.project.user
        before = known.get((item_id, stage))
        new_note = (before["note"] if before else "") if note is None else note.strip()
        encoded = answer_values.encode(value)
        if before is not None and (before["value"], before["note"]) == (encoded, new_note):
            return  # the same tap twice is not a change worth an audit entry
        if value is None and not new_note:
            if before is not None:
                records.delete_row(db, "checklist_answers", before["uuid"], user)
                del known[(item_id, stage)]
            return
        fields = {"value": encoded, "note": new_note, "answered_by": user, "answered_at": now_iso()}
        if before is not None:
            records.update_row(db, "checklist_answers", before["uuid"], fields, user, stamp=False)
            known[(item_id, stage)] = {**before, **fields}
            return
        fields.update(
            uuid=stable_uuid("answer", checklist_uuid, item_id, stage),
            checklist_uuid=checklist_uuid,
            item_id=item_id,
            stage=stage,
        )
        records.insert_row(db, "checklist_answers", fields, user, stamp=False)
        known[(item_id, stage)] = fields

    # ------------------------------------------------------------- progress
    def estate_progress(self, estate_uuid: str) -> Progress:
        """All checklists of the estate together; open defects counts every unverified one."""
        total = EMPTY
        for checklist in self.of_estate(estate_uuid):
            total = total.plus(checklist.progress)
        unresolved = sum(d.unresolved for d in self.defects.of_estate(estate_uuid))
        return Progress(
            total.required, total.answered, total.failed, unresolved, total.answered_total
        )

    def progress_by_estate(self) -> dict[str, Progress]:
        """Progress of every live estate, from one pass over the file (the estate list shows it)."""
        from retrofit_app.core.checklists.progress import checklist_progress

        with self.project.read():
            stages = {e: due_stages(s) for e, s in store.live_estate_stages(self._db).items()}
            rows = store.checklists_of_live_estates(self._db)
            answer_rows = store.answers_of_live_estates(self._db)
            unresolved = store.unresolved_defect_counts(self._db)
        values: dict[str, dict[tuple[str, str], Any]] = defaultdict(dict)
        for a in answer_rows:
            values[a["checklist_uuid"]][(a["item_id"], a["stage"])] = answer_values.decode(
                a["value"]
            )
        totals: dict[str, Progress] = {}
        for row in rows:
            estate = row["estate_uuid"]
            if estate not in stages:
                continue
            part = checklist_progress(
                self.template(row["template_uuid"]), values.get(row["uuid"], {}), stages[estate]
            )
            totals[estate] = totals.get(estate, EMPTY).plus(part)
        return {
            estate: Progress(
                p.required, p.answered, p.failed, unresolved.get(estate, 0), p.answered_total
            )
            for estate, p in totals.items()
        }
