"""The selected estate's acceptance record on the Reports tab: which acceptance, its dates and
contract, the works done and the parties who sign; saved to the estate, not to the settings."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from retrofit_app.core.acceptances import ROLES, Acceptance
from retrofit_app.core.errors import RetrofitError
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.dialogs.signature_dialog import SignatureDialog
from retrofit_app.gui.signature_row import SignatureRow

_ROLE_WORDS = {
    "client": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "建设单位"),
    "surveyor": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "勘察单位"),
    "designer": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "设计单位"),
    "contractor": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "施工单位"),
    "supervisor": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "监理单位"),
    "street_office": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "街道办事处"),
    "community": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "社区居委会"),
    "residents": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "居民代表"),
    "quality": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "质量安全监督机构"),
    "property": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "物业服务企业"),
}
# Field → its label; the works are typed on one line, separated by ；
_FIELD_WORDS = {
    "inspected_on": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "验收日期"),
    "started_on": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "开工日期"),
    "completed_on": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "竣工日期"),
    "contract_name": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "合同名称"),
    "contract_number": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "合同编号"),
    "contract_price": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "合同价款（元）"),
    "funding": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "资金来源"),
    "works": QT_TRANSLATE_NOOP("AcceptanceRecordPanel", "实际完成的工程内容"),
}


class AcceptanceRecordPanel(QGroupBox):
    saved = Signal()  # the record was written to the project

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("本小区的验收记录"))
        self.context = context
        self.estate_uuid: str | None = None
        self.records: list[Acceptance] = []
        self.record_combo = QComboBox()
        self.add_button = QPushButton(self.tr("新增复验"))
        self.save_button = QPushButton(self.tr("保存验收记录"))
        self.field_edits = {key: QLineEdit() for key in _FIELD_WORDS}
        self.field_edits["inspected_on"].setPlaceholderText(
            self.tr("如 2026-11-20，多日以逗号分隔")
        )
        self.field_edits["works"].setPlaceholderText(self.tr("多项以“；”分隔"))
        self.name_edits = {role: QLineEdit() for role in ROLES}
        self.person_edits = {role: QLineEdit() for role in ROLES}
        # A party's signature drawn on the pad (the paper box stays possible: unsigned prints empty).
        self.signature_rows = {role: SignatureRow(compact=True) for role in ROLES}
        for role in ROLES:
            self.name_edits[role].setPlaceholderText(self.tr("单位名称"))
            self.person_edits[role].setPlaceholderText(self.tr("代表姓名"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.record_combo, 1)
        top.addWidget(self.add_button)
        form.addRow(self.tr("验收"), top)
        for key, label in _FIELD_WORDS.items():
            form.addRow(self.tr(str(label)), self.field_edits[key])
        for role in ROLES:
            row = QHBoxLayout()
            row.addWidget(self.name_edits[role], 3)
            row.addWidget(self.person_edits[role], 2)
            row.addWidget(self.signature_rows[role])
            sign = self.signature_rows[role]
            sign.sign_clicked.connect(lambda role=role: self.open_signature_dialog(role))
            sign.withdraw_clicked.connect(lambda role=role: self.withdraw_signature(role))
            form.addRow(self.tr(str(_ROLE_WORDS[role])), row)
        form.addRow(self.save_button, self.message)
        self.record_combo.currentIndexChanged.connect(self._show_record)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.save_button.clicked.connect(self.save)

    def show_estate(self, estate_uuid: str | None, number: int | None = None) -> None:
        """The estate's acceptances in the list, the latest (or `number`) shown."""
        self.estate_uuid = estate_uuid
        project = self.context.project
        self.records = project.acceptances.of_estate(estate_uuid) if project and estate_uuid else []
        self.record_combo.blockSignals(True)
        self.record_combo.clear()
        for record in self.records:
            kind = self.tr("首次验收") if record.kind == "first" else self.tr("整改后复验")
            self.record_combo.addItem(self.tr("第 {0} 次：{1}").format(record.number, kind))
        if not self.records:
            self.record_combo.addItem(self.tr("尚未记录（保存即新建首次验收）"))
        chosen = (number or len(self.records)) - 1
        self.record_combo.setCurrentIndex(max(chosen, 0))
        self.record_combo.blockSignals(False)
        self.add_button.setEnabled(bool(self.records))
        self._show_record()

    def current(self) -> Acceptance | None:
        index = self.record_combo.currentIndex()
        return self.records[index] if 0 <= index < len(self.records) else None

    def number(self) -> int | None:
        record = self.current()
        return record.number if record is not None else None

    def _show_record(self) -> None:
        record = self.current()
        for key, edit in self.field_edits.items():
            value = getattr(record, key) if record is not None else ""
            edit.setText("；".join(value.splitlines()) if key == "works" else value)
        project = self.context.project
        parties = record.parties if record is not None else {}
        signed = (
            project.signatures.of_parties([p.uuid for p in parties.values()]) if project else {}
        )
        writable = project is not None and not self.context.is_readonly()
        for role in ROLES:
            party = parties.get(role)
            self.name_edits[role].setText(party.name if party else "")
            self.person_edits[role].setText(party.representative if party else "")
            signature = signed.get(party.uuid) if party else None
            self.signature_rows[role].show_signature(signature, writable=writable)
        self.message.setText("")

    def _typed(self) -> dict[str, str]:
        values = {key: edit.text().strip() for key, edit in self.field_edits.items()}
        works = values["works"].replace(";", "；").split("；")
        values["works"] = "\n".join(w.strip() for w in works if w.strip())
        return values

    def _typed_parties(self) -> dict[str, tuple[str, str]]:
        return {r: (self.name_edits[r].text(), self.person_edits[r].text()) for r in ROLES}

    def is_modified(self) -> bool:
        record = self.current()
        if record is None:
            return any(self._typed().values()) or any(
                any(p) for p in self._typed_parties().values()
            )
        unchanged = all(getattr(record, k) == v for k, v in self._typed().items())
        recorded = {r: (p.name, p.representative) for r, p in record.parties.items()}
        typed = {r: (n.strip(), p.strip()) for r, (n, p) in self._typed_parties().items()}
        return not unchanged or {r: v for r, v in typed.items() if any(v)} != recorded

    def save(self) -> bool:
        """Write what is typed to the estate's acceptance (a first one when it has none)."""
        project = self.context.project
        if project is None or not self.estate_uuid:
            return False
        record = self.current()
        try:
            if record is None:
                record = project.acceptances.add(self.estate_uuid, **self._typed())
            else:
                record = project.acceptances.change(record, **self._typed())
            project.acceptances.set_parties(record, self._typed_parties())
        except RetrofitError as error:
            self.message.setStyleSheet("color: #B00020;")
            self.message.setText(error.sentence(self.context.settings.lang))
            return False
        self.show_estate(self.estate_uuid, record.number)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("已保存"))
        self.context.notify_changed("acceptances")
        self.saved.emit()
        return True

    # ------------------------------------------------------------------ signatures on the pad
    def open_signature_dialog(self, role: str) -> SignatureDialog | None:
        """The party of `role` signs on the pad; what is typed is saved first (the signature
        belongs to the party as recorded)."""
        project = self.context.project
        if project is None or ((self.current() is None or self.is_modified()) and not self.save()):
            return None
        record = self.current()
        party = record.parties.get(role) if record is not None else None
        if party is None:
            self.message.setStyleSheet("color: #B00020;")
            self.message.setText(self.tr("请先填写{0}的单位名称或代表姓名。").format(
                self.tr(str(_ROLE_WORDS[role]))))  # fmt: skip
            return None
        what = self.tr("{0}（{1}）签字").format(
            self.tr(str(_ROLE_WORDS[role])), party.name or party.representative
        )
        dialog = SignatureDialog(
            what, party.representative or party.name,
            lambda signer, strokes, w, h: project.signatures.sign_party(party.uuid, signer, strokes, w, h),
            language=self.context.settings.lang, parent=self,
        )  # fmt: skip
        dialog.accepted.connect(self._signatures_changed)
        dialog.open()
        return dialog

    def withdraw_signature(self, role: str) -> None:
        signature = self.signature_rows[role].signature
        project = self.context.project
        if signature is None or project is None:
            return
        try:
            project.signatures.withdraw(signature.uuid)
        except RetrofitError as error:
            self.message.setStyleSheet("color: #B00020;")
            self.message.setText(error.sentence(self.context.settings.lang))
            return
        self._signatures_changed()

    def _signatures_changed(self) -> None:
        self._show_record()
        self.context.notify_changed("signatures")
        self.saved.emit()

    def _on_add_clicked(self) -> None:
        project = self.context.project
        if project is None or not self.estate_uuid:
            return
        record = project.acceptances.add(self.estate_uuid)
        self.show_estate(self.estate_uuid, record.number)
        self.context.notify_changed("acceptances")
