"""Fictional Handelsregister data of Gemeente Demodam, as KvK Zoeken and Basisprofiel send it.

Every dict here is checked against the specs by the Contractserver when a test serves it.
The port company is the demo data set's Havenbedrijf Demodam B.V. (KvK 68750110).
"""

from __future__ import annotations

import math
from typing import Any

from tests.contract.server import Antwoord, Contractserver, Verzoek

ZOEKEN_SPEC = "kvk-zoeken-openapi.yaml"
BASISPROFIEL_SPEC = "kvk-basisprofiel-openapi.yaml"
HAL = "application/hal+json"
"""The only media type the Basisprofiel spec gives its error answers."""



HAVEN_KVK = "68750110"
HAVEN_VESTIGING = "000038509504"
HAVEN_RSIN = "820846132"
"""The RSIN of the demo B.V. (elfproef), as the embedded demo has it."""
HAVEN_NEVEN = "000038509512"

BEDRIJVEN_DEMODAM = [
    # (kvkNummer, naam, straat, huisnummer, postcode)
    (HAVEN_KVK, "Havenbedrijf Demodam B.V.", "Kaaiweg", 100, "3089KA"),
    ("90001234", "Bakkerij De Korenschoof", "Molenstraat", 3, "3011BD"),
    ("90002345", "Fietsenmakerij Trapvast", "Dijkweg", 41, "3071DE"),
    ("90003456", "Stichting Buurthuis De Kaai", "Kade", 9, "3011AB"),
    ("90004567", "Loodgietersbedrijf Waterdicht V.O.F.", "Spuiweg", 210, "3089KB"),
]


def binnenlands_adres(straat: str, huisnummer: int, postcode: str, plaats: str = "Demodam",
                      **extra: Any) -> dict[str, Any]:
    return {"binnenlandsAdres": {"type": "bezoekadres", "straatnaam": straat,
                                 "huisnummer": huisnummer, "postcode": postcode,
                                 "plaats": plaats, **extra}}


def zoekitem(kvk: str, naam: str, straat: str, huisnummer: int, postcode: str, *,
             soort: str = "hoofdvestiging", vestigingsnummer: str | None = None,
             **adres_extra: Any) -> dict[str, Any]:
    """One ResultaatItem of KvK Zoeken."""
    item: dict[str, Any] = {
        "kvkNummer": kvk, "naam": naam, "type": soort, "actief": "Ja",
        "adres": binnenlands_adres(straat, huisnummer, postcode, **adres_extra),
        "links": [{"rel": "basisprofiel",
                   "href": f"https://api.kvk.nl/test/api/v1/basisprofielen/{kvk}"}],
    }
    if vestigingsnummer:
        item["vestigingsnummer"] = vestigingsnummer
    return item


def rechtspersoon(kvk: str, naam: str) -> dict[str, Any]:
    """The rechtspersoon's own result: a statutory name, no address."""
    return {"kvkNummer": kvk, "rsin": HAVEN_RSIN, "naam": naam, "type": "rechtspersoon",
            "actief": "Ja"}


def demodam_items() -> list[dict[str, Any]]:
    return [zoekitem(kvk, naam, straat, nr, pc, vestigingsnummer=f"0000{kvk}")
            for kvk, naam, straat, nr, pc in BEDRIJVEN_DEMODAM]


def fout(status: int, code: str = "IPD0000", omschrijving: str = "Fout", *, hal: bool = False,
         **kwargs: Any) -> Antwoord:
    """A KvK error answer ({"fout": [...]}); Basisprofiel errors are hal+json."""
    return Antwoord(status, {"fout": [{"code": code, "omschrijving": omschrijving}]},
                    soort=HAL if hal else "", **kwargs)


GEEN_RESULTATEN = ("IPD5200", "Geen resultaten gevonden.")


