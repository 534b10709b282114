"""The one screen through real widgets: names, keys, search, dossier, registering, failures."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pytestqt.qt_compat import qt_api
from sqlalchemy import text
from werkplek_embedded.demo import BERT_BSN

from tests.hulp import kapotte_profiel_toml, wacht_tot
from tests.ui.conftest import open_venster, sluit_venster, vind
from werkplek.app import bouw
from werkplek.domain.model import (
    Afhandeling,
    KlantRef,
)
from werkplek.services.profiel import lees_profiel
from werkplek.store.repositories import AuditLog
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.qt import Qt, QtWidgets

QTest = qt_api.QtTest.QTest

NAMEN = ["Zoeken", "Zoekresultaten", "Klantbeeld", "Contactmoment", "Kanaal", "Onderwerp",
         "Vraag", "Antwoord", "Afhandeling", "Registreren", "Contacthistorie", "Zaken",
         "Kennisbank", "Kennisbank zoeken", "Checklist", "Suggesties", "Regie",
         "Agenda", "Vrije tijden", "Afspraak maken", "Vandaag",
         "Status", "Doorverbinden", "Bellen", "Aannemen", "Ophangen"]


async def zoek(venster: Hoofdvenster, tekst: str) -> None:
    veld = vind(venster, "Zoeken", QtWidgets.QLineEdit)
    veld.setFocus()
    veld.setText(tekst)
    QTest.keyClick(veld, Qt.Key.Key_Return)
    await venster.taken.wacht()


pytestmark = pytest.mark.asyncio


async def test_elke_control_heeft_zijn_toegankelijke_naam(venster: Hoofdvenster) -> None:
    for naam in NAMEN:
        vind(venster, naam)
    zonder_naam = [
        w for w in venster.findChildren(QtWidgets.QWidget)
        if isinstance(w, QtWidgets.QLineEdit | QtWidgets.QPlainTextEdit | QtWidgets.QComboBox
                      | QtWidgets.QPushButton | QtWidgets.QAbstractItemView)
        and not w.accessibleName() and w.window() is venster  # combo popups are own windows
    ]
    assert [(type(w).__name__, w.objectName()) for w in zonder_naam] == []


async def test_lege_start_wijst_de_nieuwkomer_de_weg(venster: Hoofdvenster) -> None:
    welkom = venster.findChild(QtWidgets.QLabel, "welkom")
    assert welkom.isVisible()
    assert "Ctrl+K" in welkom.text()
    assert not vind(venster, "Registreren").isEnabled()
    assert vind(venster, "Kanaal", QtWidgets.QComboBox).currentText() == "Telefoon"  # the role's
    knop = vind(venster, "Demoklant Bert Burger openen", QtWidgets.QPushButton)
    knop.click()
    await venster.taken.wacht()
    assert venster.klantbeeld.naam.text() == "Bert Burger"
    assert not welkom.isVisible()


async def test_ctrl_k_zet_de_cursor_in_het_zoekveld(venster: Hoofdvenster) -> None:
    venster.activateWindow()
    vind(venster, "Kennisbank zoeken").setFocus()
    QTest.keyClick(venster, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    await wacht_tot(lambda: QtWidgets.QApplication.focusWidget() is vind(venster, "Zoeken"))


@pytest.mark.parametrize(("tekst", "melding"), [
    ("123456789", "elfproef"),
    ("3011 SS 12", "geen geldige postcode"),
    ("0612", "geen geldig telefoonnummer"),
    ("bert@@example", "geen geldig e-mailadres"),
    ("1234567", "Een KvK-nummer bestaat uit 8 cijfers"),
])
async def test_foute_invoer_geeft_een_melding_en_er_wordt_niet_gezocht(
        venster: Hoofdvenster, tekst: str, melding: str) -> None:
    if tekst == "1234567":
        venster.zoeksoort.setCurrentIndex(venster.zoeksoort.findText("KvK-nummer"))
    await zoek(venster, tekst)
    assert venster.zoekmelding.isVisible()
    assert melding in venster.zoekmelding.text()
    assert venster.resultaten_status.text() == "Nog niet gezocht."
    assert venster.resultaten_model.rowCount() == 0
    bert = KlantRef.persoon(BERT_BSN)
    regels = await venster.d.dossier.werker.doe(
        lambda: AuditLog(venster.d.dossier.werker.store).van_klant(bert))
    assert regels == []


async def test_zoeken_openen_registreren_historie(venster: Hoofdvenster) -> None:
    await zoek(venster, "Burger 14-03-1980")
    resultaten = vind(venster, "Zoekresultaten", QtWidgets.QListView)
    assert resultaten.model().rowCount() == 1
    assert venster.klantbeeld.naam.text() == "Bert Burger"
    assert venster.klantbeeld.velden["BSN"].text() == "••••••653"
    vind(venster, "BSN tonen", QtWidgets.QPushButton).click()
    # Protocollering first: the BSN shows once its view is in the audit log.
    assert venster.klantbeeld.velden["BSN"].text() == "••••••653"
    await venster.taken.wacht()
    assert venster.klantbeeld.velden["BSN"].text() == BERT_BSN
    werker = venster.d.dossier.werker
    regels = await werker.doe(lambda: AuditLog(werker.store).van_klant(KlantRef.persoon(BERT_BSN)))
    assert [r.handeling for r in regels] == ["zoekresultaat", "klantbeeld", "bsn_getoond"]
    vind(venster, "BSN verbergen", QtWidgets.QPushButton).click()
    assert venster.klantbeeld.velden["BSN"].text() == "••••••653"
    historie = vind(venster, "Contacthistorie", QtWidgets.QTableView)
    voor = historie.model().rowCount()
    assert voor >= 4

    kanaal = vind(venster, "Kanaal", QtWidgets.QComboBox)
    kanaal.setCurrentIndex(kanaal.findText("Balie"))
    onderwerp = vind(venster, "Onderwerp", QtWidgets.QComboBox)
    onderwerp.setCurrentIndex(onderwerp.findText("Paspoort"))
    assert onderwerp.currentIndex() > 0
    # The application checklist opened; for a question about an application it does not apply.
    assert venster.checklist.checklist is not None
    vind(venster, "Checklist niet van toepassing", QtWidgets.QPushButton).click()
    assert venster.checklist.checklist is None
    vraag = vind(venster, "Vraag", QtWidgets.QPlainTextEdit)
    QTest.keyClicks(vraag, "Kan ik mijn paspoort eerder ophalen?")
    vind(venster, "Antwoord", QtWidgets.QPlainTextEdit).setPlainText(
        "Nee, de producent levert over twee dagen.")
    zaken = vind(venster, "Gekoppelde zaken", QtWidgets.QListWidget)
    for i in range(zaken.count()):
        if zaken.item(i).text().startswith(("ZAAK-2026-0101", "ZAAK-2026-0042")):
            zaken.item(i).setCheckState(Qt.CheckState.Checked)
    vind(venster, "Registreren", QtWidgets.QPushButton).click()
    await venster.taken.wacht()

    assert historie.model().rowCount() == voor + 1
    bovenste = [historie.model().index(0, k).data() for k in range(7)]
    assert bovenste[1:4] == ["Balie", "Paspoort", "Kan ik mijn paspoort eerder ophalen?"]
    assert set(bovenste[6].split(", ")) == {"ZAAK-2026-0101", "ZAAK-2026-0042"}
    assert vraag.toPlainText() == ""
    assert "Contact geregistreerd" in venster.contactmoment.bevestiging.text()
    assert venster.klantbeeld.badge.text().startswith("Eerder contact vandaag: balie om ")


async def test_geen_bsn_zonder_vastlegging(venster: Hoofdvenster,
                                         caplog: pytest.LogCaptureFixture) -> None:
    """When the view cannot be recorded (here the store refuses every audit row, as a full
    or broken disk would), the BSN stays masked and the agent is told why."""
    await zoek(venster, BERT_BSN)
    werker = venster.d.dossier.werker

    def weiger_audit() -> None:
        with werker.store.sessie() as s, s.begin():
            s.execute(text("CREATE TRIGGER weiger_audit BEFORE INSERT ON audit "
                           "BEGIN SELECT RAISE(ABORT, 'schijf vol'); END"))

    await werker.doe(weiger_audit)
    vind(venster, "BSN tonen", QtWidgets.QPushButton).click()
    await venster.taken.wacht()
    assert venster.klantbeeld.velden["BSN"].text() == "••••••653"
    assert "Het BSN is niet getoond: het inzien kon niet worden vastgelegd" in (
        venster.klantbeeld.melding.text())
    assert vind(venster, "BSN tonen", QtWidgets.QPushButton).isEnabled()
    assert "Inzage van een BSN kon niet worden vastgelegd" in caplog.text
    assert BERT_BSN not in caplog.text


async def test_ctrl_enter_registreert(venster: Hoofdvenster) -> None:
    await zoek(venster, "68750110")
    assert venster.klantbeeld.naam.text() == "Havenbedrijf Demodam B.V."
    onderwerp = vind(venster, "Onderwerp", QtWidgets.QComboBox)
    onderwerp.setCurrentIndex(1)
    vraag = vind(venster, "Vraag", QtWidgets.QPlainTextEdit)
    vraag.setFocus()
    QTest.keyClicks(vraag, "Mogen wij een tweede loods gebruiken?")
    afhandeling = vind(venster, "Afhandeling", QtWidgets.QComboBox)
    afhandeling.setCurrentIndex(afhandeling.findData(Afhandeling.DOORVERWEZEN.value))
    voor = venster.historie.model.rowCount()
    QTest.keyClick(vraag, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await venster.taken.wacht()
    assert venster.historie.model.rowCount() == voor + 1
    assert venster.historie.model.contact(0).afhandeling is Afhandeling.DOORVERWEZEN


async def test_te_lange_tekst_wordt_geweigerd_en_niets_opgeslagen(
        venster: Hoofdvenster) -> None:
    await zoek(venster, "999993653")
    voor = venster.historie.model.rowCount()
    onderwerp = vind(venster, "Onderwerp", QtWidgets.QComboBox)
    onderwerp.setCurrentIndex(1)
    vraag = vind(venster, "Vraag", QtWidgets.QPlainTextEdit)
    lang = "Lange vraag. " * 800
    vraag.setPlainText(lang)
    fout = venster.contactmoment.fouten["Vraag"]
    assert fout.isVisible() and "10.400 tekens" in fout.text()  # shown while pasting
    vind(venster, "Antwoord", QtWidgets.QPlainTextEdit).setPlainText("kort")
    vind(venster, "Registreren", QtWidgets.QPushButton).click()
    await venster.taken.wacht()
    fout = venster.contactmoment.fouten["Vraag"]
    assert fout.isVisible() and "het maximum is 10.000" in fout.text()
    assert QtWidgets.QApplication.focusWidget() is vraag
    assert vraag.toPlainText() == lang  # the agent's text stays, to shorten it
    historie = await venster.d.dossier.contacthistorie(KlantRef.persoon(BERT_BSN))
    assert len(historie.waarde) == voor
    vraag.setPlainText(lang[:9_999])
    assert not fout.isVisible()


async def test_kennisbank_zoekt_terwijl_je_typt(venster: Hoofdvenster) -> None:
    veld = vind(venster, "Kennisbank zoeken", QtWidgets.QLineEdit)
    lijst = vind(venster, "Kennisbankresultaten", QtWidgets.QListView)
    assert lijst.model().rowCount() >= 30
    veld.setFocus()
    QTest.keyClicks(veld, "trapl")
    await venster.taken.wacht()
    titels = [lijst.model().index(i, 0).data() for i in range(lijst.model().rowCount())]
    assert titels and "trap" in titels[0].lower()
    assert "trap" in vind(venster, "Kennisartikel", QtWidgets.QTextBrowser).toPlainText().lower()
    for vreemd in ['"', "*", "NEAR", "--", "' OR 1=1 --", "NEAR(paspoort", "^"]:
        veld.setText(vreemd)
        await venster.taken.wacht()
    veld.setText("PASPÓÓRT")
    await venster.taken.wacht()
    assert lijst.model().rowCount() >= 1
    assert "paspoort" in lijst.model().index(0, 0).data().lower()


async def test_onderwerp_kiezen_toont_de_artikelen_erbij(venster: Hoofdvenster) -> None:
    await zoek(venster, "999991103")
    onderwerp = vind(venster, "Onderwerp", QtWidgets.QComboBox)
    i = next(i for i in range(onderwerp.count()) if "Wmo" in onderwerp.itemText(i)
             or "WMO" in onderwerp.itemText(i))
    onderwerp.setCurrentIndex(i)
    await venster.taken.wacht()
    artikel = venster.kennisbank.huidig_artikel()
    assert artikel is not None and artikel.onderwerp == onderwerp.itemText(i)


async def test_historie_filtert_op_kanaal_en_tekst(venster: Hoofdvenster) -> None:
    await zoek(venster, "999993653")
    tabel = vind(venster, "Contacthistorie", QtWidgets.QTableView)
    totaal = tabel.model().rowCount()
    datums = [tabel.model().index(r, 0).data(Qt.ItemDataRole.UserRole + 1)
              for r in range(totaal)]
    assert datums == sorted(datums, reverse=True)  # newest first
    filter_ = vind(venster, "Kanaalfilter", QtWidgets.QComboBox)
    filter_.setCurrentIndex(filter_.findText("Telefoon"))
    kanalen = {tabel.model().index(r, 1).data() for r in range(tabel.model().rowCount())}
    assert kanalen == {"Telefoon"}
    filter_.setCurrentIndex(0)
    vind(venster, "Contacthistorie filteren", QtWidgets.QLineEdit).setText("vergunning")
    assert 0 < tabel.model().rowCount() < totaal
    tabel.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    eerste = tabel.model().index(0, 0).data(Qt.ItemDataRole.UserRole + 1)
    laatste = tabel.model().index(tabel.model().rowCount() - 1, 0).data(
        Qt.ItemDataRole.UserRole + 1)
    assert eerste < laatste


async def test_zaken_tonen_tijdlijn_en_te_laat(venster: Hoofdvenster) -> None:
    await zoek(venster, "999993653")
    zaken = vind(venster, "Zaken", QtWidgets.QScrollArea)
    kaarten = {k.accessibleName(): k for k in venster.zaken.kaarten}
    assert len(kaarten) == 3
    laat = kaarten["Zaak ZAAK-2026-0042"]
    assert laat.findChild(QtWidgets.QLabel, "teLaat") is not None
    assert venster.zaken.kaarten[0] is laat  # overdue first
    assert "einde doorlooptijd van 56 dagen" in laat.findChild(
        QtWidgets.QLabel, "zaakVoet").text()
    paspoort = kaarten["Zaak ZAAK-2026-0101"]
    # Past its einddatum gepland only: later than planned, and not late.
    assert paspoort.findChild(QtWidgets.QLabel, "teLaat") is None
    later = paspoort.findChild(QtWidgets.QLabel, "laterDanGepland")
    assert later is not None and later.text() == "Later dan gepland"
    tijdlijn = paspoort.findChild(QtWidgets.QLabel, "tijdlijn").text()
    assert "In productie" in tijdlijn and "Klaar om op te halen" in tijdlijn
    voet = paspoort.findChild(QtWidgets.QLabel, "zaakVoet").text()
    assert "Team Burgerzaken" in voet and "Gepland klaar" in voet
    assert "1 dag later dan gepland" in voet and "einde doorlooptijd van 7 dagen" in voet
    assert zaken.isVisible()
    assert "waarvan 1 te laat" in venster.klantbeeld.samenvatting.text()


async def test_te_laat_volgens_de_uiterlijke_einddatum_ook_binnen_de_doorlooptijd(
        venster: Hoofdvenster) -> None:
    await zoek(venster, "68750110")
    [kaart] = venster.zaken.kaarten
    assert kaart.accessibleName() == "Zaak ZAAK-2026-0077"
    vlag = kaart.findChild(QtWidgets.QLabel, "teLaat")
    assert vlag is not None and "uiterlijke einddatum afdoening" in vlag.toolTip()
    voet = kaart.findChild(QtWidgets.QLabel, "zaakVoet").text()
    assert "Uiterlijk klaar: uiterlijke einddatum afdoening" in voet and "1 dag te laat" in voet
    # The one-man business beside it (no RSIN) has its zaak too.
    await zoek(venster, "69599084")
    assert [k.accessibleName() for k in venster.zaken.kaarten] == ["Zaak ZAAK-2026-0081"]


async def test_kapotte_en_hangende_bron_raken_alleen_hun_eigen_paneel(
        testplugins: Path, tmp_path: Path) -> None:
    pad = tmp_path / "storing.toml"
    pad.write_text(kapotte_profiel_toml(timeout=0.3), encoding="utf-8")
    w = bouw(lees_profiel(pad, os_gebruiker="agent"), tmp_path / "data")
    venster = await open_venster(w)
    try:
        await zoek(venster, "06-12345678")
        assert venster.klantbeeld.naam.text() == "Bert Burger"
        assert not venster.klantbeeld.melding.isVisible()
        assert venster.kennisbank.model.rowCount() >= 30
        assert venster.zaken.melding.isVisible()
        assert "kapot gaf een onverwachte fout" in venster.zaken.melding.text()
        assert venster.historie.melding.isVisible()
        assert "antwoordt niet binnen 0.3 seconden" in venster.historie.melding.text()
        # A failed source never also says that the customer has none.
        assert "geen zaken" not in venster.zaken.leeg.text().lower()
        assert "niet elke bron gaf antwoord" in venster.zaken.leeg.text()
        assert venster.historie.aantal.text() == (
            "Contacten niet op te halen: niet elke bron gaf antwoord.")
        assert "geen contacten" not in venster.historie.aantal.text().lower()
        # Registering with a hanging register: kept safely in the outbox, and said so.
        vind(venster, "Onderwerp", QtWidgets.QComboBox).setCurrentIndex(1)
        vind(venster, "Vraag", QtWidgets.QPlainTextEdit).setPlainText("Vraag die blijft")
        vind(venster, "Antwoord", QtWidgets.QPlainTextEdit).setPlainText("Antwoord")
        vind(venster, "Registreren", QtWidgets.QPushButton).click()
        await venster.taken.wacht()
        assert "Contact bewaard om" in venster.contactmoment.bevestiging.text()
        assert "wordt verzonden zodra" in venster.contactmoment.bevestiging.text()
        assert vind(venster, "Te verzenden", QtWidgets.QPushButton).text() == "Te verzenden: 1"
        assert vind(venster, "Verbindingsstatus", QtWidgets.QLabel).text() == "Offline: traag"
        assert vind(venster, "Registreren").isEnabled()
        wachtend = await w.dossier.verzender.berichten()
        assert [(b.soort, b.omschrijving, b.status) for b in wachtend] == [
            ("contactmoment", venster.contactmoment.onderwerp.itemText(1), "wachtend")]
    finally:
        await sluit_venster(venster)
        await w.aclose()


async def test_indeling_wordt_per_gebruiker_bewaard(werkplek_demo: object) -> None:
    venster = await open_venster(werkplek_demo)  # type: ignore[arg-type]
    venster.docks["Kennisbank"].hide()
    await sluit_venster(venster)
    tweede = await open_venster(werkplek_demo)  # type: ignore[arg-type]
    try:
        assert not tweede.docks["Kennisbank"].isVisible()
        assert tweede.docks["Zaken"].isVisible()
        tweede.herstel_standaardindeling()
        assert tweede.docks["Kennisbank"].isVisible()
    finally:
        await sluit_venster(tweede)


async def test_taken_lopen_echt_tegelijk(venster: Hoofdvenster) -> None:
    """Opening a dossier starts klant, historie and zaken together, not one after another."""
    venster.open_klant(KlantRef.persoon(BERT_BSN))
    assert all(venster.taken.bezig(n) for n in ("klant", "historie", "zaken"))
    await venster.taken.wacht()
    assert not venster.taken.bezig()
    await asyncio.sleep(0)


async def test_na_openen_is_elk_paneel_zichtbaar_gevuld(venster: Hoofdvenster) -> None:
    """What --screenshot shows: every panel on screen, with Bert's data in it."""
    venster.zoek_tekst(BERT_BSN)
    await venster.taken.wacht()
    dossier = {"Zoekresultaten", "Zaken", "Contactmoment", "Kennisbank", "Contacthistorie"}
    for naam, dock in venster.docks.items():
        if naam in dossier:
            # On screen (not behind another panel's tab, which Qt keeps "visible" off-screen).
            assert dock.isVisible() and not dock.visibleRegion().isEmpty()
            assert dock.height() > 50
        else:  # the contact's own panels: a tab beside a dossier panel, raised when needed
            assert {d.objectName() for d in venster.tabifiedDockWidgets(dock)} & {
                f"dock{n}" for n in dossier}
    assert venster.resultaten_model.rowCount() == 1
    assert venster.klantbeeld.naam.text() == "Bert Burger"
    assert venster.klantbeeld.velden["Adres"].text().startswith("Havenstraat 12")
    assert len(venster.zaken.kaarten) >= 3
    assert venster.historie.model.rowCount() >= 4
    assert venster.kennisbank.artikel.toPlainText().strip()
    # The kennisbank opens on what Bert asked about last (his chat this morning: Paspoort).
    assert venster.kennisbank.kop.text() == "Bij de laatste vragen van deze klant"
    laatste = venster.historie.model.contact(0).onderwerp
    assert venster.kennisbank.model.item(0).onderwerp == laatste  # type: ignore[union-attr]
    assert vind(venster, "Registreren").isEnabled()
    for paneel in (venster.klantbeeld, venster.zaken, venster.historie, venster.contactmoment,
                   venster.kennisbank):
        beeld = paneel.grab().toImage()
        kleuren = {beeld.pixel(x, y) for x in range(0, beeld.width(), 5)
                   for y in range(0, beeld.height(), 5)}
        assert len(kleuren) > 5, f"{paneel.objectName()} lijkt leeg"


