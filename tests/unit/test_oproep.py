"""What a softphone hands over on a call: numbers of every kind, URLs and socket messages."""

from __future__ import annotations

import pytest

from werkplek.domain.invoer import OngeldigeInvoer
from werkplek.domain.oproep import lijnnummer, oproep, uit_bericht, uit_url


@pytest.mark.parametrize(("nummer", "e164"), [
    ("010-1234567", "+31101234567"),
    ("+31 10 123 4567", "+31101234567"),
    ("0031101234567", "+31101234567"),
    ("06 12345678", "+31612345678"),
    ("+44 20 7946 0958", "+442079460958"),  # international: kept as it is
    ("anonymous", ""),
    ("Anoniem", ""),
    ("", ""),
    ("0800-GEMEENTE", ""),
    ("1" * 100, ""),
    ("010-12345", ""),  # too short to be a number
])
def test_nummers_van_de_softphone(nummer: str, e164: str) -> None:
    o = oproep(nummer, " 14 010 ", "c-1")
    assert o.nummer == e164 and o.bekend is bool(e164)
    assert o.getoond == " ".join(nummer.split())[:40]
    assert (o.lijn, o.call_id) == ("14 010", "c-1")


def test_url_van_de_softphone() -> None:
    o = uit_url("werkplek://pop?phone=%2B31%2010%20123%204567&line=14010&call-id=abc")
    assert (o.nummer, o.lijn, o.call_id) == ("+31101234567", "14010", "abc")
    assert uit_url("werkplek://pop").bekend is False  # no number: an unknown caller
    for fout in ("http://pop?phone=1", "werkplek://bel?phone=1", "werkplek:pop"):
        with pytest.raises(OngeldigeInvoer) as e:
            uit_url(fout)
        assert "werkplek://pop?phone=" in e.value.bericht


def test_bericht_over_de_socket_heen_en_terug() -> None:
    o = oproep("010-1234567", "14010", "c-9")
    assert uit_bericht(o.bericht()) == o
    for onzin in (None, "pop", ["x"], {"getoond": 12}, {"lijn": {"a": 1}}):
        with pytest.raises(OngeldigeInvoer):
            uit_bericht(onzin)


@pytest.mark.parametrize(("tekst", "nummer"), [
    ("14 010", "+3114010"), ("2100", "2100"), ("010-400 1000", "+31104001000"),
    ("+32 2 555 12 12", "+3225551212"),
    ("anonymous", ""), ("12", ""), ("1" * 100, "")])
def test_lijnnummer(tekst: str, nummer: str) -> None:
    assert lijnnummer(tekst) == nummer
