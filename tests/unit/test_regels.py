"""KCC rules: overdue zaken, what comes next, and earlier contact today."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from werkplek.domain.model import (
    TIJDZONE,
    Afhandeling,
    Contactmoment,
    Kanaal,
    KlantRef,
    Status,
    Zaak,
    Zaaktype,
)
from werkplek.domain.regels import (
    Termijn,
    Termijnsoort,
    eerder_contact_vandaag,
    is_afgerond,
    is_later_dan_gepland,
    is_te_laat,
    termijn,
    volgende_status,
)

TYPE = Zaaktype("P", "Paspoort", 7, ("Ontvangen", "In productie", "Uitgereikt"))
KLANT = KlantRef.persoon("999993653")


def zaak(start: date, *statussen: tuple[str, date]) -> Zaak:
    return Zaak("Z-1", "test", TYPE, KLANT, start, tuple(
        Status(o, datetime(d.year, d.month, d.day, 10, tzinfo=TIJDZONE)) for o, d in statussen))


def test_open_zaak_is_te_laat_na_de_doorlooptijd() -> None:
    z = zaak(date(2026, 1, 1), ("Ontvangen", date(2026, 1, 1)))
    assert not is_te_laat(z, date(2026, 1, 8))
    assert is_te_laat(z, date(2026, 1, 9))
    assert volgende_status(z) == "In productie"


def test_afgeronde_zaak_is_alleen_te_laat_als_hij_te_laat_klaar_was() -> None:
    op_tijd = zaak(date(2026, 1, 1), ("Ontvangen", date(2026, 1, 1)),
                   ("Uitgereikt", date(2026, 1, 5)))
    laat = zaak(date(2026, 1, 1), ("Ontvangen", date(2026, 1, 1)),
                ("Uitgereikt", date(2026, 1, 20)))
    assert is_afgerond(op_tijd) and volgende_status(op_tijd) is None
    assert not is_te_laat(op_tijd, date(2026, 6, 1))
    assert is_te_laat(laat, date(2026, 6, 1))


def test_de_uiterlijke_einddatum_is_de_termijn_ook_binnen_de_doorlooptijd() -> None:
    # Started 1 January, doorlooptijd 7 days (8 January), the law says 4 January.
    z = replace(zaak(date(2026, 1, 1), ("Ontvangen", date(2026, 1, 1))),
                uiterlijke_einddatum=date(2026, 1, 4))
    assert termijn(z) == Termijn(date(2026, 1, 4), Termijnsoort.UITERLIJKE_EINDDATUM)
    assert not is_te_laat(z, date(2026, 1, 4))
    assert is_te_laat(z, date(2026, 1, 5))
    assert not is_later_dan_gepland(z, date(2026, 1, 5))


def test_een_latere_uiterlijke_einddatum_gaat_voor_de_doorlooptijd() -> None:
    z = replace(zaak(date(2026, 1, 1), ("Ontvangen", date(2026, 1, 1))),
                uiterlijke_einddatum=date(2026, 2, 1))
    assert not is_te_laat(z, date(2026, 1, 20))
    assert is_te_laat(z, date(2026, 2, 2))


def test_zonder_uiterlijke_einddatum_telt_de_doorlooptijd() -> None:
    z = zaak(date(2026, 1, 1), ("Ontvangen", date(2026, 1, 1)))
    assert termijn(z) == Termijn(date(2026, 1, 8), Termijnsoort.DOORLOOPTIJD)
    assert termijn(z).soort.label == "einde doorlooptijd"


def test_voorbij_de_geplande_einddatum_is_later_dan_gepland_en_niet_te_laat() -> None:
    z = replace(zaak(date(2026, 1, 1), ("Ontvangen", date(2026, 1, 1))),
                geplande_einddatum=date(2026, 1, 3))
    assert not is_later_dan_gepland(z, date(2026, 1, 3))
    assert is_later_dan_gepland(z, date(2026, 1, 4)) and not is_te_laat(z, date(2026, 1, 4))
    assert is_te_laat(z, date(2026, 1, 9)) and not is_later_dan_gepland(z, date(2026, 1, 9))
    klaar = replace(z, statussen=(*z.statussen, Status(
        "Uitgereikt", datetime(2026, 1, 5, 10, tzinfo=TIJDZONE))))
    assert not is_later_dan_gepland(klaar, date(2026, 1, 6))


def contact(begin: datetime, kanaal: Kanaal) -> Contactmoment:
    return Contactmoment("id", KLANT, kanaal, "Paspoort", "v", "a", Afhandeling.IN_EEN_KEER,
                         "agent", begin, begin + timedelta(minutes=5))


def test_eerder_contact_vandaag_neemt_het_laatste_van_vandaag() -> None:
    nu = datetime(2026, 11, 28, 15, 0, tzinfo=TIJDZONE)
    contacten = [contact(nu - timedelta(days=1), Kanaal.BALIE),
                 contact(nu - timedelta(hours=5), Kanaal.CHAT),
                 contact(nu - timedelta(hours=1), Kanaal.TELEFOON)]
    eerder = eerder_contact_vandaag(contacten, nu)
    assert eerder is not None
    assert eerder.tekst() == "Eerder contact vandaag: telefoon om 14:00"
    assert eerder_contact_vandaag(contacten[:1], nu) is None