def zoekpagina(items: list[dict[str, Any]], verzoek: Verzoek, server: Contractserver, *,
               totaal: bool = True, vertraging: float = 0.0) -> Antwoord:
    """A page of KvK Zoeken for ``pagina`` and ``resultatenPerPagina`` of the request.

    Like KvK: no results at all is a 404; ``vorige`` and ``volgende`` are full URLs.
    ``totaal=False`` leaves the count out, so a client must follow ``volgende``.
    """
    if not items:
        return fout(404, *GEEN_RESULTATEN)
    pagina = int(verzoek.een("pagina", "1"))
    per = int(verzoek.een("resultatenPerPagina", "10"))
    laatste = math.ceil(len(items) / per)
    rest = "&".join(f"{k}={v}" for k, waarden in verzoek.query.items()
                    if k not in {"pagina", "resultatenPerPagina"} for v in waarden)

    def link(nr: int) -> str:
        return f"{server.url}/zoeken?{rest}&pagina={nr}&resultatenPerPagina={per}"

    inhoud: dict[str, Any] = {
        "pagina": pagina, "resultatenPerPagina": per,
        "resultaten": items[(pagina - 1) * per:pagina * per],
        "links": [{"rel": "self", "href": link(pagina)}],
    }
    if totaal:
        inhoud["totaal"] = len(items)
    if pagina > 1:
        inhoud["vorige"] = link(pagina - 1)
    if pagina < laatste:
        inhoud["volgende"] = link(pagina + 1)
        inhoud["links"].append({"rel": "next", "href": link(pagina + 1)})
    return Antwoord(200, inhoud, vertraging=vertraging)


def adres(soort: str, straat: str, huisnummer: int, postcode: str, plaats: str = "Demodam",
          **extra: Any) -> dict[str, Any]:
    """An Adres of the Basisprofiel API."""
    return {"type": soort, "indAfgeschermd": "Nee",
            "volledigAdres": f"{straat} {huisnummer} {postcode} {plaats}",
            "straatnaam": straat, "huisnummer": huisnummer, "postcode": postcode,
            "plaats": plaats, "land": "Nederland", **extra}


def hoofdvestiging(kvk: str = HAVEN_KVK) -> dict[str, Any]:
    """The port company's hoofdvestiging: a postal address listed before the visiting one."""
    return {
        "vestigingsnummer": HAVEN_VESTIGING, "kvkNummer": kvk,
        "eersteHandelsnaam": "Havenbedrijf Demodam", "indHoofdvestiging": "Ja",
        "indCommercieleVestiging": "Ja", "totaalWerkzamePersonen": 212,
        "adressen": [
            {"type": "correspondentieadres", "indAfgeschermd": "Nee", "postbusnummer": 4500,
             "postcode": "3089ZZ", "plaats": "Demodam", "land": "Nederland"},
            adres("bezoekadres", "Kaaiweg", 100, "3089KA", huisletter="A",
                  huisnummerToevoeging="2"),
        ],
        "websites": ["www.havenbedrijf-demodam.example"],
        "sbiActiviteiten": [{"sbiCode": "5222", "sbiOmschrijving": "Dienstverlening voor de "
                             "zeevaart", "indHoofdactiviteit": "Ja"}],
    }


def eigenaar(rechtsvorm: str = "BeslotenVennootschap",
             uitgebreid: str | None = None) -> dict[str, Any]:
    e: dict[str, Any] = {"rsin": HAVEN_RSIN, "rechtsvorm": rechtsvorm,
                         "adressen": [adres("bezoekadres", "Kaaiweg", 100, "3089KA")],
                         "websites": ["www.havenbedrijf-demodam.example"]}
    if uitgebreid:
        e["uitgebreideRechtsvorm"] = uitgebreid
    return e


def basisprofiel(kvk: str = HAVEN_KVK, *, ingebed: bool = True) -> dict[str, Any]:
    """The Basisprofiel of the port company; ``ingebed=False`` leaves out ``_embedded``."""
    profiel: dict[str, Any] = {
        "kvkNummer": kvk, "indNonMailing": "Ja", "naam": "Havenbedrijf Demodam B.V.",
        "formeleRegistratiedatum": "19980401",
        "materieleRegistratie": {"datumAanvang": "19980401"},
        "totaalWerkzamePersonen": 212, "statutaireNaam": "Havenbedrijf Demodam B.V.",
        "handelsnamen": [{"naam": "Havenbedrijf Demodam B.V.", "volgorde": 0},
                         {"naam": "Havenbedrijf Demodam", "volgorde": 1}],
        "sbiActiviteiten": [{"sbiCode": "5222", "sbiOmschrijving": "Dienstverlening voor de "
                             "zeevaart", "indHoofdactiviteit": "Ja"}],
        "links": [{"rel": "self",
                   "href": f"https://api.kvk.nl/test/api/v1/basisprofielen/{kvk}"}],
    }
    if ingebed:
        profiel["_embedded"] = {"hoofdvestiging": hoofdvestiging(kvk),
                                "eigenaar": eigenaar(uitgebreid="Besloten Vennootschap")}
    return profiel
