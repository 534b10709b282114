"""A small BRP for the contract tests: fictional persons and a ``POST /personen`` handler.

The persons are written for this project (the Burger family and their neighbours in
Demodam; test BSNs that pass the elfproef). The handler behaves as BRP Personen bevragen 2
does where it matters to a client:

* it finds persons per operation (BSN, geslachtsnaam + geboortedatum, postcode +
  huisnummer) and answers other operations with an empty list;
* it checks ``fields`` against the spec's own schemas: a path the answer type does not have
  (``verblijfplaats`` in a search: a PersoonBeperkt has none) or a field the API delivers
  unasked (``geheimhoudingPersoonsgegevens``) is a 400, as the spec describes;
* it returns only the fields asked for, plus what the API always delivers
  (``geheimhoudingPersoonsgegevens``), so a plugin that forgets to ask for a field it maps
  gets nothing for it.

The Contractserver checks every request and every answer against the spec besides.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from tests.contract.server import Antwoord, Verzoek, spec_tekst

SPEC = "brp-personen-openapi.yaml"
PROBLEEM = "application/problem+json"

BERT_BSN = "999993653"
SANNE_BSN = "999990019"
THIJS_BSN = "999990020"
JAN_BSN = "999991103"
FATIMA_BSN = "999992211"
INGRID_BSN = "999990044"
LUCA_BSN = "999990032"
ONBEKEND_BSN = "999990056"
"""Passes the elfproef, but the BRP here does not know it."""

ALTIJD_GELEVERD = ("inOnderzoek", "geheimhoudingPersoonsgegevens", "opschortingBijhouding",
                   "rni", "verificatie")
"""Fields the API delivers unasked; asking for them in ``fields`` is a 400."""

_MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
            "september", "oktober", "november", "december")

# -- persons ----------------------------------------------------------------------------------


def datum(d: date) -> dict[str, Any]:
    return {"type": "Datum", "datum": d.isoformat(),
            "langFormaat": f"{d.day} {_MAANDEN[d.month - 1]} {d.year}"}


def adres(straat: str, huisnummer: int, postcode: str, woonplaats: str, *,
          huisletter: str = "", toevoeging: str = "", korte_naam: str = "") -> dict[str, Any]:
    """A domestic verblijfplaats (type Adres) of the BAG."""
    verblijfadres: dict[str, Any] = {
        "officieleStraatnaam": straat, "korteStraatnaam": korte_naam or straat,
        "huisnummer": huisnummer, "postcode": postcode, "woonplaats": woonplaats}
    if huisletter:
        verblijfadres["huisletter"] = huisletter
    if toevoeging:
        verblijfadres["huisnummertoevoeging"] = toevoeging
    return {"type": "Adres", "verblijfadres": verblijfadres,
            "adresseerbaarObjectIdentificatie": "0599010000123456",
            "nummeraanduidingIdentificatie": "0599200000123456",
            "functieAdres": {"code": "W", "omschrijving": "woonadres"},
            "datumVan": datum(date(2015, 6, 1))}


def _adressering(verblijfplaats: Mapping[str, Any]) -> dict[str, Any]:
    """The address lines the API derives from the verblijfplaats."""
    a = verblijfplaats["verblijfadres"]
    if verblijfplaats["type"] == "Adres":
        nummer = f"{a['huisnummer']}{a.get('huisletter', '')}"
        if a.get("huisnummertoevoeging"):
            nummer += f"-{a['huisnummertoevoeging']}"
        pc = a["postcode"]
        return {"adresregel1": f"{a['korteStraatnaam']} {nummer}",
                "adresregel2": f"{pc[:4]} {pc[4:]}  {a['woonplaats'].upper()}"}
    return {"adresregel1": a["regel1"], "adresregel2": a["regel2"], "land": a["land"]}


def persoon(bsn: str, naamdelen: tuple[str, str, str], geboren: dict[str, Any],
            verblijfplaats: dict[str, Any], *, geslacht: str = "M",
            geheimhouding: bool = False) -> dict[str, Any]:
    """A person as the BRP holds it (more than any client asks for); ``naamdelen`` are
    voornamen, voorvoegsel and geslachtsnaam."""
    voornamen, voorvoegsel, geslachtsnaam = naamdelen
    naam: dict[str, Any] = {"voornamen": voornamen, "geslachtsnaam": geslachtsnaam,
                            "voorletters": "".join(f"{v[0]}." for v in voornamen.split())}
    if voorvoegsel:
        naam["voorvoegsel"] = voorvoegsel
    naam["volledigeNaam"] = " ".join(d for d in (voornamen, voorvoegsel, geslachtsnaam) if d)
    p: dict[str, Any] = {
        "burgerservicenummer": bsn,
        "aNummer": "1" + bsn,
        "naam": naam,
        "geboorte": {"datum": geboren, "plaats": {"code": "0599", "omschrijving": "Demodam"},
                     "land": {"code": "6030", "omschrijving": "Nederland"}},
        "geslacht": {"code": geslacht, "omschrijving": "man" if geslacht == "M" else "vrouw"},
        "nationaliteiten": [{"type": "Nationaliteit",
                             "nationaliteit": {"code": "0001", "omschrijving": "Nederlandse"}}],
        "gemeenteVanInschrijving": {"code": "0599", "omschrijving": "Demodam"},
        "verblijfplaats": verblijfplaats,
        "adressering": _adressering(verblijfplaats),
    }
    if geheimhouding:
        p["geheimhoudingPersoonsgegevens"] = True
    return p


HAVENSTRAAT_12 = adres("Havenstraat", 12, "3011AB", "Demodam")

BERT = persoon(BERT_BSN, ("Bert", "", "Burger"), datum(date(1980, 3, 14)), HAVENSTRAAT_12)
SANNE = persoon(SANNE_BSN, ("Sanne", "", "Burger"), datum(date(2012, 9, 3)), HAVENSTRAAT_12,
                geslacht="V")
THIJS = persoon(THIJS_BSN, ("Thijs", "", "Burger"), datum(date(2015, 5, 21)), HAVENSTRAAT_12)
JAN = persoon(JAN_BSN, ("Jan", "", "Burger"), datum(date(1944, 6, 2)),
              adres("Lindelaan", 3, "3071DE", "Demodam"))
FATIMA = persoon(FATIMA_BSN, ("Fatima", "el", "Amrani"), datum(date(1991, 11, 23)),
                 adres("Kade", 7, "3011AB", "Demodam", huisletter="B"), geslacht="V",
                 geheimhouding=True)
INGRID = persoon(INGRID_BSN, ("Ingrid Maria", "van der", "Berg"), datum(date(1968, 2, 29)),
                 adres("Burgemeester van Walsumweg", 5, "3072XY", "Demodam", toevoeging="2",
                       korte_naam="Burg van Walsumweg"),
                 geslacht="V")
LUCA = persoon(LUCA_BSN, ("Luca", "", "Peeters"), {"type": "JaarDatum", "jaar": 1975,
                                                  "langFormaat": "1975"},
               {"type": "VerblijfplaatsBuitenland",
                "verblijfadres": {"regel1": "Rue de la Loi 42", "regel2": "1040 Bruxelles",
                                  "land": {"code": "5010", "omschrijving": "België"}}})

PERSONEN = (BERT, SANNE, THIJS, JAN, FATIMA, INGRID, LUCA)


# -- what ``fields`` may name, read from the spec ---------------------------------------------


def _spec() -> dict[str, Any]:
    return spec_tekst(SPEC)


def _los(schema: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    ref = schema.get("$ref")
    if not isinstance(ref, str):
        return "", schema
    return ref, _spec()["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def _eigenschappen(schema: Mapping[str, Any], gezien: frozenset[str] = frozenset()
                   ) -> dict[str, list[Mapping[str, Any]]]:
    """All properties of a schema, each with every schema it may have: its own, those of
    its allOf parts, and those of every schema its discriminator maps to (a verblijfplaats
    is any of four types, each with its own verblijfadres)."""
    ref, schema = _los(schema)
    if ref in gezien:
        return {}
    if ref:
        gezien |= {ref}
    uit: dict[str, list[Mapping[str, Any]]] = {
        naam: [sub] for naam, sub in (schema.get("properties") or {}).items()}
    delen = [*(schema.get("allOf") or ()), *(
        {"$ref": doel} for doel in ((schema.get("discriminator") or {}).get("mapping") or {}
                                    ).values())]
    for deel in delen:
        for naam, subs in _eigenschappen(deel, gezien).items():
            uit.setdefault(naam, []).extend(subs)
    return uit


def _paden(schema: Mapping[str, Any], voor: str = "", diepte: int = 0) -> Iterator[str]:
    for naam, subs in _eigenschappen(schema).items():
        pad = voor + naam
        yield pad
        for sub in subs:
            _, opgelost = _los(sub)
            if opgelost.get("type") == "array":
                opgelost = opgelost.get("items") or {}
            if diepte < 5:
                yield from _paden(opgelost, pad + ".", diepte + 1)


@functools.cache
def veldpaden(schema: str) -> frozenset[str]:
    """The paths ``fields`` may name for answers of ``schema`` (Persoon, PersoonBeperkt)."""
    return frozenset(p for p in _paden({"$ref": f"#/components/schemas/{schema}"})
                     if p.split(".")[0] not in ALTIJD_GELEVERD
                     and "inOnderzoek" not in p.split("."))


# -- the handler ------------------------------------------------------------------------------


def probleem(status: int, titel: str, code: str, **extra: Any) -> Antwoord:
    """An RFC 7807 answer as the spec describes it (its title allows no commas or colons);
    the Contractserver checks it against the spec like every other answer."""
    inhoud = {"type": "https://www.rfc-editor.org/rfc/rfc9110", "title": titel,
              "status": status, "code": code, **extra}
    return Antwoord(status, inhoud, soort=PROBLEEM)


def _gevraagd(bron: Mapping[str, Any], pad: Sequence[str], doel: dict[str, Any]) -> None:
    kop, *rest = pad
    if kop not in bron:
        return
    if not rest or not isinstance(bron[kop], dict):
        doel[kop] = copy.deepcopy(bron[kop])
        return
    sub = bron[kop]
    # an object of a discriminated type keeps its type, as the API delivers it
    _gevraagd(sub, rest, doel.setdefault(kop, {"type": sub["type"]} if "type" in sub else {}))


def beperkt(p: Mapping[str, Any], velden: Sequence[str]) -> dict[str, Any]:
    """The person with only the fields asked for, and what the API always delivers."""
    uit: dict[str, Any] = {}
    for veld in velden:
        _gevraagd(p, veld.split("."), uit)
    for veld in ALTIJD_GELEVERD:
        if veld in p:
            uit[veld] = copy.deepcopy(p[veld])
    return uit


def _naam_past(p: Mapping[str, Any], vraag: Mapping[str, Any]) -> bool:
    naam = p["naam"]
    gezocht = vraag["geslachtsnaam"].lower()
    achternaam = naam["geslachtsnaam"].lower()
    if not (achternaam.startswith(gezocht[:-1]) if gezocht.endswith("*")
            else achternaam == gezocht):
        return False
    if "voorvoegsel" in vraag and vraag["voorvoegsel"].lower() != naam.get(
            "voorvoegsel", "").lower():
        return False
    geboren: Mapping[str, Any] = p["geboorte"]["datum"]
    return bool(geboren.get("datum") == vraag["geboortedatum"])


def _adres_past(p: Mapping[str, Any], vraag: Mapping[str, Any]) -> bool:
    if p["verblijfplaats"]["type"] != "Adres":
        return False
    a = p["verblijfplaats"]["verblijfadres"]
    return (a["postcode"] == vraag["postcode"].replace(" ", "").upper()
            and a["huisnummer"] == vraag["huisnummer"]
            and ("huisletter" not in vraag
                 or vraag["huisletter"].upper() == a.get("huisletter", "").upper())
            and ("huisnummertoevoeging" not in vraag
                 or vraag["huisnummertoevoeging"].upper()
                 == a.get("huisnummertoevoeging", "").upper()))


class NepBrp:
    """``POST /personen`` over a list of persons; route it with ``server.route``."""

    def __init__(self, personen: Sequence[Mapping[str, Any]] = PERSONEN) -> None:
        self.personen = list(personen)

    def __call__(self, verzoek: Verzoek) -> Antwoord:
        vraag = verzoek.json()
        soort = vraag["type"]
        schema = "Persoon" if soort == "RaadpleegMetBurgerservicenummer" else "PersoonBeperkt"
        toegestaan = veldpaden(schema)
        fout = [v for v in vraag["fields"] if v not in toegestaan]
        if fout:
            reden = "Parameter bevat een niet bestaande veldnaam."
            return probleem(400, "Een of meer parameters zijn niet correct.", "paramsValidation",
                            invalidParams=[{"name": "fields", "code": "fields", "reason": reden}
                                           for _ in fout])
        if soort == "RaadpleegMetBurgerservicenummer":
            gevonden = [p for p in self.personen
                        if p["burgerservicenummer"] in vraag["burgerservicenummer"]]
        elif soort == "ZoekMetGeslachtsnaamEnGeboortedatum":
            gevonden = [p for p in self.personen if _naam_past(p, vraag)]
        elif soort == "ZoekMetPostcodeEnHuisnummer":
            gevonden = [p for p in self.personen if _adres_past(p, vraag)]
        else:
            gevonden = []
        return Antwoord(200, {"type": soort,
                              "personen": [beperkt(p, vraag["fields"]) for p in gevonden]})
