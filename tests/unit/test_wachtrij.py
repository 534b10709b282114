"""Queue figures: snapshots, service level, ASA, abandons, FCR, norms, alarms, the ticket queue.

The expected figures are worked out by hand in the comments; the boundaries (exactly at the
threshold, exactly at the short-abandon limit, exactly at the alarm time) each have a test.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from werkplek.domain.model import TIJDZONE, Afhandeling, Contactmoment, Kanaal, KlantRef
from werkplek.domain.oproep import Agentstatus
from werkplek.domain.wachtrij import (
    Afgehandeld,
    Agentstand,
    Alarm,
    Alarmtoestand,
    Beoordeling,
    Drempeltelling,
    Gebeurtenissoort,
    Maatstaf,
    Normen,
    Oordeel,
    Servicelevelnorm,
    Ticket,
    Wachtrijgebeurtenis,
    Wachtrijgesprek,
    Wachtrijstand,
    agenten_per_status,
    beoordeel,
    beoordeel_doorverbinden,
    beoordeel_fcr,
    fcr,
    fcr_per_kanaal,
    gemiddelde_wachttijd,
    langste_wachttijd,
    oordeel_maximum,
    oordeel_minimum,
    op_bronklok,
    ophangratio,
    samengeteld,
    servicelevel,
    verloop,
    volgende,
    volume_per_kanaal,
    wachtende_tickets,
    wachtrijstand,
    wachtrijstanden,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=TIJDZONE)
S20 = timedelta(seconds=20)
S15 = timedelta(seconds=15)


def t(seconden: float) -> datetime:
    return T0 + timedelta(seconds=seconden)


def aangenomen(aangeboden: float, wacht: float, wachtrij: str = "Algemeen") -> Wachtrijgesprek:
    return Wachtrijgesprek(wachtrij, t(aangeboden), aangenomen=t(aangeboden + wacht),
                           medewerker="agent")


def opgehangen(aangeboden: float, wacht: float, wachtrij: str = "Algemeen") -> Wachtrijgesprek:
    return Wachtrijgesprek(wachtrij, t(aangeboden), opgehangen=t(aangeboden + wacht))


def wachtend(aangeboden: float, wachtrij: str = "Algemeen") -> Wachtrijgesprek:
    return Wachtrijgesprek(wachtrij, t(aangeboden))


# -- Snapshot and metrics: one hand-computed queue -------------------------------------------

NU = t(600)
GESPREKKEN = [
    aangenomen(0, 10),   # a: 10 s, within 15 and 20
    aangenomen(0, 15),   # b: exactly 15 s, within 15 (inclusive) and 20
    aangenomen(0, 20),   # c: exactly 20 s, within 20 (inclusive), not within 15
    aangenomen(0, 21),   # d: 21 s, within neither
    opgehangen(0, 3),    # e: 3 s < 5 s: short abandon
    opgehangen(0, 5),    # f: exactly 5 s: a real abandon (short is strictly under 5 s)
    opgehangen(0, 40),   # g: 40 s: abandon
    wachtend(570),       # h: waiting 600 − 570 = 30 s, past 15 and past 20
    wachtend(584),       # i: waiting 16 s, past 15, not past 20
    wachtend(590),       # j: waiting 10 s, past neither
    aangenomen(595, 15),  # k: answered at 610, after NU: still waiting at NU (5 s)
    aangenomen(650, 2),  # l: offered after NU: not counted
    aangenomen(0, 1, wachtrij="Burgerzaken"),  # another queue
]


def test_wachtrijstand_telt_met_de_hand() -> None:
    stand = wachtrijstand("Algemeen", GESPREKKEN, NU)
    # offered a..k = 11; answered a,b,c,d = 4; abandoned e,f,g = 3 of which short e = 1;
    # waiting h,i,j,k = 4; 4 + 3 + 4 = 11.
    assert (stand.aangeboden, stand.beantwoord, stand.opgehangen, stand.kort_opgehangen,
            stand.wachtend) == (11, 4, 3, 1, 4)
    assert stand.langste_wachttijd == timedelta(seconds=30)  # h
    assert stand.wachttijd_beantwoord == timedelta(seconds=10 + 15 + 20 + 21)  # 66 s
    # 20 s: within a,b,c = 3; waiting past 20 s: h = 1.
    # 15 s: within a,b = 2; waiting past 15 s: h, i = 2.
    assert stand.drempels == (Drempeltelling(S20, 3, 1), Drempeltelling(S15, 2, 2))
    assert stand.moment == NU and stand.wachtrij == "Algemeen"


def test_servicelevel_asa_en_ophangratio_met_de_hand() -> None:
    stand = wachtrijstand("Algemeen", GESPREKKEN, NU)
    # 20 s: 3 ÷ (4 answered + 3 abandoned − 1 short + 1 waiting past 20 s) = 3/7
    assert servicelevel(stand, S20) == pytest.approx(3 / 7)
    # 15 s: 2 ÷ (4 + 3 − 1 + 2) = 2/8 = 0.25
    assert servicelevel(stand, S15) == pytest.approx(0.25)
    # ASA: 66 s ÷ 4 answered = 16.5 s (abandons and waiting calls are not in it)
    assert gemiddelde_wachttijd(stand) == timedelta(seconds=16.5)
    # abandon rate: (3 − 1) ÷ (4 + 3 − 1) = 2/6
    assert ophangratio(stand) == pytest.approx(1 / 3)


def test_een_later_moment_ziet_de_latere_gebeurtenissen() -> None:
    stand = wachtrijstand("Algemeen", GESPREKKEN, t(610))
    # k is answered at 610 after 15 s: answered 5 (a,b,c,d,k), within 20 s: a,b,c,k = 4.
    # Waiting h (40 s), i (26 s), j (20 s): past 20 s are h and i (j is exactly 20: not past).
    assert (stand.aangeboden, stand.beantwoord, stand.wachtend) == (11, 5, 3)
    assert stand.telling(S20) == Drempeltelling(S20, 4, 2)
    # 4 ÷ (5 + 3 − 1 + 2) = 4/9
    assert servicelevel(stand, S20) == pytest.approx(4 / 9)
    assert stand.langste_wachttijd == timedelta(seconds=40)


def test_cijfers_van_een_stand_die_een_bron_zelf_telt() -> None:
    # a source (an exchange) that counts itself: 40 answered (35 within 20 s), 6 abandoned
    # of which 2 short, 3 waiting of which 1 past 20 s; 4 answered in 3 min 20 s in total.
    stand = Wachtrijstand("Algemeen", NU, aangeboden=49, beantwoord=40, opgehangen=6,
                          kort_opgehangen=2, wachtend=3, langste_wachttijd=timedelta(seconds=25),
                          wachttijd_beantwoord=timedelta(seconds=200),
                          korte_ophanger=timedelta(seconds=5),
                          drempels=(Drempeltelling(S20, 35, 1),))
    assert servicelevel(stand, S20) == pytest.approx(35 / 45)  # 40 + 6 − 2 + 1 = 45
    assert gemiddelde_wachttijd(stand) == timedelta(seconds=5)  # 200 s ÷ 40
    assert ophangratio(stand) == pytest.approx(4 / 44)  # (6 − 2) ÷ (40 + 6 − 2)


def test_wachtrijstanden_per_wachtrij_ook_een_lege() -> None:
    standen = wachtrijstanden(GESPREKKEN, NU, wachtrijen=["Leeg"])
    assert list(standen) == ["Algemeen", "Burgerzaken", "Leeg"]
    assert standen["Burgerzaken"].beantwoord == 1
    leeg = standen["Leeg"]
    assert (leeg.aangeboden, leeg.beantwoord, leeg.opgehangen, leeg.wachtend) == (0, 0, 0, 0)
    assert leeg.langste_wachttijd is None
    assert servicelevel(leeg, S20) is None
    assert gemiddelde_wachttijd(leeg) is None
    assert ophangratio(leeg) is None


def test_een_wachtrij_met_alleen_een_later_gesprek_is_er_nog_niet() -> None:
    assert wachtrijstanden([aangenomen(700, 1, "Later")], NU) == {}


def test_alleen_korte_ophangers_geeft_geen_cijfers() -> None:
    stand = wachtrijstand("Algemeen", [opgehangen(0, 1), opgehangen(10, 4.999)], NU)
    # both short: numerator and denominator 0 → None, not 0 and not 100%
    assert (stand.opgehangen, stand.kort_opgehangen) == (2, 2)
    assert servicelevel(stand, S20) is None
    assert ophangratio(stand) is None
    assert gemiddelde_wachttijd(stand) is None


def test_alleen_ophangers_geeft_nul_procent_en_geen_asa() -> None:
    stand = wachtrijstand("Algemeen", [opgehangen(0, 30), opgehangen(10, 6)], NU)
    # 0 within ÷ (0 + 2 − 0 + 0) = 0.0; abandon rate 2 ÷ 2 = 1.0; nothing answered
    assert servicelevel(stand, S20) == 0.0
    assert ophangratio(stand) == 1.0
    assert gemiddelde_wachttijd(stand) is None


def test_een_beller_die_net_wacht_telt_pas_na_de_drempel() -> None:
    net = wachtrijstand("Algemeen", [wachtend(597)], NU)
    assert servicelevel(net, S20) is None  # 3 s in: not yet decided, no red tile at 09:00
    precies = wachtrijstand("Algemeen", [wachtend(580)], NU)
    assert servicelevel(precies, S20) is None  # exactly 20 s: could still be answered in time
    erover = wachtrijstand("Algemeen", [wachtend(580)], NU + timedelta(microseconds=1))
    assert servicelevel(erover, S20) == 0.0  # 0 ÷ 1


def test_grens_van_de_drempel_is_inclusief() -> None:
    precies = wachtrijstand("Algemeen", [aangenomen(0, 20)], NU)
    net_te_laat = wachtrijstand(
        "Algemeen", [Wachtrijgesprek("Algemeen", T0, aangenomen=t(20) + timedelta(
            microseconds=1))], NU)
    assert servicelevel(precies, S20) == 1.0
    assert servicelevel(net_te_laat, S20) == 0.0


def test_grens_van_korte_ophanger_is_exclusief() -> None:
    onder = wachtrijstand("Algemeen", [Wachtrijgesprek(
        "Algemeen", T0, opgehangen=t(5) - timedelta(microseconds=1))], NU)
    precies = wachtrijstand("Algemeen", [opgehangen(0, 5)], NU)
    assert onder.kort_opgehangen == 1
    assert precies.kort_opgehangen == 0
    assert servicelevel(onder, S20) is None
    assert servicelevel(precies, S20) == 0.0


def test_korte_ophanger_instelbaar() -> None:
    stand = wachtrijstand("Algemeen", [opgehangen(0, 8), aangenomen(0, 4)], NU,
                          korte_ophanger=timedelta(seconds=10))
    # 8 s < 10 s: short. 1 ÷ (1 + 1 − 1 + 0) = 1.0
    assert stand.kort_opgehangen == 1
    assert servicelevel(stand, S20) == 1.0


def test_ongeldige_invoer_wordt_geweigerd() -> None:
    with pytest.raises(ValueError, match="niet allebei"):
        Wachtrijgesprek("A", T0, aangenomen=t(5), opgehangen=t(6))
    with pytest.raises(ValueError, match="voordat"):
        Wachtrijgesprek("A", T0, aangenomen=t(-1))
    with pytest.raises(ValueError, match="korte ophangers"):
        wachtrijstand("A", [], NU, korte_ophanger=timedelta(seconds=30))
    stand = wachtrijstand("A", [], NU, drempels=(S20,))
    with pytest.raises(ValueError, match="niet geteld"):
        servicelevel(stand, S15)


def test_wachttijd_van_een_gesprek_op_een_moment() -> None:
    assert aangenomen(595, 15).wachttijd(NU) == timedelta(seconds=5)  # not answered yet
    assert aangenomen(595, 15).wachttijd(t(700)) == timedelta(seconds=15)
    assert opgehangen(0, 40).wachttijd(NU) == timedelta(seconds=40)
    assert wachtend(700).wachttijd(NU) == timedelta(0)  # offered after NU: no negative wait


def test_langste_wachttijd_van_wachtenden_alleen() -> None:
    # answered and abandoned calls do not wait; a call offered after NU does not either
    assert langste_wachttijd([aangenomen(0, 100), opgehangen(0, 90), wachtend(700)], NU) is None
    assert langste_wachttijd([wachtend(500), wachtend(550)], NU) == timedelta(seconds=100)


# -- FCR and volume -------------------------------------------------------------------------

KLANT = KlantRef.persoon("999993653")


def contact(kanaal: Kanaal, afhandeling: Afhandeling, klant: KlantRef | None = KLANT
            ) -> Contactmoment:
    return Contactmoment("id", klant, kanaal, "Paspoort", "v", "a", afhandeling, "agent",
                         T0, T0 + timedelta(minutes=3))


CONTACTEN = [
    contact(Kanaal.TELEFOON, Afhandeling.IN_EEN_KEER),
    contact(Kanaal.TELEFOON, Afhandeling.IN_EEN_KEER),
    contact(Kanaal.TELEFOON, Afhandeling.IN_EEN_KEER, klant=None),  # anonymous counts too
    contact(Kanaal.TELEFOON, Afhandeling.DOORVERBONDEN),
    contact(Kanaal.BALIE, Afhandeling.IN_EEN_KEER),
    contact(Kanaal.BALIE, Afhandeling.TERUGBELVERZOEK),
    contact(Kanaal.CHAT, Afhandeling.ZAAK_GESTART),
]


def test_fcr_totaal_en_per_kanaal_met_de_hand() -> None:
    # in one go: 3 telefoon + 1 balie = 4 of 7 contacts
    assert fcr(CONTACTEN) == pytest.approx(4 / 7)
    per = fcr_per_kanaal(CONTACTEN)
    assert list(per) == list(Kanaal)
    assert per[Kanaal.TELEFOON] == pytest.approx(3 / 4)
    assert per[Kanaal.BALIE] == pytest.approx(1 / 2)
    assert per[Kanaal.CHAT] == 0.0  # one contact, not in one go: 0, not None
    assert per[Kanaal.EMAIL] is None  # no contacts
    assert fcr(CONTACTEN, Kanaal.POST) is None


def test_fcr_zonder_contacten_is_none() -> None:
    assert fcr([]) is None
    assert set(fcr_per_kanaal([]).values()) == {None}


def test_volume_per_kanaal() -> None:
    assert volume_per_kanaal(CONTACTEN) == {
        Kanaal.BALIE: 2, Kanaal.TELEFOON: 4, Kanaal.EMAIL: 0, Kanaal.INTERNET: 0,
        Kanaal.POST: 0, Kanaal.CHAT: 1}
    assert sum(volume_per_kanaal([]).values()) == 0


# -- Norms ----------------------------------------------------------------------------------


def test_normen_van_design_md() -> None:
    n = Normen()
    assert n.fcr == 0.80
    assert n.servicelevels == (Servicelevelnorm(S20, 0.97), Servicelevelnorm(S15, 0.95))
    assert n.gemiddelde_wachttijd == timedelta(seconds=7.5)
    assert n.doorverbonden_bereikt == 1.0
    assert n.terugval_centrale == 0.05
    assert n.drempels == (S20, S15)


@pytest.mark.parametrize("fout", [
    {"fcr": 1.2}, {"marge": -0.1}, {"alarm_na": timedelta(seconds=-1)},
    {"servicelevels": (Servicelevelnorm(S20, 0.9), Servicelevelnorm(S20, 0.8))},
    {"korte_ophanger": timedelta(seconds=16)},
])
def test_ongeldige_normen(fout: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Normen(**fout)


@pytest.mark.parametrize(("waarde", "oordeel"), [
    (None, Oordeel.ONBEKEND),
    (0.9699, Oordeel.BUITEN_NORM),
    (97 / 100, Oordeel.LET_OP),    # exactly the norm meets it, without margin
    (0.989, Oordeel.LET_OP),
    (99 / 100, Oordeel.IN_ORDE),   # norm + margin = 0.97 + 0.02, inclusive
    (1.0, Oordeel.IN_ORDE),
])
def test_oordeel_minimum(waarde: float | None, oordeel: Oordeel) -> None:
    assert oordeel_minimum(waarde, 0.97, 0.02) is oordeel


def test_oordeel_minimum_bij_een_norm_van_honderd_procent() -> None:
    assert oordeel_minimum(1.0, 1.0, 0.02) is Oordeel.IN_ORDE  # 100% cannot beat a margin
    assert oordeel_minimum(0.999, 1.0, 0.02) is Oordeel.BUITEN_NORM


@pytest.mark.parametrize(("waarde", "strikt", "oordeel"), [
    (7.5, False, Oordeel.LET_OP),              # "7.5 s" is at most: exactly 7.5 meets it
    (7.500001, False, Oordeel.BUITEN_NORM),
    (5.5, False, Oordeel.IN_ORDE),             # 7.5 − 2 = 5.5, inclusive
    (5.6, False, Oordeel.LET_OP),
])
def test_oordeel_maximum_wachttijd(waarde: float, strikt: bool, oordeel: Oordeel) -> None:
    assert oordeel_maximum(waarde, 7.5, 2.0, strikt=strikt) is oordeel


@pytest.mark.parametrize(("waarde", "oordeel"), [
    (0.05, Oordeel.BUITEN_NORM),   # "< 5%": exactly 5% breaks it
    (0.049, Oordeel.LET_OP),
    (0.03, Oordeel.LET_OP),        # in orde only below 5% − 2% = 3%
    (0.0299, Oordeel.IN_ORDE),
    (None, Oordeel.ONBEKEND),
])
def test_oordeel_maximum_strikt_voor_terugval(waarde: float | None, oordeel: Oordeel) -> None:
    assert oordeel_maximum(waarde, 0.05, 0.02, strikt=True) is oordeel


def test_beoordeel_een_wachtrij() -> None:
    # answered after 5 s and 10 s: ASA (5 + 10) ÷ 2 = 7.5 s, exactly the norm: let op;
    # within 20 s 2 ÷ 2 = 100%, within 15 s 2 ÷ 2 = 100%: in orde.
    stand = wachtrijstand("Algemeen", [aangenomen(0, 5), aangenomen(0, 10)], NU)
    sl20, sl15, asa = beoordeel(stand, Normen())
    assert (sl20.maatstaf, sl20.drempel, sl20.waarde, sl20.oordeel) == (
        Maatstaf.SERVICELEVEL, S20, 1.0, Oordeel.IN_ORDE)
    assert sl20.sleutel == "servicelevel_20s" and sl20.label == "Binnen 20 s opgenomen"
    assert (sl15.sleutel, sl15.oordeel) == ("servicelevel_15s", Oordeel.IN_ORDE)
    assert asa == Beoordeling(Maatstaf.GEMIDDELDE_WACHTTIJD, timedelta(seconds=7.5),
                              timedelta(seconds=7.5), Oordeel.LET_OP)
    assert asa.sleutel == "gemiddelde_wachttijd"


def test_beoordeel_met_de_hand_berekende_wachtrij_is_buiten_norm() -> None:
    # 3/7 within 20 s, 2/8 within 15 s, ASA 16.5 s: all three broken
    stand = wachtrijstand("Algemeen", GESPREKKEN, NU)
    assert [b.oordeel for b in beoordeel(stand, Normen())] == [Oordeel.BUITEN_NORM] * 3


def test_beoordeel_lege_of_niet_getelde_wachtrij_is_onbekend() -> None:
    leeg = wachtrijstand("Leeg", [], NU)
    assert {b.oordeel for b in beoordeel(leeg, Normen())} == {Oordeel.ONBEKEND}
    alleen_20 = wachtrijstand("Algemeen", [aangenomen(0, 5)], NU, drempels=(S20,))
    sl20, sl15, _ = beoordeel(alleen_20, Normen())
    assert (sl20.oordeel, sl15.oordeel, sl15.waarde) == (Oordeel.IN_ORDE, Oordeel.ONBEKEND,
                                                         None)


def test_beoordeel_fcr_en_doorverbinden() -> None:
    assert beoordeel_fcr(4 / 7, Normen()).oordeel is Oordeel.BUITEN_NORM  # 57% < 80%
    assert beoordeel_fcr(0.81, Normen()).oordeel is Oordeel.LET_OP  # 80% ≤ 81% < 82%
    assert beoordeel_fcr(None, Normen()).oordeel is Oordeel.ONBEKEND
    bereikt, terugval = beoordeel_doorverbinden(0.98, 0.01, Normen())
    assert (bereikt.oordeel, terugval.oordeel) == (Oordeel.BUITEN_NORM, Oordeel.IN_ORDE)
    assert terugval.label == "Terugval naar de centrale"


def test_eigen_normen_van_een_profiel() -> None:
    normen = Normen(servicelevels=(Servicelevelnorm(timedelta(seconds=30), 0.80),), marge=0.0)
    stand = wachtrijstand("Algemeen", [aangenomen(0, 25), opgehangen(0, 40)], NU,
                          drempels=normen.drempels)
    # within 30 s: 1 ÷ (1 + 1) = 50% < 80%
    sl30, _ = beoordeel(stand, normen)
    assert (sl30.sleutel, sl30.waarde, sl30.oordeel) == ("servicelevel_30s", 0.5,
                                                         Oordeel.BUITEN_NORM)


# -- Alarm ----------------------------------------------------------------------------------

NA = timedelta(minutes=5)


def reeks(alarm: Alarm, *waarnemingen: tuple[float, Oordeel]) -> Alarm:
    """Feed observations at so many minutes after T0."""
    for minuten, oordeel in waarnemingen:
        alarm = alarm.waarneming(oordeel, T0 + timedelta(minutes=minuten), NA)
    return alarm


BUITEN = Oordeel.BUITEN_NORM


def test_korte_overschrijding_geeft_geen_alarm() -> None:
    a = reeks(Alarm(), (0, BUITEN), (3, BUITEN), (5, BUITEN))
    # exactly 5 minutes broken is not "longer than 5 minutes"
    assert a.toestand is Alarmtoestand.BUITEN_NORM and not a.actief
    assert a.buiten_norm_sinds == T0
    a = reeks(a, (5.5, Oordeel.IN_ORDE))
    assert a == Alarm()


def test_alarm_na_meer_dan_de_ingestelde_tijd() -> None:
    a = reeks(Alarm(), (0, BUITEN), (5, BUITEN))
    a = a.waarneming(BUITEN, T0 + NA + timedelta(seconds=1), NA)
    assert a.toestand is Alarmtoestand.ALARM and a.actief
    assert a.afgegaan_op == T0 + NA + timedelta(seconds=1)
    assert a.buiten_norm_sinds == T0


def test_onderbroken_overschrijding_begint_opnieuw() -> None:
    # broken 0–4 min, met at 4, broken again from 4.5: at 9 only 4.5 min → no alarm
    a = reeks(Alarm(), (0, BUITEN), (4, Oordeel.IN_ORDE), (4.5, BUITEN), (9, BUITEN))
    assert a.toestand is Alarmtoestand.BUITEN_NORM
    assert reeks(a, (9.6, BUITEN)).actief  # 9.6 − 4.5 = 5.1 min


def test_let_op_en_onbekend_zijn_geen_overschrijding() -> None:
    a = reeks(Alarm(), (0, Oordeel.LET_OP), (10, Oordeel.LET_OP))
    assert a == Alarm()
    a = reeks(Alarm(), (0, BUITEN), (4, Oordeel.ONBEKEND), (8, BUITEN))
    assert a.buiten_norm_sinds == T0 + timedelta(minutes=8) and not a.actief


def test_alarm_blijft_tot_het_bevestigd_is() -> None:
    a = reeks(Alarm(), (0, BUITEN), (6, BUITEN), (7, Oordeel.IN_ORDE), (30, Oordeel.IN_ORDE))
    assert a.actief and a.buiten_norm_sinds is None  # met again, but nobody acknowledged
    assert a.afgegaan_op == T0 + timedelta(minutes=6)
    assert a.bevestig() == Alarm()


def test_bevestigd_alarm_zwijgt_tot_de_norm_weer_gehaald_is() -> None:
    a = reeks(Alarm(), (0, BUITEN), (6, BUITEN)).bevestig()
    assert a.toestand is Alarmtoestand.BEVESTIGD and not a.actief
    a = reeks(a, (20, BUITEN), (60, BUITEN))  # the same breach: no new alarm
    assert a.toestand is Alarmtoestand.BEVESTIGD
    a = reeks(a, (61, Oordeel.IN_ORDE))
    assert a == Alarm()
    a = reeks(a, (62, BUITEN), (67, BUITEN))  # a new breach of exactly 5 min: not yet
    assert not a.actief
    assert reeks(a, (68, BUITEN)).actief


def test_nieuwe_overschrijding_tijdens_onbevestigd_alarm() -> None:
    a = reeks(Alarm(), (0, BUITEN), (6, BUITEN), (7, Oordeel.IN_ORDE), (8, BUITEN))
    assert a.actief and a.buiten_norm_sinds == T0 + timedelta(minutes=8)
    assert a.bevestig().toestand is Alarmtoestand.BEVESTIGD  # the breach goes on


def test_bevestigen_zonder_alarm_verandert_niets() -> None:
    a = reeks(Alarm(), (0, BUITEN))
    assert a.bevestig() == a
    assert Alarm().bevestig() == Alarm()


# -- Counter ticket queue -------------------------------------------------------------------

TIEN = datetime(2026, 3, 2, 10, 0, tzinfo=TIJDZONE)


def om(uur: int, minuut: int) -> datetime:
    return datetime(2026, 3, 2, uur, minuut, tzinfo=TIJDZONE)


def test_volgende_klant_afspraken_op_hun_tijd_dan_wie_eerst_komt() -> None:
    tickets = [
        Ticket("W01", om(9, 40)),
        Ticket("W02", om(9, 45)),
        Ticket("A10", om(9, 50), afspraak=om(10, 0), klant=KLANT),  # due: exactly its time
        Ticket("A09", om(9, 58), afspraak=om(9, 55)),  # due, earlier appointment
        Ticket("A11", om(9, 42), afspraak=om(10, 30)),  # not due: in line as a walk-in
        Ticket("W00", om(9, 30), opgeroepen=om(9, 35)),  # called already
        Ticket("W98", om(9, 20), opgeroepen=om(9, 25), niet_verschenen=True),
        Ticket("W99", om(9, 10), opgeroepen=om(9, 12), geholpen=om(9, 13)),
        Ticket("W03", om(10, 1)),  # issued after now
    ]
    rij = wachtende_tickets(tickets, TIEN)
    assert [x.nummer for x in rij] == ["A09", "A10", "W01", "A11", "W02"]
    volg = volgende(tickets, TIEN)
    assert volg is not None and volg.nummer == "A09"
    # a minute earlier A10's time has not come: A09, then first issued first served
    assert [x.nummer for x in wachtende_tickets(tickets, om(9, 59))] == [
        "A09", "W01", "A11", "W02", "A10"]


def test_volgende_zonder_wachtenden_is_none() -> None:
    assert volgende([], TIEN) is None
    assert volgende([Ticket("W01", om(9, 0), opgeroepen=om(9, 1))], TIEN) is None


def test_gelijke_uitgiftetijd_gaat_op_nummer() -> None:
    tickets = [Ticket("B02", om(9, 0)), Ticket("B01", om(9, 0))]
    volg = volgende(tickets, TIEN)
    assert volg is not None and volg.nummer == "B01"


# -- Agents ---------------------------------------------------------------------------------


def test_agenten_per_status() -> None:
    a = Agentstand("ann", "Ann", Agentstatus.IN_GESPREK, om(9, 50), Kanaal.TELEFOON)
    b = Agentstand("bas", "Bas", Agentstatus.IN_GESPREK, om(9, 40), Kanaal.CHAT)
    c = Agentstand("cor", "Cor", Agentstatus.PAUZE, om(9, 55))
    per = agenten_per_status([a, b, c])
    assert list(per) == list(Agentstatus)
    assert per[Agentstatus.IN_GESPREK] == [b, a]  # longest in the state first
    assert per[Agentstatus.BESCHIKBAAR] == []
    assert a.duur(TIEN) == timedelta(minutes=10)
    assert a.duur(om(9, 45)) == timedelta(0)  # sinds after nu: clock ahead, not negative


# -- Properties -----------------------------------------------------------------------------


@st.composite
def gesprekken(draw: st.DrawFn) -> Wachtrijgesprek:
    aangeboden = draw(st.integers(0, 3_600_000))  # milliseconds after T0
    wacht = draw(st.integers(0, 120_000))
    soort = draw(st.sampled_from(["aangenomen", "opgehangen", "wachtend"]))
    begin = T0 + timedelta(milliseconds=aangeboden)
    einde = begin + timedelta(milliseconds=wacht)
    if soort == "aangenomen":
        return Wachtrijgesprek("A", begin, aangenomen=einde)
    if soort == "opgehangen":
        return Wachtrijgesprek("A", begin, opgehangen=einde)
    return Wachtrijgesprek("A", begin)


MOMENTEN = st.integers(0, 3_800_000).map(lambda ms: T0 + timedelta(milliseconds=ms))


@given(st.lists(gesprekken(), max_size=40), MOMENTEN)
def test_eigenschap_tellingen_en_cijfers_kloppen(lijst: list[Wachtrijgesprek],
                                                 nu: datetime) -> None:
    stand = wachtrijstand("A", lijst, nu)
    assert stand.aangeboden == stand.beantwoord + stand.opgehangen + stand.wachtend
    assert 0 <= stand.kort_opgehangen <= stand.opgehangen
    for telling in stand.drempels:
        assert telling.binnen <= stand.beantwoord
        assert telling.wachtend_erboven <= stand.wachtend
        sl = servicelevel(stand, telling.drempel)
        assert sl is None or 0.0 <= sl <= 1.0
    ratio = ophangratio(stand)
    assert ratio is None or 0.0 <= ratio <= 1.0
    asa = gemiddelde_wachttijd(stand)
    assert (asa is None) == (stand.beantwoord == 0)


@given(st.lists(gesprekken(), max_size=40), MOMENTEN, st.integers(0, 4_999),
       st.integers(0, 3_600_000))
def test_eigenschap_een_korte_ophanger_verandert_niets(
        lijst: list[Wachtrijgesprek], nu: datetime, wacht_ms: int, begin_ms: int) -> None:
    """A short abandon neither raises the denominator nor moves any figure."""
    begin = min(T0 + timedelta(milliseconds=begin_ms), nu - timedelta(milliseconds=wacht_ms))
    kort = Wachtrijgesprek("A", begin, opgehangen=begin + timedelta(milliseconds=wacht_ms))
    zonder = wachtrijstand("A", lijst, nu)
    met = wachtrijstand("A", [*lijst, kort], nu)
    assert met.kort_opgehangen == zonder.kort_opgehangen + 1
    for d in (S20, S15):
        assert servicelevel(met, d) == servicelevel(zonder, d)
    assert ophangratio(met) == ophangratio(zonder)
    assert gemiddelde_wachttijd(met) == gemiddelde_wachttijd(zonder)


@given(st.lists(gesprekken(), max_size=40), MOMENTEN)
def test_eigenschap_een_ruimere_drempel_verlaagt_het_serviceniveau_nooit(
        lijst: list[Wachtrijgesprek], nu: datetime) -> None:
    krap, ruim = timedelta(seconds=10), timedelta(seconds=30)
    stand = wachtrijstand("A", lijst, nu, drempels=(krap, ruim))
    a, b = servicelevel(stand, krap), servicelevel(stand, ruim)
    if a is not None and b is not None:
        assert a <= b
    if b is None:  # nothing answered, nothing long abandoned, nobody waiting past 30 s:
        assert a is None or a == 0.0  # at 10 s only the calls waiting 10–30 s can count


@given(st.lists(st.tuples(st.integers(1, 240), st.booleans()), max_size=30))
def test_eigenschap_alarm_precies_na_een_lange_ononderbroken_overschrijding(
        stappen: list[tuple[int, bool]]) -> None:
    """Without acknowledgement the alarm is on exactly when some unbroken run of broken
    observations has lasted more than NA."""
    alarm, tijd, begin_run, ooit = Alarm(), T0, None, False
    for seconden, gebroken in stappen:
        tijd += timedelta(seconds=seconden)
        alarm = alarm.waarneming(BUITEN if gebroken else Oordeel.IN_ORDE, tijd, NA)
        if gebroken:
            begin_run = begin_run or tijd
            ooit = ooit or tijd - begin_run > NA
        else:
            begin_run = None
        assert alarm.actief == ooit


@given(st.lists(st.tuples(st.integers(0, 120), st.one_of(st.none(), st.integers(0, 120)),
                          st.booleans()), max_size=15))
def test_eigenschap_volgende_slaat_geen_afspraak_over(
        specs: list[tuple[int, int | None, bool]]) -> None:
    tickets = [Ticket(f"T{i:02d}", om(9, 0) + timedelta(minutes=u),
                      opgeroepen=om(9, 0) if opgeroepen else None,
                      afspraak=None if a is None else om(9, 0) + timedelta(minutes=a))
               for i, (u, a, opgeroepen) in enumerate(specs)]
    nu = om(10, 0)
    wachtend = [x for x in tickets if x.wacht_op(nu)]
    volg = volgende(tickets, nu)
    assert (volg is None) == (not wachtend)
    if volg is None:
        return
    aan_de_beurt = [x.afspraak for x in wachtend if x.afspraak is not None and x.afspraak <= nu]
    if aan_de_beurt:
        assert volg.afspraak == min(aan_de_beurt)
    else:
        assert volg.uitgegeven == min(x.uitgegeven for x in wachtend)


# -- Events, the source's clock, totals and the day's course -------------------------------


def test_op_bronklok_heft_een_scheve_klok_op() -> None:
    # The workstation's clock runs an hour ahead: it says the event happened at 10:00:00
    # and was sent at 10:00:30. The source received it at 09:00:31 on its own clock, so it
    # happened 30 s before that: 09:00:01.
    g = Wachtrijgebeurtenis("e1", Gebeurtenissoort.GESPREK_OPGEHANGEN, t(3600), gesprek="g",
                            verzonden=t(3630))
    assert op_bronklok(g, t(31)) == t(1)


def test_op_bronklok_zonder_verzendtijd_of_met_teruggezette_klok() -> None:
    zonder = Wachtrijgebeurtenis("e1", Gebeurtenissoort.GESPREK_OPGEHANGEN, t(50), gesprek="g")
    assert op_bronklok(zonder, t(0)) == t(50)
    terug = Wachtrijgebeurtenis("e2", Gebeurtenissoort.GESPREK_OPGEHANGEN, t(50), gesprek="g",
                                verzonden=t(40))
    assert op_bronklok(terug, t(0)) == t(50)


@pytest.mark.parametrize(("soort", "velden"), [
    (Gebeurtenissoort.AGENTSTATUS, {"medewerker": "a"}),  # no status
    (Gebeurtenissoort.GESPREK_AANGEBODEN, {"gesprek": "g"}),  # no queue
    (Gebeurtenissoort.TICKET_GEHOLPEN, {}),
    (Gebeurtenissoort.CONTACT_GEREGISTREERD, {"kanaal": Kanaal.BALIE}),
])
def test_een_gebeurtenis_zonder_wat_erbij_hoort_wordt_geweigerd(
        soort: Gebeurtenissoort, velden: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="mist"):
        Wachtrijgebeurtenis("e1", soort, T0, **velden)


def test_fcr_telt_ook_afgehandelde_tellingen() -> None:
    # 3 registered by phone, 2 in one go: 2/3; one at the counter, not in one go: 0.
    contacten = [Afgehandeld(Kanaal.TELEFOON, Afhandeling.IN_EEN_KEER, T0),
                 Afgehandeld(Kanaal.TELEFOON, Afhandeling.IN_EEN_KEER, T0),
                 Afgehandeld(Kanaal.TELEFOON, Afhandeling.TERUGBELVERZOEK, T0),
                 Afgehandeld(Kanaal.BALIE, Afhandeling.ZAAK_GESTART, T0)]
    assert fcr(contacten, Kanaal.TELEFOON) == pytest.approx(2 / 3)
    assert fcr(contacten) == pytest.approx(2 / 4)
    assert volume_per_kanaal(contacten)[Kanaal.TELEFOON] == 3


def test_samengeteld_telt_op_en_neemt_de_langste_wachttijd() -> None:
    # Queue A: answered after 10 s and after 30 s; B: abandoned after 2 s (short), one
    # waiting since t(70). At t(100): offered 4, answered 2 (1 within 20 s), abandoned 1 of
    # which 1 short, waiting 1 for 30 s (> 20 s). Service level 20 s: 1 / (2 + 1 − 1 + 1).
    gesprekken = [aangenomen(0, 10, "A"), aangenomen(5, 30, "A"),
                  Wachtrijgesprek("B", t(10), opgehangen=t(12)), Wachtrijgesprek("B", t(70))]
    standen = wachtrijstanden(gesprekken, t(100))
    totaal = samengeteld(standen.values(), "Alle", t(100))
    assert (totaal.aangeboden, totaal.beantwoord, totaal.opgehangen, totaal.kort_opgehangen,
            totaal.wachtend) == (4, 2, 1, 1, 1)
    assert totaal.langste_wachttijd == timedelta(seconds=30)
    assert totaal.wachttijd_beantwoord == timedelta(seconds=40)
    assert servicelevel(totaal, S20) == pytest.approx(1 / 3)


def test_samengeteld_van_niets_is_leeg() -> None:
    leeg = samengeteld([], "Alle", T0)
    assert (leeg.aangeboden, leeg.langste_wachttijd, servicelevel(leeg, S20)
            if leeg.telling(S20) else None) == (0, None, None)


def test_verloop_per_kwartier() -> None:
    # One call at t(0) answered after 10 s; one at t(900) still waiting at t(1000).
    # At t(0): 1 waiting (offered at exactly t(0)), no answered: None. At t(900): the first
    # was answered within 20 s, the second waits since just now: 1 waiting, 1/1. At t(1000)
    # (the end): the second waited 100 s > 20 s: 1/2.
    gesprekken = [aangenomen(0, 10), Wachtrijgesprek("Algemeen", t(900))]
    punten = verloop(gesprekken, t(0), t(1000), stap=timedelta(seconds=900), drempel=S20,
                     korte_ophanger=timedelta(seconds=5))
    assert [(p.moment, p.wachtend, p.servicelevel) for p in punten] == [
        (t(0), 1, None), (t(900), 1, 1.0), (t(1000), 1, 0.5)]
