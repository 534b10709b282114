"""Free slots from a rooster: working hours, breaks, lead time, busy times and DST."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from werkplek.domain.agenda import (
    Afspraak,
    Agenda,
    Rooster,
    Tijdslot,
    bevestigingstekst,
    past_in_rooster,
    per_dag,
    vrije_slots,
)
from werkplek.domain.model import TIJDZONE, KlantRef

AGENDA = Agenda("cm", "M. de Wit", ("Bijstandsuitkering",),
                rooster=Rooster(begin=time(9), einde=time(12), pauzes=((time(10), time(10, 30)),),
                                slotduur_minuten=30, voorlooptijd_uren=2))


def om(d: date, uur: int, minuut: int = 0) -> datetime:
    return datetime(d.year, d.month, d.day, uur, minuut, tzinfo=TIJDZONE)


MAANDAG = date(2026, 11, 30)
ZONDAG_ERVOOR = om(date(2026, 11, 29), 12)


def tijden(slots: list[Tijdslot]) -> list[str]:
    return [f"{s.begin.astimezone(TIJDZONE):%a %H:%M}" for s in slots]


def test_werktijden_pauze_en_bezet() -> None:
    slots = vrije_slots(AGENDA, [(om(MAANDAG, 11), om(MAANDAG, 11, 30))], om(MAANDAG, 0),
                        om(MAANDAG, 23), ZONDAG_ERVOOR)
    assert tijden(slots) == ["Mon 09:00", "Mon 09:30", "Mon 10:30", "Mon 11:30"]


def test_geen_weekend_en_voorlooptijd() -> None:
    zaterdag = date(2026, 11, 28)
    slots = vrije_slots(AGENDA, [], om(zaterdag, 0), om(MAANDAG, 23), om(MAANDAG, 8, 15))
    # Lead time of two hours from 08:15: the first slot is 10:30 (10:00 is the break).
    assert tijden(slots) == ["Mon 10:30", "Mon 11:00", "Mon 11:30"]


def test_wandklok_blijft_gelijk_over_de_zomertijdwissel() -> None:
    voor = date(2026, 10, 23)   # Friday before the change (UTC+2)
    na = date(2026, 10, 26)     # Monday after (UTC+1)
    slots = vrije_slots(AGENDA, [], om(voor, 0), om(na, 23), om(date(2026, 10, 20), 9))
    dagen = per_dag(slots)
    assert [f"{s.begin.astimezone(TIJDZONE):%H:%M}" for s in dagen[voor]] == [
        f"{s.begin.astimezone(TIJDZONE):%H:%M}" for s in dagen[na]]
    assert dagen[voor][0].begin.utcoffset() == timedelta(hours=2)
    assert dagen[na][0].begin.utcoffset() == timedelta(hours=1)
    assert all(s.einde - s.begin == timedelta(minutes=30) for s in slots)


def test_wat_niet_geboekt_kan_worden_zegt_waarom() -> None:
    nu = om(MAANDAG, 8)
    assert past_in_rooster(AGENDA, om(MAANDAG, 11), om(MAANDAG, 11, 30), nu) == ""
    assert "verleden" in past_in_rooster(AGENDA, om(MAANDAG, 7), om(MAANDAG, 7, 30), nu)
    assert "pas te boeken vanaf 30-11-2026 10:00" in past_in_rooster(
        AGENDA, om(MAANDAG, 9), om(MAANDAG, 9, 30), nu)
    dinsdag = MAANDAG + timedelta(days=1)
    assert "middernacht" in past_in_rooster(AGENDA, om(MAANDAG, 23, 45), om(dinsdag, 0, 15), nu)
    assert "buiten de werktijden" in past_in_rooster(
        AGENDA, om(dinsdag, 10), om(dinsdag, 10, 30), nu)  # the break
    assert "niet na het begin" in past_in_rooster(AGENDA, om(dinsdag, 11), om(dinsdag, 11), nu)


def test_bevestiging_voor_de_burger() -> None:
    a = Afspraak("x", "cm", "M. de Wit, casemanager", KlantRef.persoon("999993653"),
                 "Bert Burger", "Bijstandsuitkering", om(MAANDAG, 10), om(MAANDAG, 10, 30),
                 locatie="Stadskantoor")
    tekst = bevestigingstekst(a, "Gemeente Demodam")
    assert tekst.startswith("Uw afspraak bij Gemeente Demodam: maandag 30 november 2026 om "
                            "10:00 uur op Stadskantoor, met M. de Wit, casemanager")
    assert "999993653" not in tekst
