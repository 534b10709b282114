"""The panels of the one screen; each shows its own data and its own sources' failures."""

from __future__ import annotations

import asyncio
import html
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from werkplek.domain import invoer
from werkplek.domain.invoer import maskeer_bsn
from werkplek.domain.model import (
    TIJDZONE,
    Afhandeling,
    Contactmoment,
    Kanaal,
    Kennisartikel,
    Klant,
    Persoon,
    Veldlimieten,
    Zaak,
    nu,
)
from werkplek.domain.regels import (
    EerderContact,
    Termijnsoort,
    is_afgerond,
    is_later_dan_gepland,
    is_te_laat,
    termijn,
    volgende_status,
)
from werkplek.services.beeld import Kennispagina
from werkplek.store.rijen import Kennistreffer
from werkplek.ui.indeling import Schuifvlak
from werkplek.ui.modellen import ContactFilter, ContacthistorieModel, LijstModel
from werkplek.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal

if TYPE_CHECKING:
    from werkplek.services.dossier import KennisbankService
    from werkplek.ui.taken import Taken


def tr(tekst: str) -> str:
    """Dutch source strings go through Qt's translator, so another language can be added."""
    return QtCore.QCoreApplication.translate("werkplek", tekst)


def benoem(widget: QtWidgets.QWidget, naam: str, beschrijving: str = "") -> None:
    widget.setAccessibleName(naam)
    widget.setObjectName(naam)
    if beschrijving:
        widget.setAccessibleDescription(beschrijving)


KOLOMMETING_RIJEN = 40
"""Rows a table's column widths are measured on (Qt measures up to 1,000 by default)."""


