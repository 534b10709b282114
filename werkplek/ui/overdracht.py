"""Doorverbinden: hand the contact over to a specialist or group, with all its context."""

from __future__ import annotations

import enum

from werkplek.domain import invoer
from werkplek.domain.model import Contactverzoek, Ontvanger
from werkplek.ui.panelen import Melding, benoem, tr
from werkplek.ui.qt import QtWidgets, Signal


class Handeling(enum.StrEnum):
    """What the ontvanger is asked to do."""

    GESPREK = "Doorverbonden gesprek overnemen"
    TERUGBELLEN = "Terugbellen"

    @property
    def label(self) -> str:
        return {Handeling.GESPREK: "Gesprek nu doorverbinden",
                Handeling.TERUGBELLEN: "Terugbelverzoek"}[self]


class OverdrachtDialoog(QtWidgets.QDialog):
    """Choose who takes over and check the context they get; nothing is sent before
    "Doorverbinden" is pressed, and the form stays as it is when the dialog is closed."""

    overdragen = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Doorverbinden"))
        benoem(self, tr("Doorverbinden met context"))
        self.resize(560, 460)
        self.max_toelichting = invoer.MAX_TEKST
        self.in_gesprek = False
        lay = QtWidgets.QVBoxLayout(self)
        self.melding = Melding("overdrachtMelding", self)
        lay.addWidget(self.melding)
        form = QtWidgets.QFormLayout()
        lay.addLayout(form)

        self.ontvanger = QtWidgets.QComboBox()
        benoem(self.ontvanger, tr("Ontvanger"),
               tr("De specialist, afdeling of groep die de vraag overneemt"))
        self.ontvanger.setPlaceholderText(tr("— kies een ontvanger —"))
        self._rij(form, tr("&Ontvanger"), self.ontvanger)
        self.handeling = QtWidgets.QComboBox()
        benoem(self.handeling, tr("Gevraagde handeling"))
        for h in Handeling:
            self.handeling.addItem(tr(h.label), h)
        self._rij(form, tr("&Handeling"), self.handeling)
        self.terugbelnummer = QtWidgets.QLineEdit()
        benoem(self.terugbelnummer, tr("Terugbelnummer"),
               tr("Het nummer waarop de klant teruggebeld wil worden"))
        self._rij(form, tr("&Terugbelnummer"), self.terugbelnummer)
        self.toelichting = QtWidgets.QPlainTextEdit()
        benoem(self.toelichting, tr("Toelichting"),
               tr("Wat de ontvanger moet weten: de vraag, de checklistantwoorden, het gesprek"))
        self.toelichting.setTabChangesFocus(True)
        self._rij(form, tr("Toe&lichting"), self.toelichting)
        self.toelichting_fout = Melding("foutToelichting", self)
        form.addRow("", self.toelichting_fout)
        self.teller = QtWidgets.QLabel()
        self.teller.setObjectName("toelichtingTeller")
        form.addRow("", self.teller)

        knoppen = QtWidgets.QHBoxLayout()
        self.knop = QtWidgets.QPushButton(tr("&Doorverbinden"))
        benoem(self.knop, tr("Overdragen"),
               tr("Verbindt het gesprek door en legt het contactverzoek vast"))
        self.knop.setDefault(True)
        annuleer = QtWidgets.QPushButton(tr("Annuleren"))
        benoem(annuleer, tr("Annuleren"))
        knoppen.addStretch(1)
        knoppen.addWidget(self.knop)
        knoppen.addWidget(annuleer)
        lay.addLayout(knoppen)
        self.knop.clicked.connect(self._overdragen)
        annuleer.clicked.connect(self.reject)
        self.toelichting.textChanged.connect(self._tel)
        self.ontvanger.currentIndexChanged.connect(self._pas_handeling_aan)
        self.handeling.currentIndexChanged.connect(self._pas_handeling_aan)

    @staticmethod
    def _rij(form: QtWidgets.QFormLayout, label: str, widget: QtWidgets.QWidget) -> None:
        lab = QtWidgets.QLabel(label)
        lab.setBuddy(widget)
        form.addRow(lab, widget)

    def vul(self, ontvangers: list[Ontvanger], *, toelichting: str, terugbelnummer: str,
            max_toelichting: int, in_gesprek: bool, meldingen: list[str]) -> None:
        """Fill in a fresh overdracht; a call in progress is transferred by default."""
        self.max_toelichting, self.in_gesprek = max_toelichting, in_gesprek
        self.ontvanger.clear()
        for o in ontvangers:
            nummer = f" — toestel {o.telefoon}" if o.telefoon else ""
            self.ontvanger.addItem(f"{o.naam} ({tr(o.soort.label).lower()}){nummer}", o)
        self.ontvanger.setCurrentIndex(-1)  # none: a wrong transfer is not one Enter away
        self.handeling.setCurrentIndex(self.handeling.findData(
            Handeling.GESPREK if in_gesprek else Handeling.TERUGBELLEN))
        self.terugbelnummer.setText(terugbelnummer)
        self.toelichting.setPlainText(toelichting)
        self.toelichting_fout.zet("")
        if not ontvangers:
            meldingen = [*meldingen, tr("Er is niemand om aan over te dragen: de "
                                        "contactregistratie noemt geen ontvangers.")]
        self.melding.zet(meldingen)
        self._pas_handeling_aan()
        self._tel()
        self.ontvanger.setFocus()

    def _pas_handeling_aan(self) -> None:
        """A call can be transferred only during a call, to an ontvanger with a phone."""
        o = self.gekozen_ontvanger()
        self.knop.setEnabled(o is not None)  # until the agent picks, Enter does nothing
        kan = self.in_gesprek and (o is None or bool(o.telefoon))
        item = self.handeling.model().item(self.handeling.findData(Handeling.GESPREK))  # type: ignore[attr-defined]
        item.setEnabled(kan)
        if not kan and self.gekozen_handeling is Handeling.GESPREK:
            self.handeling.setCurrentIndex(self.handeling.findData(Handeling.TERUGBELLEN))
        self.knop.setText(tr("&Doorverbinden") if self.gekozen_handeling is Handeling.GESPREK
                          else tr("&Terugbelverzoek vastleggen"))

    def _tel(self) -> None:
        n = len(self.toelichting.toPlainText())
        self.teller.setText(tr("{0} van {1} tekens").format(n, self.max_toelichting))
        if n <= self.max_toelichting and "maximum" in self.toelichting_fout.text():
            self.toelichting_fout.zet("")
        elif n > self.max_toelichting:
            self._controleer()

    def _controleer(self) -> bool:
        try:
            invoer.tekstveld(self.toelichting.toPlainText(), "Toelichting", verplicht=True,
                             maximum=self.max_toelichting)
        except invoer.OngeldigeInvoer as e:
            self.toelichting_fout.zet(e.bericht)
            return False
        return True

    def gekozen_ontvanger(self) -> Ontvanger | None:
        o = self.ontvanger.currentData()
        return o if isinstance(o, Ontvanger) else None

    @property
    def gekozen_handeling(self) -> Handeling:
        return Handeling(self.handeling.currentData())

    @property
    def doorverbinden(self) -> bool:
        """Whether the call is to be transferred now (else only a call-back request)."""
        return self.gekozen_handeling is Handeling.GESPREK

    def verzoek(self) -> Contactverzoek | None:
        o = self.gekozen_ontvanger()
        if o is None or not self._controleer():
            return None
        nummer = self.terugbelnummer.text().strip()
        if nummer:
            try:
                nummer = invoer.telefoonnummer(nummer, "Terugbelnummer")
            except invoer.OngeldigeInvoer as e:
                self.melding.zet(e.bericht)
                self.terugbelnummer.setFocus()
                return None
        return Contactverzoek(o, self.gekozen_handeling.value,
                              self.toelichting.toPlainText().strip(), nummer)

    def _overdragen(self) -> None:
        self.melding.zet("")
        if self.verzoek() is not None:
            self.overdragen.emit()
