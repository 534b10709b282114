"""Input rules: BSN elfproef, KvK, postcode, phone, e-mail, and reading a search."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from werkplek.domain import invoer
from werkplek.domain.invoer import OngeldigeInvoer, Zoeksoort, zoekvraag


def elfproef_som(cijfers: str) -> int:
    gewichten = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return sum(int(c) * g for c, g in zip(cijfers, gewichten, strict=True))


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_bsn_volgt_de_elfproef(cijfers: str) -> None:
    geldig = elfproef_som(cijfers) % 11 == 0 and int(cijfers) > 0
    if geldig:
        assert invoer.bsn(cijfers) == cijfers
    else:
        with pytest.raises(OngeldigeInvoer) as e:
            invoer.bsn(cijfers)
        assert "elfproef" in e.value.bericht
        assert cijfers not in e.value.bericht  # the message masks the number


@given(st.integers(min_value=10_000_000, max_value=99_999_999), st.integers(0, 8),
       st.integers(1, 9))
def test_elfproef_vangt_elke_tikfout_in_een_cijfer(basis: int, plek: int, verschil: int) -> None:
    # Make a valid BSN from 8 digits, then change one digit: it must be refused.
    acht = str(basis)
    for laatste in range(10):
        kandidaat = acht + str(laatste)
        if elfproef_som(kandidaat) % 11 == 0:
            break
    else:
        return  # no check digit exists for this prefix; nothing to test
    assert invoer.bsn(kandidaat) == kandidaat
    fout = list(kandidaat)
    fout[plek] = str((int(fout[plek]) + verschil) % 10)
    with pytest.raises(OngeldigeInvoer):
        invoer.bsn("".join(fout))


@pytest.mark.parametrize(("tekst", "soort", "waarde"), [
    ("999993653", Zoeksoort.BSN, "999993653"),
    ("9999.93.653", Zoeksoort.BSN, "999993653"),
    ("68750110", Zoeksoort.KVK, "68750110"),
    ("06-12345678", Zoeksoort.TELEFOON, "+31612345678"),
    ("+31 6 1234 5678", Zoeksoort.TELEFOON, "+31612345678"),
    ("010 123 4567", Zoeksoort.TELEFOON, "+31101234567"),
    ("Bert.Burger@Example.nl", Zoeksoort.EMAIL, "bert.burger@example.nl"),
    ("zaak-2026-0101", Zoeksoort.ZAAKNUMMER, "ZAAK-2026-0101"),
    ("3011 ab 12", Zoeksoort.POSTCODE_HUISNUMMER, "3011AB"),
    ("Burger 14-03-1980", Zoeksoort.NAAM_GEBOORTEDATUM, "Burger"),
])
def test_zoekvraag_herkent_wat_de_medewerker_typt(tekst: str, soort: Zoeksoort,
                                                  waarde: str) -> None:
    vraag = zoekvraag(tekst)
    assert (vraag.soort, vraag.waarde) == (soort, waarde)


def test_naam_en_geboortedatum_en_huisnummer_worden_gelezen() -> None:
    assert zoekvraag("van der Berg 2-1-1950").geboortedatum == date(1950, 1, 2)
    assert zoekvraag("van der Berg 2-1-1950").waarde == "van der Berg"
    assert zoekvraag("3011AB 7b").huisnummer == "7B"


@pytest.mark.parametrize(("tekst", "soort", "in_bericht"), [
    ("123456789", Zoeksoort.AUTOMATISCH, "elfproef"),
    ("12345", Zoeksoort.BSN, "9 cijfers"),
    ("1234567", Zoeksoort.KVK, "8 cijfers"),
    ("00000000", Zoeksoort.KVK, "geen geldig KvK"),
    ("0612", Zoeksoort.TELEFOON, "geen geldig telefoonnummer"),
    ("0000000000", Zoeksoort.AUTOMATISCH, "geen geldig telefoonnummer"),
    ("bert@", Zoeksoort.AUTOMATISCH, "geen geldig e-mailadres"),
    ("a@b..nl", Zoeksoort.EMAIL, "geen geldig e-mailadres"),
    ("0123 AB 1", Zoeksoort.AUTOMATISCH, "geen geldige postcode"),
    ("3011 SS 1", Zoeksoort.AUTOMATISCH, "geen geldige postcode"),
    ("3011 AB", Zoeksoort.POSTCODE_HUISNUMMER, "1234 AB 12"),
    ("Burger", Zoeksoort.AUTOMATISCH, "geboortedatum"),
    ("Burger 31-02-1980", Zoeksoort.AUTOMATISCH, "geen bestaande datum"),
    ("   ", Zoeksoort.AUTOMATISCH, "Typ een BSN"),
    ("x" * 201, Zoeksoort.AUTOMATISCH, "te lang"),
])
def test_ongeldige_zoekvraag_geeft_een_nederlandse_melding(tekst: str, soort: Zoeksoort,
                                                          in_bericht: str) -> None:
    with pytest.raises(OngeldigeInvoer) as e:
        zoekvraag(tekst, soort)
    assert in_bericht in e.value.bericht
    assert e.value.veld == "Zoeken"


@pytest.mark.parametrize(("tekst", "in_bericht"), [
    ("1234 A", "onvolledig"),
    ("1234A", "onvolledig"),
    ("1234 a 12", "onvolledig"),
    ("3011 AB", "Geef ook het huisnummer"),
])
def test_een_onvolledige_postcode_krijgt_een_melding_over_de_postcode(
        tekst: str, in_bericht: str) -> None:
    """Not a message about names and birth dates: the agent was typing a postcode."""
    with pytest.raises(OngeldigeInvoer) as e:
        zoekvraag(tekst)
    assert in_bericht in e.value.bericht
    assert "1234 AB 12" in e.value.bericht
    assert "geboortedatum" not in e.value.bericht


@given(st.text(max_size=80))
def test_elke_getypte_tekst_geeft_een_zoekvraag_of_een_melding(tekst: str) -> None:
    try:
        vraag = zoekvraag(tekst)
    except OngeldigeInvoer as e:
        assert e.bericht
    else:
        assert vraag.waarde


def test_tekstveld_weigert_meer_dan_tienduizend_tekens() -> None:
    assert invoer.tekstveld("a" * 10_000, "Vraag") == "a" * 10_000
    with pytest.raises(OngeldigeInvoer) as e:
        invoer.tekstveld("a" * 10_001, "Vraag")
    assert e.value.veld == "Vraag"
    assert "10.001" in e.value.bericht and "10.000" in e.value.bericht


def test_bsn_wordt_gemaskeerd_in_tekst() -> None:
    tekst = "klant 999993653 en ordernummer 123456789 en 9999936530"
    assert invoer.maskeer_bsns_in_tekst(tekst) == (
        "klant ********* en ordernummer 123456789 en 9999936530")
    assert invoer.maskeer_bsn("999993653") == "••••••653"