class Melding(QtWidgets.QLabel):
    """A banner with a source's failure or a field's error, in Dutch; hidden when empty."""

    def __init__(self, naam: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(naam)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet("QLabel { color: #8a1c1c; background: #fdecea; padding: 4px;"
                           " border-radius: 3px; }")
        self.hide()

    def zet(self, meldingen: Iterable[str] | str) -> None:
        tekst = meldingen if isinstance(meldingen, str) else "\n".join(meldingen)
        if tekst == self.text() and self.isHidden() != bool(tekst):
            return  # unchanged: no new layout of a wrapping label
        self.setText(tekst)
        self.setVisible(bool(tekst))


class Bezig(QtWidgets.QLabel):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(tr("Laden…"), parent)
        self.setStyleSheet("color: #555;")
        self.hide()


# --- Klantbeeld ---------------------------------------------------------------------------


class KlantbeeldPaneel(QtWidgets.QWidget):
    """The person or company card, with the empty state a newcomer starts from."""

    demoklantGekozen = Signal(str)
    bsnGetoond = Signal()
    """The agent asks to see the BSN; it shows once ``toon_bsn`` is called."""
    bellen = Signal(str)

    def __init__(self, demoklanten: list[tuple[str, str]],
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        benoem(self, tr("Klantbeeld"))
        self._klant: Klant | None = None
        self._bsn_zichtbaar = False
        self.kan_bellen = False
        """Whether a softphone is beside werkplek, so a number can be dialled from here."""
        self.stapel = QtWidgets.QStackedWidget(self)
        lay = QtWidgets.QVBoxLayout(self)
        self.melding = Melding("klantbeeldMelding", self)
        self.bezig = Bezig(self)
        lay.addWidget(self.melding)
        lay.addWidget(self.bezig)
        lay.addWidget(self.stapel, 1)

        # Empty state.
        leeg = QtWidgets.QWidget()
        ll = QtWidgets.QVBoxLayout(leeg)
        ll.setAlignment(Qt.AlignmentFlag.AlignTop)
        welkom = QtWidgets.QLabel(tr(
            "<h2>Nog geen klant geopend</h2>"
            "<p>Zoek de klant met <b>Ctrl+K</b>: typ een BSN, achternaam met geboortedatum "
            "(Burger 14-03-1980), postcode met huisnummer (3011 AB 12), telefoonnummer, "
            "e-mailadres, KvK-nummer of zaaknummer en druk op Enter.</p>"
            "<p>Nieuw hier? Open een van de demoklanten:</p>"))
        welkom.setWordWrap(True)
        welkom.setObjectName("welkom")
        ll.addWidget(welkom)
        for titel, zoektekst in demoklanten:
            knop = QtWidgets.QPushButton(titel)
            benoem(knop, tr("Demoklant {0} openen").format(titel))
            knop.clicked.connect(lambda _=False, z=zoektekst: self.demoklantGekozen.emit(z))
            ll.addWidget(knop, 0, Qt.AlignmentFlag.AlignLeft)
        self.stapel.addWidget(leeg)

        # The card.
        kaart = QtWidgets.QWidget()
        kl = QtWidgets.QVBoxLayout(kaart)
        kl.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.naam = QtWidgets.QLabel()
        self.naam.setObjectName("klantnaam")
        self.naam.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.naam.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = QtWidgets.QLabel()
        self.badge.setObjectName("eerderContactBadge")
        self.badge.setStyleSheet("QLabel { background: #fff4ce; color: #5c4400; padding: 3px 8px;"
                                 " border: 1px solid #e0c060; border-radius: 9px; }")
        self.badge.hide()
        self.indicatie = QtWidgets.QLabel()
        self.indicatie.setObjectName("indicaties")
        self.indicatie.setStyleSheet("QLabel { background: #fde2e1; color: #7a1010; padding: 3px"
                                     " 8px; border-radius: 9px; }")
        self.indicatie.hide()
        kop = QtWidgets.QHBoxLayout()
        kop.addWidget(self.naam)
        kop.addStretch(1)
        kl.addLayout(kop)
        badges = QtWidgets.QHBoxLayout()
        badges.addWidget(self.badge)
        badges.addWidget(self.indicatie)
        badges.addStretch(1)
        kl.addLayout(badges)
        self.samenvatting = QtWidgets.QLabel()
        self.samenvatting.setObjectName("klantSamenvatting")
        self.samenvatting.setStyleSheet("color: #333; padding: 2px 0 6px 0;")
        kl.addWidget(self.samenvatting)
        self.form = QtWidgets.QFormLayout()
        self.velden: dict[str, QtWidgets.QLabel] = {}
        for veld in ("Soort", "BSN", "KvK-nummer", "Geboortedatum", "Adres", "Telefoon",
                     "E-mail", "Contactpersoon", "Bron"):
            waarde = QtWidgets.QLabel()
            waarde.setObjectName(f"klant{veld}")
            waarde.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                           | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            label = QtWidgets.QLabel(tr(veld) + ":")
            label.setBuddy(waarde)
            if veld == "BSN":
                rij = QtWidgets.QHBoxLayout()
                rij.addWidget(waarde)
                self.bsn_knop = QtWidgets.QPushButton(tr("BSN tonen"))
                benoem(self.bsn_knop, tr("BSN tonen"))
                self.bsn_knop.clicked.connect(self._wissel_bsn)
                rij.addWidget(self.bsn_knop)
                rij.addStretch(1)
                self.form.addRow(label, rij)
            elif veld == "Telefoon":
                rij = QtWidgets.QHBoxLayout()
                rij.addWidget(waarde)
                self.bel_knop = QtWidgets.QPushButton(tr("Bellen"))
                benoem(self.bel_knop, tr("Bellen"), tr("Bel de klant vanuit de softphone"))
                self.bel_knop.clicked.connect(self._bel)
                self.bel_knop.hide()
                rij.addWidget(self.bel_knop)
                rij.addStretch(1)
                self.form.addRow(label, rij)
            else:
                self.form.addRow(label, waarde)
            self.velden[veld] = waarde
        kl.addLayout(self.form)
        self.stapel.addWidget(kaart)

    @property
    def klant(self) -> Klant | None:
        return self._klant

    def laden(self) -> None:
        self.bezig.show()
        self.melding.zet("")

    def zet(self, klant: Klant | None, meldingen: list[str]) -> None:
        self.bezig.hide()
        self.melding.zet(meldingen)
        self._klant = klant
        self._bsn_zichtbaar = False
        if klant is None:
            self.stapel.setCurrentIndex(0)
            return
        self.stapel.setCurrentIndex(1)
        self.naam.setText(klant.naam)
        adres = klant.adres.regel() if klant.adres else tr("onbekend")
        waarden = {
            "Adres": adres,
            "Telefoon": ", ".join(_telefoon(t) for t in klant.telefoonnummers) or "—",
            "E-mail": ", ".join(klant.emailadressen) or "—",
            "Bron": klant.bron,
        }
        if isinstance(klant, Persoon):
            waarden |= {"Soort": tr("Persoon"), "Geboortedatum":
                        f"{klant.geboortedatum:%d-%m-%Y} ({_leeftijd(klant.geboortedatum)} jaar)"}
            self.indicatie.setText(tr("Geheimhouding persoonsgegevens"))
            self.indicatie.setVisible(klant.geheimhouding)
        else:
            waarden |= {"Soort": tr("Bedrijf") + f" ({klant.rechtsvorm})",
                        "KvK-nummer": klant.kvk_nummer, "Contactpersoon": klant.contactpersoon}
            self.indicatie.hide()
        for rij, (veld, label) in enumerate(self.velden.items()):
            tekst = waarden.get(veld, "")
            label.setText(tekst)
            self.form.setRowVisible(
                rij, bool(tekst) or (veld == "BSN" and isinstance(klant, Persoon)))
        self._toon_bsn()
        self.bel_knop.setVisible(self.kan_bellen and bool(klant.telefoonnummers))
        # Several numbers: the button opens a menu with each of them (arrow keys, Enter).
        menu = None
        if len(klant.telefoonnummers) > 1:
            menu = QtWidgets.QMenu(self.bel_knop)
            menu.setAccessibleName(tr("Nummer kiezen"))
            for nummer in klant.telefoonnummers:
                menu.addAction(_telefoon(nummer)).triggered.connect(
                    lambda _=False, n=nummer: self.bellen.emit(n))
        self.bel_knop.setMenu(menu)  # type: ignore[arg-type]  # None removes the menu

    def _bel(self) -> None:
        if self._klant is not None and len(self._klant.telefoonnummers) == 1:
            self.bellen.emit(self._klant.telefoonnummers[0])

    def _wissel_bsn(self) -> None:
        """Hiding is at once; showing is asked for (``bsnGetoond``): the window records the
        view first and then calls ``toon_bsn`` — protocollering before the BSN is seen."""
        if self._bsn_zichtbaar:
            self._bsn_zichtbaar = False
            self._toon_bsn()
        else:
            self.bsnGetoond.emit()

    def toon_bsn(self) -> None:
        """Show the BSN of the person on the card (after its view was recorded)."""
        self._bsn_zichtbaar = True
        self._toon_bsn()

    def _toon_bsn(self) -> None:
        if isinstance(self._klant, Persoon):
            bsn = self._klant.bsn
            self.velden["BSN"].setText(bsn if self._bsn_zichtbaar else maskeer_bsn(bsn))
            self.bsn_knop.setText(tr("BSN verbergen") if self._bsn_zichtbaar else tr("BSN tonen"))
            self.bsn_knop.setAccessibleName(
                tr("BSN verbergen") if self._bsn_zichtbaar else tr("BSN tonen"))

    def zet_samenvatting(self, tekst: str) -> None:
        self.samenvatting.setText(tekst)

    def zet_eerder_contact(self, eerder: EerderContact | None) -> None:
        self.badge.setText(eerder.tekst() if eerder else "")
        self.badge.setVisible(eerder is not None)


def _leeftijd(geboren: date) -> int:
    vandaag = nu().date()
    return vandaag.year - geboren.year - ((vandaag.month, vandaag.day) <
                                          (geboren.month, geboren.day))


def _telefoon(e164: str) -> str:
    if e164.startswith("+316") and len(e164) == 12:
        return f"06-{e164[4:]}"
    if e164.startswith("+31"):
        return "0" + e164[3:]
    return e164


# --- Contactmoment -----------------------------------------------------------------------


class Onderwerpkeuze(QtWidgets.QComboBox):
    """The onderwerp as a searchable list: typing filters, only Enter or a click chooses.

    The current index is the chosen onderwerp. Arrow keys, the wheel and typing move through
    a popup and never change it, so passing over an onderwerp opens nothing.
    """

    nietGekozen = Signal(str)
    """Why what the agent typed chose nothing (empty once an onderwerp is chosen)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QtWidgets.QComboBox.InsertPolicy.NoInsert)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        regel = self.regel
        benoem(regel, tr("Onderwerp zoeken"),
               tr("Typ een deel van het onderwerp; pijltjes bladeren, Enter kiest"))
        regel.setPlaceholderText(tr("Typ om te zoeken, Enter kiest"))
        lijst = QtCore.QSortFilterProxyModel(self)  # the empty "no onderwerp" row is no choice
        lijst.setSourceModel(self.model())
        lijst.setFilterRegularExpression(QtCore.QRegularExpression(".+"))
        zoeker = QtWidgets.QCompleter(lijst, self)
        zoeker.setFilterMode(Qt.MatchFlag.MatchContains)
        zoeker.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        zoeker.setCompletionMode(QtWidgets.QCompleter.CompletionMode.PopupCompletion)
        zoeker.setMaxVisibleItems(12)
        self.setCompleter(zoeker)
        self.zoeker = zoeker
        benoem(self.popup, tr("Passende onderwerpen"))
        regel.returnPressed.connect(self._enter)

    # Qt made these two; they are looked up each time, never kept in Python, so a Python
    # reference cannot go stale while Qt's object lives on.
    @property
    def regel(self) -> QtWidgets.QLineEdit:
        regel = self.lineEdit()
        assert regel is not None
        return regel

    @property
    def popup(self) -> QtWidgets.QAbstractItemView:
        popup = self.zoeker.popup()
        assert popup is not None
        return popup

    def gekozen_tekst(self) -> str:
        return self.itemText(self.currentIndex()) if self.currentIndex() >= 0 else ""

    def herstel_tekst(self) -> None:
        """Show the chosen onderwerp again instead of what was typed."""
        self.regel.setText(self.gekozen_tekst())

    def _enter(self) -> None:
        if self.popup.isVisible() and self.popup.currentIndex().isValid():
            return  # the completer chooses the highlighted onderwerp itself
        tekst = self.regel.text().strip()
        if not tekst or tekst == self.gekozen_tekst():
            self.herstel_tekst()
            return
        gevonden = [i for i in range(self.count()) if self.itemData(i)
                    and tekst.casefold() in self.itemText(i).casefold()]
        precies = [i for i in gevonden if self.itemText(i).casefold() == tekst.casefold()]
        if precies or len(gevonden) == 1:
            self.nietGekozen.emit("")
            self.setCurrentIndex((precies or gevonden)[0])
        elif gevonden:
            self.nietGekozen.emit(tr(
                "Er passen {0} onderwerpen bij ‘{1}’; er is niets gekozen. Kies er een met de "
                "pijltjes en Enter.").format(len(gevonden), tekst))
        else:
            self.nietGekozen.emit(tr(
                "‘{0}’ is geen onderwerp uit de lijst; er is niets gekozen. Typ een deel van "
                "het onderwerp en kies met Enter.").format(tekst))

    def _toon_lijst(self) -> None:
        """Open the list of matching onderwerpen; moving through it chooses nothing."""
        tekst = self.regel.text()
        self.zoeker.setCompletionPrefix("" if tekst == self.gekozen_tekst() else tekst)
        self.zoeker.complete()

    def keyPressEvent(self, e: QtGui.QKeyEvent) -> None:
        bladeren = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
        extra = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier
        if e.key() in bladeren and not e.modifiers() & extra:
            self._toon_lijst()
            e.accept()
        elif e.key() == Qt.Key.Key_Escape and self.regel.text() != self.gekozen_tekst():
            self.herstel_tekst()
            e.accept()
        else:
            super().keyPressEvent(e)

    def wheelEvent(self, e: QtGui.QWheelEvent) -> None:
        e.ignore()  # scrolling past the form must not choose an onderwerp

    def showPopup(self) -> None:
        lijst = self.view()
        if isinstance(lijst, QtWidgets.QListView):
            for i in range(self.count()):
                lijst.setRowHidden(i, not self.itemData(i))
        super().showPopup()

    def focusOutEvent(self, e: QtGui.QFocusEvent) -> None:
        tekst = self.regel.text().strip()
        if (e.reason() not in {Qt.FocusReason.PopupFocusReason,
                               Qt.FocusReason.ActiveWindowFocusReason}
                and tekst and tekst != self.gekozen_tekst()):
            gekozen = self.gekozen_tekst()
            self.herstel_tekst()  # what shows is what is chosen
            self.nietGekozen.emit(
                tr("‘{0}’ is niet gekozen (dat doet Enter); het onderwerp blijft ‘{1}’.").format(
                    tekst, gekozen) if gekozen else
                tr("‘{0}’ is niet gekozen (dat doet Enter); er is nog geen onderwerp.").format(
                    tekst))
        super().focusOutEvent(e)


class ContactmomentPaneel(QtWidgets.QWidget):
    """The registration form of one contact."""

    registreren = Signal()
    doorverbinden = Signal()
    onderwerpGekozen = Signal(str)

    def __init__(self, standaard_kanaal: Kanaal, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        benoem(self, tr("Contactmoment"))
        self.standaard_kanaal = standaard_kanaal
        self.limieten = Veldlimieten()
        """The longest texts the contact register accepts; checked while typing."""
        # The form scrolls when the screen is low; Registreren stays in view below it.
        buiten = QtWidgets.QVBoxLayout(self)
        buiten.setContentsMargins(0, 0, 0, 0)
        formulier = QtWidgets.QWidget()
        formulier.setObjectName("contactmomentFormulier")
        lay = QtWidgets.QVBoxLayout(formulier)
        self.melding = Melding("contactmomentMelding", self)
        self.beller = QtWidgets.QLabel()
        self.beller.setObjectName("beller")
        self.beller.setWordWrap(True)
        self.beller.setStyleSheet("QLabel { background: #e3f2fd; color: #0d3c61; padding: 4px; }")
        self.beller.hide()
        lay.addWidget(self.beller)
        self.bevestiging = QtWidgets.QLabel()
        self.bevestiging.setObjectName("contactmomentBevestiging")
        self.bevestiging.setWordWrap(True)
        self.bevestiging.setStyleSheet("QLabel { color: #1b5e20; background: #e8f5e9;"
                                       " padding: 4px; }")
        self.bevestiging.hide()
        lay.addWidget(self.melding)
        lay.addWidget(self.bevestiging)
        form = QtWidgets.QFormLayout()
        lay.addLayout(form)
        self.fouten: dict[str, Melding] = {}

        self.kanaal = QtWidgets.QComboBox()
        benoem(self.kanaal, tr("Kanaal"))
        for k in Kanaal:
            self.kanaal.addItem(tr(k.label), k)
        self._veld(form, tr("&Kanaal"), self.kanaal, "Kanaal")

        self.onderwerp = Onderwerpkeuze()
        benoem(self.onderwerp, tr("Onderwerp"),
               tr("Het product of onderwerp van de vraag; typ om te zoeken, Enter kiest"))
        self.onderwerp.addItem("", "")
        self._onderwerp = ""
        self.vorig_onderwerp = ""
        """The onderwerp chosen before the last choice, to go back to when a switch is undone."""
        self.onderwerp.currentIndexChanged.connect(self._onderwerp_gekozen)
        self._veld(form, tr("&Onderwerp"), self.onderwerp, "Onderwerp")
        self.onderwerp.nietGekozen.connect(self.fouten["Onderwerp"].zet)

        self.vraag = QtWidgets.QPlainTextEdit()
        benoem(self.vraag, tr("Vraag"), tr("De vraag van de klant, in eigen woorden"))
        self.vraag.setTabChangesFocus(True)
        self.vraag.setPlaceholderText(tr("Wat wil de klant weten of regelen?"))
        self._veld(form, tr("&Vraag"), self.vraag, "Vraag")

        self.antwoord = QtWidgets.QPlainTextEdit()
        benoem(self.antwoord, tr("Antwoord"), tr("Het antwoord of een notitie"))
        self.antwoord.setTabChangesFocus(True)
        self.antwoord.setPlaceholderText(tr("Welk antwoord kreeg de klant? Notities."))
        self._veld(form, tr("&Antwoord"), self.antwoord, "Antwoord")

        self.afhandeling = QtWidgets.QComboBox()
        benoem(self.afhandeling, tr("Afhandeling"))
        for a in Afhandeling:
            self.afhandeling.addItem(tr(a.label), a)
        self._veld(form, tr("A&fhandeling"), self.afhandeling, "Afhandeling")

        self.zaken = QtWidgets.QListWidget()
        benoem(self.zaken, tr("Gekoppelde zaken"),
               tr("Vink de zaken aan waar dit contact over ging; meer dan één mag"))
        self.zaken.setMaximumHeight(90)
        self._veld(form, tr("&Gekoppelde zaken"), self.zaken, "Zaken")

        self.artikelen_label = QtWidgets.QLabel()
        self.artikelen_label.setObjectName("gebruikteArtikelen")
        self.artikelen_label.setWordWrap(True)
        self.artikelen_label.setStyleSheet("color: #444;")
        self.artikelen_label.hide()
        lay.addWidget(self.artikelen_label)
        self.gebruikte_artikelen: dict[str, str] = {}
        knoppen = QtWidgets.QHBoxLayout()
        self.registreer_knop = QtWidgets.QPushButton(tr("&Registreren"))
        benoem(self.registreer_knop, tr("Registreren"),
               tr("Slaat het contact op (Ctrl+Enter)"))
        self.registreer_knop.setToolTip(tr("Registreren (Ctrl+Enter)"))
        self.registreer_knop.clicked.connect(self.registreren)
        self.doorverbind_knop = QtWidgets.QPushButton(tr("&Doorverbinden…"))
        benoem(self.doorverbind_knop, tr("Doorverbinden"),
               tr("Draag de vraag over aan een specialist of groep, met alle context "
                  "(Ctrl+Shift+D)"))
        self.doorverbind_knop.setToolTip(tr("Doorverbinden met context (Ctrl+Shift+D)"))
        self.doorverbind_knop.clicked.connect(self.doorverbinden)
        knoppen.addStretch(1)
        knoppen.addWidget(self.doorverbind_knop)
        knoppen.addWidget(self.registreer_knop)
        knoppen.setContentsMargins(9, 0, 9, 9)
        buiten.addWidget(Schuifvlak(formulier), 1)
        buiten.addLayout(knoppen)
        # Too long shows at the field while typing or pasting, not only at Registreren.
        self.vraag.textChanged.connect(lambda: self._controleer_lengte("Vraag", self.vraag))
        self.antwoord.textChanged.connect(
            lambda: self._controleer_lengte("Antwoord", self.antwoord))
        # "Contact geregistreerd" was about the previous contact: typing the next one ends it.
        for veld in (self.vraag, self.antwoord):
            veld.textChanged.connect(
                lambda v=veld: self.bevestig("") if v.toPlainText().strip() else None)
        self.leeg()
        self.zet_klant_aanwezig(False)

    def _veld(self, form: QtWidgets.QFormLayout, label: str, widget: QtWidgets.QWidget,
              sleutel: str) -> None:
        lab = QtWidgets.QLabel(label)
        lab.setBuddy(widget)
        kolom = QtWidgets.QVBoxLayout()
        kolom.setSpacing(2)
        kolom.addWidget(widget)
        fout = Melding(f"fout{sleutel}", self)
        kolom.addWidget(fout)
        self.fouten[sleutel] = fout
        form.addRow(lab, kolom)

    def _controleer_lengte(self, veld: str, invoer_: QtWidgets.QPlainTextEdit) -> None:
        maximum = self.limieten.vraag if veld == "Vraag" else self.limieten.antwoord
        try:
            invoer.tekstveld(invoer_.toPlainText(), veld, maximum=maximum)
        except invoer.OngeldigeInvoer as e:
            self.fouten[veld].zet(e.bericht)
        else:
            if "het maximum is" in self.fouten[veld].text():
                self.fouten[veld].zet("")

    def _onderwerp_gekozen(self) -> None:
        self.vorig_onderwerp, self._onderwerp = self._onderwerp, self.onderwerp.currentData() or ""
        if self._onderwerp:
            self.fouten["Onderwerp"].zet("")
            self.onderwerpGekozen.emit(self._onderwerp)

    def zet_onderwerp(self, onderwerp: str) -> None:
        """Show this onderwerp as the chosen one without choosing it again."""
        if onderwerp and self.onderwerp.findData(onderwerp) < 0:
            self.onderwerp.addItem(onderwerp, onderwerp)
        self.onderwerp.blockSignals(True)
        self.onderwerp.setCurrentIndex(max(self.onderwerp.findData(onderwerp), 0))
        self.onderwerp.herstel_tekst()
        self.onderwerp.blockSignals(False)
        self._onderwerp = self.onderwerp.currentData() or ""

    def zet_onderwerpen(self, onderwerpen: list[str]) -> None:
        huidig = self.onderwerp.currentData()
        self.onderwerp.blockSignals(True)
        self.onderwerp.clear()
        self.onderwerp.addItem("", "")
        for o in onderwerpen:
            self.onderwerp.addItem(o, o)
        i = self.onderwerp.findData(huidig)
        self.onderwerp.setCurrentIndex(max(i, 0))
        self.onderwerp.blockSignals(False)
        self._onderwerp = self.onderwerp.currentData() or ""

    def zet_klant_aanwezig(self, aanwezig: bool) -> None:
        for w in (self.kanaal, self.onderwerp, self.vraag, self.antwoord, self.afhandeling,
                  self.zaken, self.registreer_knop, self.doorverbind_knop):
            w.setEnabled(aanwezig)

    def zet_beller(self, tekst: str) -> None:
        """Who is on the line when no customer is open (an unknown caller)."""
        self.beller.setText(tekst)
        self.beller.setVisible(bool(tekst))

    def gebruik_artikel(self, artikel: Kennisartikel) -> None:
        """Put the article's note for this channel in the answer and link it to the contact."""
        kanaal = Kanaal(self.kanaal.currentData())
        tekst = artikel.notitie(kanaal) or artikel.samenvatting
        huidig = self.antwoord.toPlainText().rstrip()
        if tekst not in huidig:
            self.antwoord.setPlainText(f"{huidig}\n{tekst}".strip())
        self.gebruikte_artikelen[artikel.id] = artikel.titel
        self._toon_artikelen()

    def _toon_artikelen(self) -> None:
        titels = list(self.gebruikte_artikelen.values())
        self.artikelen_label.setText(tr("Gebruikte artikelen: {0}").format("; ".join(titels)))
        self.artikelen_label.setVisible(bool(titels))

    def zet_zaken(self, zaken: list[Zaak], aanvinken: Iterable[str] = ()) -> None:
        gekozen = set(self.gekozen_zaken()) | set(aanvinken)
        self.zaken.clear()
        for z in zaken:
            item = QtWidgets.QListWidgetItem(f"{z.identificatie} — {z.omschrijving}")
            item.setData(Qt.ItemDataRole.UserRole, z.identificatie)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if z.identificatie in gekozen
                               else Qt.CheckState.Unchecked)
            self.zaken.addItem(item)

    def gekozen_zaken(self) -> list[str]:
        return [self.zaken.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.zaken.count())
                if self.zaken.item(i).checkState() == Qt.CheckState.Checked]

    def leeg(self) -> None:
        """A fresh form for a new contact (after registering, or for another customer)."""
        self.kanaal.setCurrentIndex(self.kanaal.findData(self.standaard_kanaal))
        self.zet_onderwerp("")
        self.vraag.clear()
        self.antwoord.clear()
        self.afhandeling.setCurrentIndex(0)
        for i in range(self.zaken.count()):
            self.zaken.item(i).setCheckState(Qt.CheckState.Unchecked)
        self.gebruikte_artikelen = {}
        self._toon_artikelen()
        self.wis_fouten()

    def vul(self, contact: Contactmoment) -> None:
        """Put a stored contact back in the form, to correct it."""
        self.leeg()
        self.kanaal.setCurrentIndex(max(self.kanaal.findData(contact.kanaal), 0))
        self.zet_onderwerp(contact.onderwerp)
        self.vraag.setPlainText(contact.vraag)
        self.antwoord.setPlainText(contact.antwoord)
        self.afhandeling.setCurrentIndex(max(self.afhandeling.findData(contact.afhandeling), 0))

    def wis_fouten(self) -> None:
        for f in self.fouten.values():
            f.zet("")
        self.melding.zet("")

    def toon_fout(self, veld: str, bericht: str) -> None:
        """Show an error at its field and put the cursor there."""
        self.fouten.get(veld, self.melding).zet(bericht)
        widget = {"Kanaal": self.kanaal, "Onderwerp": self.onderwerp, "Vraag": self.vraag,
                  "Antwoord": self.antwoord, "Afhandeling": self.afhandeling}.get(veld)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def bevestig(self, tekst: str) -> None:
        self.bevestiging.setText(tekst)
        self.bevestiging.setVisible(bool(tekst))