async def test_meerdere_resultaten_kiezen_met_het_toetsenbord(venster: Hoofdvenster) -> None:
    await zoek(venster, "3011 AB 12")
    lijst = vind(venster, "Zoekresultaten", QtWidgets.QListView)
    titels = [lijst.model().index(i, 0).data().split("\n")[0]
              for i in range(lijst.model().rowCount())]
    assert titels == ["Bert Burger", "Sanne Burger", "Thijs Burger"]
    assert venster.klant_ref is None  # several hits: the agent chooses
    assert QtWidgets.QApplication.focusWidget() is lijst
    QTest.keyClick(lijst, Qt.Key.Key_Down)
    QTest.keyClick(lijst, Qt.Key.Key_Return)
    await venster.taken.wacht()
    assert venster.klantbeeld.naam.text() == "Sanne Burger"


async def test_elk_paneel_is_met_het_toetsenbord_te_bereiken(venster: Hoofdvenster) -> None:
    await zoek(venster, "999993653")
    venster.activateWindow()
    for toets, paneel in ((Qt.Key.Key_1, venster.resultaten_paneel),
                          (Qt.Key.Key_2, venster.zaken),
                          (Qt.Key.Key_3, venster.contactmoment),
                          (Qt.Key.Key_4, venster.kennisbank),
                          (Qt.Key.Key_5, venster.historie),
                          (Qt.Key.Key_6, venster.checklist),
                          (Qt.Key.Key_7, venster.suggesties),
                          (Qt.Key.Key_8, venster.regie),
                          (Qt.Key.Key_9, venster.agenda),
                          (Qt.Key.Key_0, venster.vandaag)):
        QTest.keyClick(venster, toets, Qt.KeyboardModifier.ControlModifier)
        await wacht_tot(lambda p=paneel: p.isAncestorOf(QtWidgets.QApplication.focusWidget()))
    QTest.keyClick(venster, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert not venster.docks["Kennisbank"].isVisible()
    QTest.keyClick(venster, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert venster.docks["Kennisbank"].isVisible()


async def test_regie_groepeert_zaken_per_contact_en_markeert_te_laat(
        venster: Hoofdvenster) -> None:
    await zoek(venster, "999993653")
    boom = vind(venster, "Regieoverzicht", QtWidgets.QTreeWidget)
    groepen = {boom.topLevelItem(i).text(0): i for i in range(boom.topLevelItemCount())}
    email = next(i for kop, i in groepen.items() if "E-mail" in kop)
    kop = boom.topLevelItem(email)
    assert kop.text(4) == "1 te laat"
    assert venster.regie.zaken_van(email) == [("ZAAK-2026-0042", "Inhoudelijke toets")]
    assert kop.child(0).text(4) == "Te laat" and kop.child(0).text(2) == "stap 3 van 4"
    paspoort = next(i for kop, i in groepen.items() if "Balie · Paspoort" in kop)
    assert boom.topLevelItem(paspoort).text(4) == ""
    assert "1 te laat" in venster.regie.samenvatting.text()
