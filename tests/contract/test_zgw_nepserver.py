"""The ZGW fake refuses what a real Open Zaak 1.30 refuses (specs/README.md), one test each.

Raw HTTP against the fake, so each refusal is shown without the plugin in between: a request
the real server refuses gets the same status, ``code`` and ``invalidParams`` here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt
import pytest

from tests.contract import test_zgw as basis
from tests.contract.fixtures_zgw import (
    CLIENT_ID,
    GEHEIM,
    HAVEN_KVK,
    HAVEN_RSIN,
    KADE_VESTIGING,
    RSIN,
    Zaaktypedata,
    Zgw,
)
from tests.contract.server import ONGELDIG, Contractserver, Verzoek
from werkplek.domain.model import nu

CRS = {"Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}


def maak_zgw(contractserver: Callable[[str], Contractserver], **extra: Any) -> Zgw:
    return basis.demodam(Zgw(contractserver("zaken-openapi.yaml"),
                             contractserver("catalogi-openapi.yaml"), **extra))


@pytest.fixture
def zgw(contractserver: Callable[[str], Contractserver]) -> Zgw:
    return maak_zgw(contractserver)


@pytest.fixture
def openzaak(contractserver: Callable[[str], Contractserver]) -> Zgw:
    return maak_zgw(contractserver, open_zaak_130=True)


def token(geheim: str = GEHEIM, iat: int | None = None) -> dict[str, str]:
    claims = {"iss": CLIENT_ID, "client_id": CLIENT_ID, "user_id": "kcc.tester",
              "user_representation": "T. Ester", "iat": int(time.time()) if iat is None else iat}
    return {"Authorization": f"Bearer {jwt.encode(claims, geheim, algorithm='HS256')}"}


def post(zgw: Zgw, pad: str, body: Any, **kop: str) -> httpx.Response:
    return httpx.post(f"{zgw.zaken_server.url}{pad}", json=body,
                      headers={**CRS, **token(), **kop})


def soort(zgw: Zgw, identificatie: str) -> Zaaktypedata:
    return next(t for t in zgw.typen.values() if t.zaaktype["identificatie"] == identificatie
                and not t.zaaktype["eindeGeldigheid"]
                and t.zaaktype["beginGeldigheid"] <= nu().date().isoformat())


def nieuwe_zaak(zgw: Zgw, zaaktype: str = "OMGEVINGSVERGUNNING", **extra: Any) -> httpx.Response:
    return post(zgw, "/zaken", {"bronorganisatie": RSIN, "verantwoordelijkeOrganisatie": RSIN,
                                "zaaktype": soort(zgw, zaaktype).url,
                                "startdatum": "2026-03-02", **extra})


def rol(zgw: Zgw, betrokkene_type: str, ident: dict[str, Any], *,
        roltype: str | None = None) -> httpx.Response:
    zaak = nieuwe_zaak(zgw).json()
    return post(zgw, "/rollen", {
        "zaak": zaak["url"], "betrokkeneType": betrokkene_type,
        "roltype": roltype or soort(zgw, "OMGEVINGSVERGUNNING").roltypen[0]["url"],
        "roltoelichting": "Aanvrager", "betrokkeneIdentificatie": ident})


def invalid_params(antwoord: httpx.Response) -> list[tuple[str, str]]:
    assert antwoord.status_code == 400, antwoord.text
    return [(p["name"], p["code"]) for p in antwoord.json()["invalidParams"]]


def buiten_spec(zgw: Zgw, antwoord: httpx.Response, veld: str) -> None:
    """The request was a contract violation: 599, recorded; cleared once seen."""
    assert antwoord.status_code == ONGELDIG
    assert len(zgw.zaken_server.afwijkingen) == 1 and veld in zgw.zaken_server.afwijkingen[0]
    zgw.zaken_server.afwijkingen.clear()


# -- RSIN, vestigingsnummer and KvK number -----------------------------------------------------


def test_inn_nnp_id_is_een_rsin_geen_kvk_nummer(zgw: Zgw) -> None:
    assert invalid_params(rol(zgw, "niet_natuurlijk_persoon", {"innNnpId": HAVEN_KVK})) == [
        ("betrokkeneIdentificatie.innNnpId", "min_length")]
    assert invalid_params(rol(zgw, "niet_natuurlijk_persoon", {"innNnpId": "820846133"})) == [
        ("betrokkeneIdentificatie.innNnpId", "invalid")]
    assert rol(zgw, "niet_natuurlijk_persoon", {"innNnpId": HAVEN_RSIN}).status_code == 201


def test_filter_op_inn_nnp_id_weigert_een_kvk_nummer(zgw: Zgw) -> None:
    filter_ = "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId"
    assert invalid_params(post(zgw, "/zaken/_zoek", {filter_: HAVEN_KVK})) == [
        (filter_, "min_length")]
    gevonden = post(zgw, "/zaken/_zoek", {filter_: HAVEN_RSIN}).json()["results"]
    assert [z["identificatie"] for z in gevonden] == ["ZAAK-2026-0004"]


def test_vestigingsnummer_staat_in_de_spec(zgw: Zgw) -> None:
    assert rol(zgw, "vestiging", {"vestigingsNummer": KADE_VESTIGING}).status_code == 201
    gevonden = post(zgw, "/zaken/_zoek", {
        "rol__betrokkeneIdentificatie__vestiging__vestigingsNummer": KADE_VESTIGING})
    assert gevonden.status_code == 200 and gevonden.json()["count"] == 1


@pytest.mark.parametrize(("betrokkene_type", "ident"), [
    ("niet_natuurlijk_persoon", {"innNnpId": HAVEN_RSIN, "kvkNummer": HAVEN_KVK}),
    ("vestiging", {"vestigingsNummer": KADE_VESTIGING, "kvkNummer": HAVEN_KVK})])
def test_kvk_nummer_in_een_rol_alleen_bij_open_zaak(zgw: Zgw, openzaak: Zgw,
                                                    betrokkene_type: str,
                                                    ident: dict[str, str]) -> None:
    buiten_spec(zgw, rol(zgw, betrokkene_type, ident), "kvkNummer")
    assert zgw.rollen == [r for r in zgw.rollen if "kvkNummer" not in r.get(
        "betrokkeneIdentificatie", {})]

    antwoord = rol(openzaak, betrokkene_type, ident)
    assert antwoord.status_code == 201
    assert antwoord.json()["betrokkeneIdentificatie"]["kvkNummer"] == HAVEN_KVK


@pytest.mark.parametrize("filter_", [
    "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__kvkNummer",
    "rol__betrokkeneIdentificatie__vestiging__kvkNummer"])
def test_kvk_filters_alleen_bij_open_zaak(zgw: Zgw, openzaak: Zgw, filter_: str) -> None:
    buiten_spec(zgw, post(zgw, "/zaken/_zoek", {filter_: HAVEN_KVK}), filter_)

    soort_ = filter_.split("__")[2]
    rol(openzaak, "niet_natuurlijk_persoon" if soort_ == "nietNatuurlijkPersoon"
        else "vestiging", {"kvkNummer": HAVEN_KVK})
    antwoord = post(openzaak, "/zaken/_zoek", {filter_: HAVEN_KVK})
    assert antwoord.status_code == 200 and antwoord.json()["count"] == 1


def test_een_ander_onbekend_veld_of_filter_is_ook_bij_open_zaak_buiten_de_spec(
        openzaak: Zgw) -> None:
    buiten_spec(openzaak, rol(openzaak, "vestiging", {"rsin": HAVEN_RSIN}), "rsin")
    filter_ = "rol__betrokkeneIdentificatie__vestiging__rsin"
    buiten_spec(openzaak, post(openzaak, "/zaken/_zoek", {filter_: HAVEN_RSIN}), filter_)


# -- authentication ----------------------------------------------------------------------------


def test_verkeerd_geheim_is_403_invalid_jwt_signature(zgw: Zgw) -> None:
    antwoord = post(zgw, "/zaken/_zoek", {}, **token("een-ander-geheim-van-ruim-32-tekens-lang"))
    assert antwoord.status_code == 403
    assert antwoord.json()["code"] == "invalid-jwt-signature"
    assert antwoord.json()["title"] == "Client credentials zijn niet geldig"


def test_een_token_van_meer_dan_een_uur_oud_is_verlopen(zgw: Zgw) -> None:
    antwoord = post(zgw, "/zaken/_zoek", {}, **token(iat=int(time.time()) - 3700))
    assert (antwoord.status_code, antwoord.json()["code"]) == (403, "jwt-expired")


def test_ontbrekende_rechten_is_403_met_een_andere_code(zgw: Zgw) -> None:
    zgw.rechten.discard("zaken.aanmaken")
    antwoord = nieuwe_zaak(zgw)
    assert (antwoord.status_code, antwoord.json()["code"]) == (403, "permission_denied")
    assert post(zgw, "/zaken/_zoek", {}).status_code == 200  # reading is still allowed


# -- zaak, rol, catalogue ----------------------------------------------------------------------


def test_bronorganisatie_moet_een_rsin_zijn(zgw: Zgw) -> None:
    assert invalid_params(nieuwe_zaak(zgw, bronorganisatie="123456789")) == [
        ("bronorganisatie", "invalid")]
    assert invalid_params(nieuwe_zaak(zgw, verantwoordelijkeOrganisatie="12345678")) == [
        ("verantwoordelijkeOrganisatie", "min_length")]


def test_verplichte_velden_van_zaak_en_rol(zgw: Zgw) -> None:
    """Over HTTP the spec check refuses a missing required field first (599); the fake's own
    check answers as Open Zaak (400 required) should the spec ever be looser."""
    assert nieuwe_zaak(zgw, startdatum=None).status_code == ONGELDIG
    zgw.zaken_server.afwijkingen.clear()
    leeg = Verzoek("POST", "/zaken", {}, {}, b"{}", {})
    assert {n for n, _ in invalid_params(_als_http(zgw._maak_zaak(leeg)))} == {
        "bronorganisatie", "startdatum", "verantwoordelijkeOrganisatie", "zaaktype"}
    assert {n for n, _ in invalid_params(_als_http(zgw._maak_rol(leeg)))} == {
        "betrokkeneType", "roltype", "zaak"}


def test_roltype_van_een_ander_zaaktype(zgw: Zgw) -> None:
    ander = soort(zgw, "BIJSTAND").roltypen[0]["url"]
    assert invalid_params(rol(zgw, "natuurlijk_persoon", {"inpBsn": "999993653"},
                              roltype=ander)) == [("nonFieldErrors", "zaaktype-mismatch")]


def test_een_concept_zaaktype_neemt_geen_zaken(zgw: Zgw) -> None:
    concept = next(t for t in zgw.typen.values() if t.zaaktype["concept"])
    antwoord = post(zgw, "/zaken", {"bronorganisatie": RSIN, "verantwoordelijkeOrganisatie": RSIN,
                                    "zaaktype": concept.url, "startdatum": "2026-03-02"})
    assert invalid_params(antwoord) == [("zaaktype", "not-published")]


def test_is_eindstatus_volgt_uit_het_hoogste_volgnummer(zgw: Zgw) -> None:
    antwoord = httpx.get(f"{zgw.catalogi_server.url}/statustypen", headers=token(),
                         params={"zaaktype": soort(zgw, "BIJSTAND").url})
    statustypen = sorted(antwoord.json()["results"], key=lambda s: s["volgnummer"])
    assert [s["isEindstatus"] for s in statustypen] == [False, False, False, True]


def test_een_verwijderde_zaak_neemt_rollen_en_statussen_mee(zgw: Zgw) -> None:
    [zaak] = [z for z in zgw.zaken if z["identificatie"] == "ZAAK-2026-0001"]
    antwoord = httpx.delete(zaak["url"], headers={**CRS, **token()})
    assert antwoord.status_code == 204
    assert zaak not in zgw.zaken
    assert not [x for x in [*zgw.rollen, *zgw.statussen] if x["zaak"] == zaak["url"]]


def _als_http(antwoord: Any) -> httpx.Response:
    """A handler's Antwoord as an httpx.Response, for ``invalid_params``."""
    return httpx.Response(antwoord.status, json=antwoord.json)