# --- Contacthistorie ------------------------------------------------------------------------


class ContacthistoriePaneel(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contacthistoriePaneel")
        lay = QtWidgets.QVBoxLayout(self)
        self.melding = Melding("contacthistorieMelding", self)
        self.bezig = Bezig(self)
        lay.addWidget(self.melding)
        lay.addWidget(self.bezig)
        balk = QtWidgets.QHBoxLayout()
        self.filter = QtWidgets.QLineEdit()
        benoem(self.filter, tr("Contacthistorie filteren"))
        self.filter.setPlaceholderText(tr("Filter op tekst…"))
        self.filter.setClearButtonEnabled(True)
        flab = QtWidgets.QLabel(tr("Filter:"))
        flab.setBuddy(self.filter)
        self.kanaal = QtWidgets.QComboBox()
        benoem(self.kanaal, tr("Kanaalfilter"))
        self.kanaal.addItem(tr("Alle kanalen"), None)
        for k in Kanaal:
            self.kanaal.addItem(tr(k.label), k)
        klab = QtWidgets.QLabel(tr("Kanaal:"))
        klab.setBuddy(self.kanaal)
        self._onvolledig = False
        """Some source did not answer: an empty list is then not 'no contacts'."""
        self.aantal = QtWidgets.QLabel()
        self.aantal.setObjectName("contacthistorieAantal")
        for w in (flab, self.filter, klab, self.kanaal):
            balk.addWidget(w)
        balk.addStretch(1)
        balk.addWidget(self.aantal)
        lay.addLayout(balk)
        self.model = ContacthistorieModel(self)
        self.proxy = ContactFilter(self)
        self.proxy.setSourceModel(self.model)
        self.tabel = QtWidgets.QTableView()
        benoem(self.tabel, tr("Contacthistorie"),
               tr("Alle contacten van deze klant over alle kanalen, nieuwste eerst"))
        self.tabel.setModel(self.proxy)
        self.tabel.setSortingEnabled(True)
        self.tabel.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.tabel.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabel.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabel.setWordWrap(False)
        self.tabel.verticalHeader().hide()
        self.tabel.verticalHeader().setAccessibleName(tr("Rijkoppen contacthistorie"))
        self.tabel.horizontalHeader().setAccessibleName(tr("Kolomkoppen contacthistorie"))
        self.tabel.horizontalHeader().setStretchLastSection(True)
        # Column widths from the newest contacts, not from years of history on every open.
        self.tabel.horizontalHeader().setResizeContentsPrecision(KOLOMMETING_RIJEN)
        self.details = QtWidgets.QTextBrowser()
        benoem(self.details, tr("Contactdetails"),
               tr("Het hele contact: vraag, antwoord, checklist en gebruikte artikelen"))
        self.details.setOpenLinks(False)
        self.artikeltitels: dict[str, str] = {}
        """Titles of kennisartikelen by id, to name the ones a contact used."""
        self.afspraken_bij: dict[str, list[str]] = {}
        """Appointments made during a contact, by contactmoment id."""
        splitser = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        splitser.addWidget(self.tabel)
        splitser.addWidget(self.details)
        splitser.setStretchFactor(0, 3)
        splitser.setStretchFactor(1, 2)
        lay.addWidget(splitser, 1)
        self.tabel.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._toon_details(cur))
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.textChanged.connect(self._tel)
        self.kanaal.currentIndexChanged.connect(
            lambda _i: self._kanaal_gekozen())

    def _kanaal_gekozen(self) -> None:
        data = self.kanaal.currentData()
        self.proxy.zet_kanaal(Kanaal(data) if data else None)
        self._tel()

    def laden(self) -> None:
        self.bezig.show()

    def zet_meldingen(self, meldingen: list[str]) -> None:
        """The same contacts, now with what the sources said about them."""
        self.melding.zet(meldingen)
        self._onvolledig = bool(meldingen)
        self._tel()

    def zet(self, contacten: list[Contactmoment], meldingen: list[str]) -> None:
        self.bezig.hide()
        self.melding.zet(meldingen)
        self._onvolledig = bool(meldingen)
        self.model.zet(contacten)
        self.details.clear()
        if self.proxy.rowCount():
            self.tabel.setCurrentIndex(self.proxy.index(0, 0))
        self.tabel.resizeColumnsToContents()
        for kol, breed in ((3, 260), (4, 260)):
            self.tabel.setColumnWidth(kol, min(self.tabel.columnWidth(kol), breed))
        self._tel()

    def _toon_details(self, index: QtCore.QModelIndex) -> None:
        if not index.isValid():
            self.details.clear()
            return
        c = self.model.contact(self.proxy.mapToSource(index).row())
        delen = [f"<p><b>{html.escape(c.onderwerp)}</b> · {html.escape(tr(c.kanaal.label))} · "
                 f"{c.begin.astimezone(TIJDZONE):%d-%m-%Y %H:%M} · {html.escape(c.medewerker)}"
                 "</p>",
                 f"<p><b>{tr('Vraag')}:</b> {html.escape(c.vraag)}</p>",
                 f"<p><b>{tr('Antwoord')}:</b> {html.escape(c.antwoord)}</p>",
                 f"<p><b>{tr('Afhandeling')}:</b> {html.escape(tr(c.afhandeling.label))}</p>"]
        if c.telefoonnummer:
            delen.append(f"<p><b>{tr('Nummer beller')}:</b> {html.escape(c.telefoonnummer)}</p>")
        if c.verzoek is not None:
            v = c.verzoek
            terug = (f" · {tr('terugbellen op')} {html.escape(v.terugbelnummer)}"
                     if v.terugbelnummer else "")
            delen.append(
                f"<p><b>{tr('Overgedragen aan')}:</b> {html.escape(v.ontvanger.naam)} — "
                f"{html.escape(v.handeling)}{terug}</p><p style='white-space: pre-wrap'>"
                f"{html.escape(v.toelichting)}</p>")
        if c.zaken:
            delen.append(f"<p><b>{tr('Zaken')}:</b> {html.escape(', '.join(c.zaken))}</p>")
        if c.checklist:
            delen.append(f"<p><b>{tr('Checklist')}:</b></p><ul>" + "".join(
                f"<li>{html.escape(a.regel())}</li>" for a in c.checklist) + "</ul>")
        if c.id in self.afspraken_bij:
            delen.append(f"<p><b>{tr('Afspraken')}:</b> "
                         f"{html.escape('; '.join(self.afspraken_bij[c.id]))}</p>")
        if c.kennisartikelen:
            titels = [self.artikeltitels.get(a, a) for a in c.kennisartikelen]
            delen.append(f"<p><b>{tr('Gebruikte artikelen')}:</b> "
                         f"{html.escape('; '.join(titels))}</p>")
        self.details.setHtml("".join(delen))

    def _tel(self) -> None:
        n, totaal = self.proxy.rowCount(), self.model.rowCount()
        if totaal == 0 and self._onvolledig:
            # Only sources that all answered can say there were no contacts.
            self.aantal.setText(tr("Contacten niet op te halen: niet elke bron gaf antwoord."))
            return
        tekst = (tr("{0} van {1} contacten").format(n, totaal) if n != totaal
                 else tr("{0} contacten").format(totaal))
        self.aantal.setText(tekst + (tr(" (niet elke bron gaf antwoord)")
                                     if self._onvolledig else ""))


