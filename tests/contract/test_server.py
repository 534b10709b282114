"""The contract server itself: it passes what the spec allows and catches what it does not."""

from __future__ import annotations

import json

import httpx

from tests.contract.server import ONGELDIG, Antwoord, Contractserver, Verzoek, overlappen

PERSOON = {"burgerservicenummer": "999993653", "naam": {"voornamen": "Bert",
                                                       "geslachtsnaam": "Burger"}}


def _personen(_: Verzoek) -> Antwoord:
    return Antwoord(200, {"type": "RaadpleegMetBurgerservicenummer", "personen": [PERSOON]})


def _post(url: str, vraag: object) -> httpx.Response:
    return httpx.post(url, content=json.dumps(vraag),
                      headers={"Content-Type": "application/json; charset=utf-8"})


def test_een_verzoek_volgens_de_specificatie_komt_door() -> None:
    with Contractserver("brp-personen-openapi.yaml") as s:
        s.route("POST", "/personen", _personen)
        r = _post(f"{s.url}/personen", {
            "type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999993653"],
            "fields": ["naam"]})
    assert r.status_code == 200, s.afwijkingen
    assert r.json()["personen"][0]["naam"]["voornamen"] == "Bert"
    s.controleer()
    assert [v.pad for v in s.verzoeken] == ["/personen"]


def test_een_verzoek_buiten_de_specificatie_wordt_gevangen() -> None:
    with Contractserver("brp-personen-openapi.yaml") as s:
        s.route("POST", "/personen", _personen)
        r = _post(f"{s.url}/personen", {"type": "RaadpleegMetBurgerservicenummer"})
    assert r.status_code == ONGELDIG
    assert any("verzoek POST /personen" in a for a in s.afwijkingen)


def test_een_fixture_buiten_de_specificatie_wordt_gevangen() -> None:
    def fout(_: Verzoek) -> Antwoord:
        return Antwoord(200, {"type": "RaadpleegMetBurgerservicenummer",
                              "personen": [{"burgerservicenummer": 999993653}]})

    with Contractserver("brp-personen-openapi.yaml") as s:
        s.route("POST", "/personen", fout)
        _post(f"{s.url}/personen", {
            "type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999993653"],
            "fields": ["naam"]})
    assert any("antwoord op POST /personen" in a for a in s.afwijkingen), s.afwijkingen


def test_overlap_wordt_uit_de_tijden_gelezen() -> None:
    with Contractserver("brp-personen-openapi.yaml") as s:
        s.route("POST", "/personen", lambda v: Antwoord(200, {
            "type": "RaadpleegMetBurgerservicenummer", "personen": []}, vertraging=0.3))
        vraag = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999993653"],
                 "fields": ["naam"]}
        _post(f"{s.url}/personen", vraag)
        _post(f"{s.url}/personen", vraag)
    assert len(s.verzoeken) == 2
    assert not overlappen(s.verzoeken)
