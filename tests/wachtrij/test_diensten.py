"""The queue services on the embedded plugin (SQLite, one workstation): what an agent's
workstation reports becomes the supervisor's figures; the counter calls its tickets."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from tests.hulp import wacht_tot
from werkplek.app import Werkplek, bouw
from werkplek.domain.model import Afhandeling, Kanaal, KlantRef, nu
from werkplek.domain.oproep import Agentstatus, Gespreksfase, Gespreksgebeurtenis, oproep
from werkplek.domain.wachtrij import Alarm, Alarmtoestand, Normen, Oordeel, Servicelevelnorm
from werkplek.services.beeld import ALLE, Wachtrijbeeld
from werkplek.services.profiel import lees_profiel
from werkplek.services.wachtrij import samenvatting

PROFIEL = """
[profiel]
naam = "team"

[medewerker]
rol = "{rol}"
naam = "Anna de Vries"

[offline]
voorbereiden_bij_start = false

[wachtrij]
naam = "Burgerzaken"
per_lijn = {{ "14 020" = "Belastingen" }}
wachtrijen = ["Afval"]

[plugins.ingebouwd]
plugin = "werkplek_embedded"
database = "{db}"

[capabilities]
wachtrij = ["ingebouwd"]
klantcontacten = ["ingebouwd"]
personen = ["ingebouwd"]
"""


def werkplek(tmp_path: Path, naam: str, rol: str = "telefoon") -> Werkplek:
    pad = tmp_path / f"{naam}.toml"
    pad.write_text(PROFIEL.format(rol=rol, db=tmp_path / "team.db"), encoding="utf-8")
    return bouw(lees_profiel(pad, os_gebruiker=naam), tmp_path / naam)


@pytest_asyncio.fixture
async def anna(tmp_path: Path) -> AsyncIterator[Werkplek]:
    w = werkplek(tmp_path, "anna")
    yield w
    await w.aclose()


def gesprek(id: str, fase: Gespreksfase, tijd: datetime, lijn: str = "") -> Gespreksgebeurtenis:
    return Gespreksgebeurtenis(id, fase, oproep("+31201234567", lijn), "", tijd)


def tegel(beeld: Wachtrijbeeld, naam: str) -> tuple[int, int, int, int]:
    s = next(t.stand for t in beeld.tegels if t.stand.wachtrij == naam)
    return s.aangeboden, s.beantwoord, s.opgehangen, s.wachtend


@pytest.mark.asyncio
async def test_gesprekken_van_de_softphone_worden_cijfers_per_wachtrij(anna: Werkplek) -> None:
    w = anna.wachtrij
    t = nu() - timedelta(minutes=5)
    for g in (gesprek("c1", Gespreksfase.BINNENKOMEND, t),
              gesprek("c1", Gespreksfase.AANGENOMEN, t + timedelta(seconds=8)),
              gesprek("c1", Gespreksfase.BEEINDIGD, t + timedelta(seconds=90)),
              gesprek("c2", Gespreksfase.BINNENKOMEND, t + timedelta(seconds=100), "14 020"),
              gesprek("c2", Gespreksfase.BEEINDIGD, t + timedelta(seconds=130)),  # abandoned
              gesprek("c3", Gespreksfase.UITGAAND, t),  # the agent calls out: no queue call
              gesprek("c3", Gespreksfase.BEEINDIGD, t + timedelta(seconds=10))):
        w.gesprek(g)
    await w.leeg_rij()
    assert await anna.monitor.lees()
    beeld = anna.monitor.beeld()
    assert tegel(beeld, "Burgerzaken") == (1, 1, 0, 0)
    assert tegel(beeld, "Belastingen") == (1, 0, 1, 0)  # its line has a queue of its own
    assert tegel(beeld, "Afval") == (0, 0, 0, 0)  # named in the profile: a tile already
    assert tegel(beeld, ALLE) == (2, 1, 1, 0)
    burgerzaken = next(t for t in beeld.tegels if t.stand.wachtrij == "Burgerzaken")
    # Answered after 8 s: within 20 s and 15 s, ASA 8 s, over the 7.5 s norm: buiten. (Each
    # report is placed on the database's clock on arrival: the time it took to get there,
    # milliseconds, shifts it.)
    sl20, sl15, asa = (b.waarde for b in burgerzaken.beoordelingen)
    assert (sl20, sl15) == (1.0, 1.0)
    assert isinstance(asa, timedelta) and abs(asa - timedelta(seconds=8)) < timedelta(seconds=1)
    assert burgerzaken.oordeel is Oordeel.BUITEN_NORM


@pytest.mark.asyncio
async def test_een_gesprek_dat_bij_twee_werkplekken_overgaat_telt_een_keer(
        anna: Werkplek, tmp_path: Path) -> None:
    bram = werkplek(tmp_path, "bram")
    try:
        t = nu() - timedelta(minutes=1)
        for w in (anna, bram):
            w.wachtrij.gesprek(gesprek("c1", Gespreksfase.BINNENKOMEND, t))
        bram.wachtrij.gesprek(gesprek("c1", Gespreksfase.AANGENOMEN, t + timedelta(seconds=4)))
        anna.wachtrij.gesprek(gesprek("c1", Gespreksfase.BEEINDIGD, t + timedelta(seconds=4)))
        for w in (anna, bram):
            await w.wachtrij.leeg_rij()
        assert await anna.monitor.lees()
        assert tegel(anna.monitor.beeld(), "Burgerzaken") == (1, 1, 0, 0)
    finally:
        await bram.aclose()


@pytest.mark.asyncio
async def test_status_en_fcr_van_vandaag(anna: Werkplek) -> None:
    w = anna.wachtrij
    w.wijzig(Agentstatus.IN_GESPREK, Kanaal.TELEFOON)
    for afhandeling, kanaal in ((Afhandeling.IN_EEN_KEER, Kanaal.TELEFOON),
                                (Afhandeling.IN_EEN_KEER, Kanaal.TELEFOON),
                                (Afhandeling.TERUGBELVERZOEK, Kanaal.TELEFOON),
                                (Afhandeling.IN_EEN_KEER, Kanaal.EMAIL)):
        contact = anna.dossier.maak_contactmoment(
            klant=KlantRef.persoon("999991103"), kanaal=kanaal, onderwerp="Paspoort",
            vraag="Vraag", antwoord="Antwoord", afhandeling=afhandeling, zaken=[], begin=nu())
        w.geregistreerd(contact)
    await w.leeg_rij()
    assert await anna.monitor.lees()
    beeld = anna.monitor.beeld()
    [a] = beeld.agenten
    assert (a.medewerker, a.naam, a.status, a.kanaal) == (
        "anna", "Anna de Vries", Agentstatus.IN_GESPREK, Kanaal.TELEFOON)
    assert beeld.fcr.waarde == pytest.approx(3 / 4)
    assert beeld.fcr.oordeel is Oordeel.BUITEN_NORM  # 75% < 80%
    assert beeld.fcr_per_kanaal[Kanaal.TELEFOON] == pytest.approx(2 / 3)
    assert beeld.volume[Kanaal.TELEFOON] == 3 and beeld.volume[Kanaal.EMAIL] == 1
    assert samenvatting(beeld)["fcr"] == pytest.approx(0.75)


@pytest.mark.asyncio
async def test_volgende_klant_afspraken_eerst_en_de_balie_telt_mee(tmp_path: Path) -> None:
    balie = werkplek(tmp_path, "bram", "balie")
    try:
        w = balie.wachtrij
        z1 = (await w.geef_ticket()).waarde
        jan = KlantRef.persoon("999991103")
        a1 = (await w.geef_ticket(jan, afspraak=nu() - timedelta(minutes=2))).waarde
        z2 = (await w.geef_ticket()).waarde
        assert z1 is not None and a1 is not None and z2 is not None
        assert (z1.nummer, a1.nummer, z2.nummer) == ("Z001", "A001", "Z002")
        eerste = await w.volgende_klant()
        assert eerste.waarde is not None and eerste.waarde.nummer == "A001"
        assert eerste.waarde.klant == jan  # the window opens this dossier
        assert eerste.waarde.opgeroepen_door == "bram"
        tweede = await w.volgende_klant()  # A001 served, Z001 called
        assert tweede.waarde is not None and tweede.waarde.nummer == "Z001"
        w.ticket_klaar(verschenen=False)
        await w.leeg_rij()
        assert await balie.monitor.lees()
        b = balie.monitor.beeld().balie
        assert [t.nummer for t in b.wachtend] == ["Z002"]
        assert (b.geholpen, b.niet_verschenen, b.afspraken_aanwezig) == (1, 1, 0)
        assert (await w.volgende_klant()).waarde is not None
        leeg = await w.volgende_klant()
        assert leeg.ok and leeg.waarde is None
    finally:
        await balie.aclose()


@pytest.mark.asyncio
async def test_alarm_na_te_lang_buiten_de_norm_tot_bevestigd(anna: Werkplek) -> None:
    monitor = anna.monitor
    monitor.normen = Normen(servicelevels=(Servicelevelnorm(timedelta(seconds=20), 0.97),),
                            alarm_na=timedelta(minutes=1))
    # A caller waits for a minute already: the service level is 0 of 1, buiten de norm since
    # the caller passed 20 s, 40 s ago: not yet a minute.
    anna.wachtrij.gesprek(gesprek("c1", Gespreksfase.BINNENKOMEND, nu() - timedelta(minutes=1)))
    await anna.wachtrij.leeg_rij()
    assert await monitor.lees()
    assert monitor.beeld().meldingen == ()
    monitor.normen = replace(monitor.normen, alarm_na=timedelta(seconds=10))
    await wacht_tot(lambda: any(m.sleutel == "Burgerzaken/servicelevel_20s"
                                for m in monitor.beeld().meldingen))
    [melding] = [m for m in monitor.beeld().meldingen if m.wachtrij == "Burgerzaken"]
    assert "Binnen 20 s opgenomen buiten de norm (0%, norm 97%)" in melding.tekst
    monitor.bevestig(melding.sleutel)
    assert melding.sleutel not in {m.sleutel for m in monitor.beeld().meldingen}


@pytest.mark.asyncio
async def test_volgen_toont_elke_wijziging(anna: Werkplek) -> None:
    beelden: list[Wachtrijbeeld] = []
    taak = asyncio.create_task(anna.monitor.volg(beelden.append, elke=0.05))
    try:
        await wacht_tot(lambda: bool(beelden) and beelden[-1].gelezen is not None)
        anna.wachtrij.wijzig(Agentstatus.PAUZE)
        await anna.wachtrij.leeg_rij()
        await wacht_tot(lambda: [a.status for a in beelden[-1].agenten] == [Agentstatus.PAUZE])
    finally:
        taak.cancel()
        await asyncio.gather(taak, return_exceptions=True)


@pytest.mark.asyncio
async def test_het_beeld_wordt_naast_de_lus_berekend_en_op_de_lus_getoond(
        anna: Werkplek, monkeypatch: pytest.MonkeyPatch) -> None:
    """The picture is computed on a worker thread; the panel gets it on the event loop's
    thread (the GUI thread under qasync)."""
    lus = threading.get_ident()
    berekend: list[int] = []
    getoond: list[int] = []
    monitor = anna.monitor
    beeld = monitor.beeld

    def bereken() -> Wachtrijbeeld:
        berekend.append(threading.get_ident())
        return beeld()

    monkeypatch.setattr(monitor, "beeld", bereken)
    taak = asyncio.create_task(monitor.volg(lambda _b: getoond.append(threading.get_ident()),
                                            elke=0.05))
    try:
        await wacht_tot(lambda: len(getoond) >= 3)
    finally:
        taak.cancel()
        await asyncio.gather(taak, return_exceptions=True)
    assert berekend and lus not in berekend
    assert set(getoond) == {lus}


def test_bevestigen_wacht_niet_op_een_beeld_in_wording(anna: Werkplek) -> None:
    """While a picture is being computed (its lock held) an acknowledgement returns at once
    and counts from the next picture."""
    monitor = anna.monitor
    moment = nu()
    sleutel = "Burgerzaken/servicelevel_20s"
    monitor._alarmen[sleutel] = Alarm().waarneming(
        Oordeel.BUITEN_NORM, moment, timedelta(0), sinds=moment - timedelta(seconds=1))
    assert monitor.alarmtoestand(sleutel) is Alarmtoestand.ALARM
    with monitor._slot:  # a picture in the making on the worker thread
        monitor.bevestig(sleutel)
        assert monitor._alarmen[sleutel].toestand is Alarmtoestand.ALARM
    assert monitor.alarmtoestand(sleutel) is Alarmtoestand.BEVESTIGD