# --- Zaken ---------------------------------------------------------------------------------


class ZakenPaneel(QtWidgets.QScrollArea):
    """Each zaak as a parcel tracker: what happened, what comes next, who, and by when."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        benoem(self, tr("Zaken"))
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys and PgUp/PgDn scroll
        self._binnen = QtWidgets.QWidget()
        self._lay = QtWidgets.QVBoxLayout(self._binnen)
        self._lay.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.melding = Melding("zakenMelding", self._binnen)
        self.bezig = Bezig(self._binnen)
        self._lay.addWidget(self.melding)
        self._lay.addWidget(self.bezig)
        self.leeg = QtWidgets.QLabel(tr("Open een klant om de zaken te zien."))
        self.leeg.setObjectName("zakenLeeg")
        self._lay.addWidget(self.leeg)
        self.kaarten: list[QtWidgets.QFrame] = []
        self._getoond: tuple[list[Zaak], date] | None = None
        """The zaken the cards show, and the day they were judged on (te laat)."""
        self.setWidget(self._binnen)

    def laden(self) -> None:
        self.bezig.show()

    def zet(self, zaken: list[Zaak], meldingen: list[str], vandaag: date) -> None:
        self.bezig.hide()
        if (zaken, vandaag) == self._getoond:  # the same cards: no new layout of them
            self.zet_meldingen(meldingen)
            return
        self._getoond = (list(zaken), vandaag)
        self.melding.zet(meldingen)
        for k in self.kaarten:
            self._lay.removeWidget(k)
            k.deleteLater()
        # Open zaken first and overdue ones on top: what the customer asks about most.
        volgorde = sorted(zaken, key=lambda z: (is_afgerond(z), not is_te_laat(z, vandaag),
                                                -z.startdatum.toordinal()))
        self.kaarten = [self._kaart(z, vandaag) for z in volgorde]
        for k in self.kaarten:
            self._lay.addWidget(k)
        self._zet_leeg(bool(zaken), meldingen)

    def zet_meldingen(self, meldingen: list[str]) -> None:
        """The same zaken, now with what the sources said about them."""
        self.melding.zet(meldingen)
        self._zet_leeg(bool(self.kaarten), meldingen)

    def _zet_leeg(self, zaken: bool, meldingen: list[str]) -> None:
        # Only sources that all answered can say there are none.
        self.leeg.setText("" if zaken else tr("Deze klant heeft geen zaken.") if not meldingen
                          else tr("Zaken niet op te halen: niet elke bron gaf antwoord (zie "
                                  "de melding hierboven). Er kunnen zaken ontbreken."))
        self.leeg.setVisible(not zaken)

    def _kaart(self, zaak: Zaak, vandaag: date) -> QtWidgets.QFrame:
        kaart = QtWidgets.QFrame()
        kaart.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        kaart.setObjectName(f"zaak-{zaak.identificatie}")
        te_laat = is_te_laat(zaak, vandaag)
        afgerond = is_afgerond(zaak)
        kaart.setAccessibleName(tr("Zaak {0}").format(zaak.identificatie))
        lay = QtWidgets.QVBoxLayout(kaart)
        kop = QtWidgets.QHBoxLayout()
        titel = QtWidgets.QLabel(f"<b>{html.escape(zaak.omschrijving)}</b>")
        titel.setWordWrap(True)
        kop.addWidget(titel, 1)
        grens = termijn(zaak)
        if grens.soort is Termijnsoort.UITERLIJKE_EINDDATUM:
            waarom = tr("uiterlijke einddatum afdoening {0}").format(f"{grens.datum:%d-%m-%Y}")
        else:
            waarom = tr("einde doorlooptijd van {0} dagen, {1}").format(
                zaak.zaaktype.doorlooptijd_dagen, f"{grens.datum:%d-%m-%Y}")
        later = is_later_dan_gepland(zaak, vandaag)
        if te_laat:
            # The sign is the text, never the colour alone.
            vlag = QtWidgets.QLabel(tr("Te laat"))
            vlag.setObjectName("teLaat")
            vlag.setToolTip(tr("Over de termijn heen: {0}").format(waarom))
            vlag.setStyleSheet("QLabel { background: #b3261e; color: white; padding: 2px 6px;"
                               " border-radius: 8px; font-weight: 600; }")
            kop.addWidget(vlag)
        elif later:
            vlag = QtWidgets.QLabel(tr("Later dan gepland"))
            vlag.setObjectName("laterDanGepland")
            vlag.setToolTip(tr("Over de geplande einddatum, nog binnen de termijn: {0}").format(
                waarom))
            vlag.setStyleSheet("QLabel { background: #ffe08a; color: #3d2e00; padding: 2px 6px;"
                               " border-radius: 8px; }")
            kop.addWidget(vlag)
        elif afgerond:
            klaar = QtWidgets.QLabel(tr("Afgerond"))
            klaar.setStyleSheet("QLabel { background: #2e7d32; color: white; padding: 2px 6px;"
                                " border-radius: 8px; }")
            kop.addWidget(klaar)
        lay.addLayout(kop)
        info = QtWidgets.QLabel(
            f"{html.escape(zaak.identificatie)} · {html.escape(zaak.zaaktype.omschrijving)}"
            f" · {tr('gestart')} {zaak.startdatum:%d-%m-%Y}")
        info.setStyleSheet("color: #444;")
        info.setWordWrap(True)
        lay.addWidget(info)
        stappen = []
        for st in zaak.statussen:
            stappen.append(
                f"<tr><td style='color:#2e7d32'>●</td>"
                f"<td>{st.gezet_op.astimezone(TIJDZONE):%d-%m-%Y}</td><td><b>{html.escape(st.omschrijving)}</b>"
                + (f"<br><span style='color:#555'>{html.escape(st.toelichting)}</span>"
                   if st.toelichting else "") + "</td></tr>")
        volgende = volgende_status(zaak)
        if volgende:
            stappen.append(f"<tr><td style='color:#999'>○</td><td style='color:#777'>"
                           f"{tr('volgende')}</td><td style='color:#777'>"
                           f"{html.escape(volgende)}</td></tr>")
        tijdlijn = QtWidgets.QLabel("<table cellspacing='3'>" + "".join(stappen) + "</table>")
        tijdlijn.setObjectName("tijdlijn")
        tijdlijn.setWordWrap(True)
        lay.addWidget(tijdlijn)
        regels = []
        if zaak.behandelaar:
            regels.append(tr("Behandelaar: {0}").format(zaak.behandelaar))
        if afgerond:
            regels.append(tr("Resultaat: {0}").format(zaak.resultaat or tr("onbekend")))
        else:
            if zaak.geplande_einddatum is not None:
                regels.append(tr("Gepland klaar: {0}").format(
                    f"{zaak.geplande_einddatum:%d-%m-%Y}"))
            regels.append(tr("Uiterlijk klaar: {0}").format(waarom))
            if te_laat:
                dagen = (vandaag - grens.datum).days
                regels.append(tr("{0} {1} te laat").format(
                    dagen, tr("dag") if dagen == 1 else tr("dagen")))
            elif later and zaak.geplande_einddatum is not None:
                dagen = (vandaag - zaak.geplande_einddatum).days
                regels.append(tr("{0} {1} later dan gepland").format(
                    dagen, tr("dag") if dagen == 1 else tr("dagen")))
        voet = QtWidgets.QLabel(" · ".join(html.escape(r) for r in regels))
        voet.setObjectName("zaakVoet")
        voet.setWordWrap(True)
        lay.addWidget(voet)
        return kaart


# --- Kennisbank -------------------------------------------------------------------------


BEOORDELING_GELDIG_DAGEN = 365
"""An article not reviewed for this long is marked: its content may be out of date."""


class KennisModel(LijstModel):
    """The kennisbank's list: whole articles or Kennistreffer; a page can be added below."""

    def voeg_toe(self, items: Iterable[Kennistreffer]) -> None:
        nieuw = list(items)
        if not nieuw:
            return
        begin = len(self._items)
        self.beginInsertRows(QtCore.QModelIndex(), begin, begin + len(nieuw) - 1)
        self._items.extend(nieuw)  # type: ignore[arg-type]
        self.endInsertRows()

    def data(self, index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
             rol: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if rol == Qt.ItemDataRole.ToolTipRole and index.isValid() and 0 <= index.row() < len(
                self._items):
            item = self._items[index.row()]
            if isinstance(item, Kennistreffer):
                return item.fragment or item.samenvatting
        return super().data(index, rol)


_ONTHOUDEN = 20
"""Whole articles the panel keeps after showing them, for going back and forth."""
VOORBEELD_NA = 0.15
"""Seconds the kennisbank's list stands still before its first article is shown."""


class KennisbankPaneel(QtWidgets.QWidget):
    zoekt = Signal(str)
    gebruiken = Signal(object)
    """The agent uses the shown article in the answer (a Kennisartikel)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        benoem(self, tr("Kennisbank"))
        self._bron: KennisbankService | None = None
        self._taken: Taken | None = None
        self._geladen: OrderedDict[str, Kennisartikel] = OrderedDict()
        """Whole articles read for this panel (the list holds titles and fragments only)."""
        self._verder: tuple[str, int] | None = None
        """(onderwerp, position) of the plain list's next page, while there is one."""
        lay = QtWidgets.QVBoxLayout(self)
        self.melding = Melding("kennisbankMelding", self)
        lay.addWidget(self.melding)
        self.zoekveld = QtWidgets.QLineEdit()
        benoem(self.zoekveld, tr("Kennisbank zoeken"))
        self.zoekveld.setPlaceholderText(tr("Zoek in de kennisbank…"))
        self.zoekveld.setClearButtonEnabled(True)
        zlab = QtWidgets.QLabel(tr("Ken&nisbank:"))
        zlab.setBuddy(self.zoekveld)
        rij = QtWidgets.QHBoxLayout()
        rij.addWidget(zlab)
        rij.addWidget(self.zoekveld, 1)
        lay.addLayout(rij)
        self.kop = QtWidgets.QLabel()
        self.kop.setObjectName("kennisbankKop")
        self.kop.setStyleSheet("color: #444;")
        lay.addWidget(self.kop)
        splitser = QtWidgets.QSplitter(Qt.Orientation.Vertical)
        self.model = KennisModel(self)
        lijstvak = QtWidgets.QWidget()
        lijstlay = QtWidgets.QVBoxLayout(lijstvak)
        lijstlay.setContentsMargins(0, 0, 0, 0)
        self.lijst = QtWidgets.QListView()
        benoem(self.lijst, tr("Kennisbankresultaten"))
        self.lijst.setModel(self.model)
        self.lijst.setAlternatingRowColors(True)
        self.meer_knop = QtWidgets.QPushButton(tr("Meer artikelen"))
        benoem(self.meer_knop, tr("Meer artikelen"),
               tr("Toont de volgende artikelen van de lijst"))
        self.meer_knop.clicked.connect(self.meer)
        self.meer_knop.hide()
        lijstlay.addWidget(self.lijst, 1)
        lijstlay.addWidget(self.meer_knop)
        self.artikel = QtWidgets.QTextBrowser()
        benoem(self.artikel, tr("Kennisartikel"))
        self.artikel.setOpenLinks(False)
        splitser.addWidget(lijstvak)
        splitser.addWidget(self.artikel)
        splitser.setSizes([140, 260])
        lay.addWidget(splitser, 1)
        self.kanaal = Kanaal.TELEFOON
        knoppen = QtWidgets.QHBoxLayout()
        self.gebruik_knop = QtWidgets.QPushButton(tr("In antwoord gebruiken"))
        benoem(self.gebruik_knop, tr("In antwoord gebruiken"),
               tr("Zet de notitie voor dit kanaal in het antwoord en koppelt het artikel aan "
                  "het contact (Ctrl+Shift+I)"))
        self.gebruik_knop.setToolTip(tr("In antwoord gebruiken (Ctrl+Shift+I)"))
        self.gebruik_knop.clicked.connect(self.gebruik_artikel)
        knoppen.addStretch(1)
        knoppen.addWidget(self.gebruik_knop)
        lay.addLayout(knoppen)
        # textChanged, not textEdited: text typed by assistive technology arrives only so.
        self.zoekveld.textChanged.connect(self.zoekt)
        self._stil = False
        """Set while the list itself moves to the first row: the article follows later."""
        self.lijst.selectionModel().currentChanged.connect(
            lambda cur, _prev: None if self._stil else self.toon(cur.row()))
        self.lijst.activated.connect(lambda i: self.toon(i.row()))
        # Scrolled to the end of the plain list: its next page.
        self.lijst.verticalScrollBar().valueChanged.connect(self._gescrold)

    def verbind(self, bron: KennisbankService, taken: Taken) -> None:
        """Where whole articles and further pages come from, and the tasks that fetch them."""
        self._bron, self._taken = bron, taken
        i = self.lijst.currentIndex()
        if i.isValid():
            self.toon(i.row())

    def zet_resultaten(self, artikelen: Sequence[Kennisartikel | Kennistreffer],
                       kop: str = "") -> None:
        """A list of whole articles or of Kennistreffer; a Kennispagina with a next page
        gets "Meer artikelen" (and the next page when scrolled to its end)."""
        self.kop.setText(kop)
        self.model.zet(list(artikelen))  # type: ignore[arg-type]
        self._zet_verder(artikelen)
        if artikelen:
            self._stil = True
            try:
                self.lijst.setCurrentIndex(self.model.index(0, 0))
            finally:
                self._stil = False
            self._toon_straks()
        else:
            self.artikel.setPlainText(tr("Geen artikelen gevonden."))

    def _zet_verder(self, pagina: object) -> None:
        self._verder = ((pagina.onderwerp, pagina.verder)
                        if isinstance(pagina, Kennispagina) and pagina.verder is not None
                        else None)
        self.meer_knop.setVisible(self._verder is not None)

    def meer(self) -> None:
        """The next page of the plain list, added below what is shown."""
        if self._verder is None or self._bron is None or self._taken is None:
            return
        if not self._taken.bezig("kennis-meer"):
            self._taken.start("kennis-meer", self._haal_meer(*self._verder))

    async def _haal_meer(self, onderwerp: str, na: int) -> None:
        assert self._bron is not None
        pagina = await self._bron.lijst(onderwerp, na)
        if self._verder != (onderwerp, na):  # the list was replaced meanwhile
            return
        self.model.voeg_toe(pagina)
        self._zet_verder(pagina)

    def _gescrold(self, waarde: int) -> None:
        balk = self.lijst.verticalScrollBar()
        if self._verder is not None and balk.maximum() > 0 and waarde >= balk.maximum():
            self.meer()

    def _toon_straks(self) -> None:
        """The first article when the list has stood still a moment: while the agent types,
        each letter would otherwise lay out a whole article in the window's thread."""
        if self._taken is None:
            self.toon(self.lijst.currentIndex().row())
        else:
            self._taken.start("kennis-voorbeeld", self._voorbeeld())

    async def _voorbeeld(self) -> None:
        await asyncio.sleep(VOORBEELD_NA)
        self.toon(self.lijst.currentIndex().row())

    def toon(self, rij: int) -> None:
        if not 0 <= rij < self.model.rowCount():
            return
        item = self.model.item(rij)
        if isinstance(item, Kennisartikel):
            self._toon(item)
            return
        assert isinstance(item, Kennistreffer)
        if (a := self._geladen.get(item.id)) is not None:
            self._toon(a)
            return
        # Title and summary at once; the body when it is read.
        self.artikel.setHtml(
            f"<h3>{html.escape(item.titel)}</h3><p><i>{html.escape(item.samenvatting)}</i></p>"
            f"<p style='color:#666'>{tr('Artikel wordt geladen…')}</p>")
        self._laad(item.id)

    def _laad(self, artikel_id: str, gebruik: bool = False) -> None:
        if self._bron is not None and self._taken is not None:
            self._taken.start("kennis-artikel", self._haal(artikel_id, gebruik))

    async def _haal(self, artikel_id: str, gebruik: bool) -> None:
        assert self._bron is not None
        artikel = await self._bron.artikel(artikel_id)
        huidig = self._huidig_item()
        if artikel is None:
            if isinstance(huidig, Kennistreffer) and huidig.id == artikel_id:
                self.artikel.setPlainText(tr("Dit artikel staat niet (meer) in de kennisbank."))
            return
        self._geladen[artikel_id] = artikel
        self._geladen.move_to_end(artikel_id)
        while len(self._geladen) > _ONTHOUDEN:
            self._geladen.popitem(last=False)
        if isinstance(huidig, Kennistreffer) and huidig.id == artikel_id:
            self._toon(artikel)
            if gebruik:
                self.gebruiken.emit(artikel)

    def _toon(self, a: Kennisartikel) -> None:
        alineas = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>"
                          for p in a.tekst.split("\n\n"))
        notities = ""
        if a.kanaalnotities:
            eerst = sorted(a.kanaalnotities, key=lambda kn: kn[0] is not self.kanaal)
            notities = "<table cellspacing='2' style='background:#eef4fb'>" + "".join(
                f"<tr><td><b>{html.escape(tr(k.label))}</b>"
                f"{' ◀' if k is self.kanaal else ''}</td><td>{html.escape(t)}</td></tr>"
                for k, t in eerst) + "</table>"
        beheer = [f"{tr('Onderwerp')}: {html.escape(a.onderwerp)}"]
        if a.eigenaar:
            beheer.append(f"{tr('Eigenaar')}: {html.escape(a.eigenaar)}")
        verlopen = ""
        if a.laatst_beoordeeld:
            beheer.append(tr("Laatst beoordeeld: {0}").format(
                f"{a.laatst_beoordeeld:%d-%m-%Y}"))
            if (nu().date() - a.laatst_beoordeeld).days > BEOORDELING_GELDIG_DAGEN:
                verlopen = (f"<p style='color:#8a1c1c'><b>{tr('Beoordeling verlopen')}</b>: "
                            f"{tr('controleer de inhoud bij de eigenaar.')}</p>")
        beheer.append(f"{tr('Bron')}: {html.escape(a.bron)}")
        self.artikel.setHtml(
            f"<h3>{html.escape(a.titel)}</h3><p><i>{html.escape(a.samenvatting)}</i></p>"
            f"{notities}{alineas}{verlopen}<p style='color:#666'>{' · '.join(beheer)}</p>")

    def zet_kanaal(self, kanaal: Kanaal) -> None:
        """The channel of the contact: its note comes first and goes into the answer."""
        self.kanaal = kanaal
        i = self.lijst.currentIndex()
        if i.isValid():
            self.toon(i.row())

    def gebruik_artikel(self) -> None:
        a = self.huidig_artikel()
        if a is not None:
            self.gebruiken.emit(a)
        elif isinstance(t := self._huidig_item(), Kennistreffer):
            self._laad(t.id, gebruik=True)  # used as soon as its body is read

    def toon_artikel(self, artikel: Kennisartikel, kop: str) -> None:
        self.zet_resultaten([artikel], kop)

    def _huidig_item(self) -> Kennisartikel | Kennistreffer | None:
        i = self.lijst.currentIndex()
        if not i.isValid():
            return None
        a = self.model.item(i.row())
        return a if isinstance(a, Kennisartikel | Kennistreffer) else None

    def huidig_artikel(self) -> Kennisartikel | None:
        """The whole article shown, once its body has been read."""
        a = self._huidig_item()
        if isinstance(a, Kennistreffer):
            return self._geladen.get(a.id)
        return a
