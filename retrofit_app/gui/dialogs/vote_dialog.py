"""The vote dialog: record or change one household's vote in a consultation."""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.consultation.service import ConsultationService, HouseholdVote
from retrofit_app.core.consultation.votes import Vote
from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.privacy import mask_phone
from retrofit_app.core.signatures import Signature, SignatureService, checked_strokes
from retrofit_app.gui.dialogs.buttons import save_cancel
from retrofit_app.gui.dialogs.signature_dialog import SignatureDialog
from retrofit_app.gui.error_dialogs import show_error
from retrofit_app.gui.formatting import date_pattern
from retrofit_app.gui.signature_row import SignatureRow


class VoteDialog(QDialog):
    """Saves through the service on OK; `saved_vote` holds the stored vote afterwards.

    With `signatures`, the owner may sign the consent on the pad: on a vote already recorded the
    signature (or its withdrawal) is stored at once and `signature_changed(before, after)` says
    so; on a new vote it is stored with the vote when Save is clicked."""

    signature_changed = Signal(object, object)  # (Signature | None, Signature | None)

    def __init__(
        self,
        service: ConsultationService,
        consultation_uuid: str,
        household: HouseholdVote,
        *,
        language: str = "zh",
        photos: list[tuple[str, str]] = (),  # type: ignore[assignment]
        signatures: SignatureService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`photos`: (uuid, label) of photos that may serve as proof (the signed form)."""
        super().__init__(parent)
        self.service = service
        self.consultation_uuid = consultation_uuid
        self.household = household
        self.language = language
        self.saved_vote: Vote | None = None
        self.signatures = signatures
        self.pending: tuple[str, list, float, float] | None = None  # drawn before the vote is saved
        self.setWindowTitle(self.tr("记录表决意见"))
        self.setMinimumWidth(380)
        owners = "、".join(
            f"{o.name} {mask_phone(o.phone)}".strip() for o in household.owners
        ) or self.tr("（未登记）")
        where = QLabel(f"{household.building}{household.unit} {household.room}　{owners}")
        where.setWordWrap(True)
        tenant = (
            QLabel(self.tr("出租户：租户不参与表决，由产权人表决。")) if household.rented else None
        )

        self.vote_combo = QComboBox()
        if household.vote is None:  # nobody asked yet: the person must choose, nothing pre-chosen
            self.vote_combo.addItem(self.tr("（请选择）"), None)
        for code, text in (("agree", self.tr("同意")), ("object", self.tr("反对")),
                           ("abstain", self.tr("弃权")), ("unreached", self.tr("未联系上"))):  # fmt: skip
            self.vote_combo.addItem(text, code)
        self.method_combo = QComboBox()
        for code, text in (("in_person", self.tr("当面")), ("phone", self.tr("电话")),
                           ("sms", self.tr("短信")), ("post", self.tr("信函")), ("", self.tr("（未填）"))):  # fmt: skip
            self.method_combo.addItem(text, code)
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(date_pattern())  # the language's own order
        self.objection_edit = QLineEdit()
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("如：采光、噪音、隐私、费用"))
        self.cost_share_edit = QLineEdit()
        self.cost_share_edit.setPlaceholderText(self.tr("如：一楼不分摊费用"))
        self.proof_combo = QComboBox()
        self.proof_combo.addItem(self.tr("（无）"), None)
        for uuid, label in photos:
            self.proof_combo.addItem(label, uuid)

        form = QFormLayout()
        form.addRow(self.tr("意见"), self.vote_combo)
        form.addRow(self.tr("征询方式"), self.method_combo)
        form.addRow(self.tr("征询日期"), self.date_edit)
        form.addRow(self.tr("反对意见"), self.objection_edit)
        form.addRow(self.tr("反对理由"), self.reason_edit)
        form.addRow(self.tr("费用分摊或补偿"), self.cost_share_edit)
        form.addRow(self.tr("证明照片（签字表）"), self.proof_combo)
        self.signature_row = SignatureRow()
        if signatures is not None:
            form.addRow(self.tr("业主签名"), self.signature_row)
            self.signature_row.sign_clicked.connect(self.open_signature_dialog)
            self.signature_row.withdraw_clicked.connect(self.withdraw_signature)
            if household.vote is not None:
                self.signature_row.show_signature(signatures.of_vote(household.vote.uuid))
        buttons, self.save_button = save_cancel(self, self._on_save_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        if tenant is not None:
            layout.addWidget(tenant)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.vote_combo.currentIndexChanged.connect(self._on_vote_changed)
        self._fill(household.vote)

    def _fill(self, vote: Vote | None) -> None:
        if vote is None:
            self._on_vote_changed()
            return
        self.vote_combo.setCurrentIndex(self.vote_combo.findData(vote.choice))
        self.method_combo.setCurrentIndex(self.method_combo.findData(vote.method))
        if vote.asked_on:
            self.date_edit.setDate(QDate.fromString(vote.asked_on, "yyyy-MM-dd"))
        self.objection_edit.setText(vote.objection)
        self.reason_edit.setText(vote.reason)
        self.cost_share_edit.setText(vote.cost_share)
        if vote.proof_photo_uuid and self.proof_combo.findData(vote.proof_photo_uuid) < 0:
            self.proof_combo.addItem(self.tr("（已选照片）"), vote.proof_photo_uuid)
        self.proof_combo.setCurrentIndex(max(self.proof_combo.findData(vote.proof_photo_uuid), 0))
        self._on_vote_changed()

    def _on_vote_changed(self) -> None:
        objecting = self.vote_combo.currentData() == "object"
        self.save_button.setEnabled(self.vote_combo.currentData() is not None)
        self.objection_edit.setEnabled(objecting)
        self.reason_edit.setEnabled(objecting)
        stored, vote = self.signature_row.signature, self.household.vote
        if stored is not None and stored.uuid and vote is not None:
            # The owner signed the vote as it was: another choice withdraws that signature on Save.
            self.signature_row.show_signature(stored)
            if self.vote_combo.currentData() != vote.choice:
                self.signature_row.status.setText(
                    self.tr("意见已改：保存后原签名撤回，请业主重新签名。")
                )

    def values(self) -> dict[str, str | None]:
        objecting = self.vote_combo.currentData() == "object"
        return {
            "method": self.method_combo.currentData(),
            "asked_on": self.date_edit.date().toString("yyyy-MM-dd"),
            "objection": self.objection_edit.text() if objecting else "",
            "reason": self.reason_edit.text() if objecting else "",
            "cost_share": self.cost_share_edit.text(),
            "proof_photo_uuid": self.proof_combo.currentData(),
        }

    # ------------------------------------------------------------------ the owner's signature
    def open_signature_dialog(self) -> SignatureDialog:
        owner = self.household.owners[0].name if self.household.owners else ""
        signer = self.signature_row.signature.signer if self.signature_row.signature else owner
        where = f"{self.household.building}{self.household.unit} {self.household.room}"
        dialog = SignatureDialog(
            self.tr("{0}：业主签名确认表决意见").format(where), signer, self._store_signature,
            language=self.language, parent=self,
        )  # fmt: skip
        dialog.accepted.connect(lambda: self._signed(dialog))
        dialog.open()
        return dialog

    def _store_signature(
        self, signer: str, strokes: list, width: float, height: float
    ) -> Signature | None:
        vote = self.household.vote
        assert self.signatures is not None
        if vote is None or self.vote_combo.currentData() != vote.choice:
            # Signed for the vote as chosen here: stored with it on Save (checked now, so Save
            # cannot fail on it).
            checked_strokes(strokes, width, height)
            self.pending = (signer, strokes, width, height)
            return None
        return self.signatures.sign_vote(vote.uuid, signer, strokes, width, height)

    def _signed(self, dialog: SignatureDialog) -> None:
        before = self.signature_row.signature
        if dialog.signed is None and self.pending is not None:
            signer, strokes, width, height = self.pending
            drawn = [[tuple(p) for p in s] for s in strokes]
            shown = Signature("", "", None, None, signer.strip(), drawn, width, height, "", "")
            self.signature_row.show_signature(shown)
            self.signature_row.status.setText(
                self.tr("已签名 {0}（保存后存入）").format(signer.strip())
            )
            return
        self.signature_row.show_signature(dialog.signed)
        self.signature_changed.emit(before if before and before.uuid else None, dialog.signed)

    def withdraw_signature(self) -> None:
        signature = self.signature_row.signature
        if signature is None:
            return
        if not signature.uuid:  # drawn in this dialog, not yet stored
            self.pending = None
        else:
            assert self.signatures is not None
            try:
                self.signatures.withdraw(signature.uuid)
            except RetrofitError as error:
                show_error(self, error, self.language)
                return
            self.signature_changed.emit(signature, None)
        self.signature_row.show_signature(None)

    def _on_save_clicked(self) -> None:
        try:
            self.saved_vote = self.service.record_vote(
                self.consultation_uuid,
                self.household.household_uuid,
                self.vote_combo.currentData(),
                **self.values(),
            )
            if self.pending is not None and self.signatures is not None:
                self.signatures.sign_vote(self.saved_vote.uuid, *self.pending)
                self.pending = None
        except RetrofitError as error:
            show_error(self, error, self.language)
            return
        self.accept()
