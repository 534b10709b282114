"""Request bodies of BRP Personen bevragen 2 and the mapping of its answers onto Persoon.

Only the fields the klantbeeld shows are asked (``fields``, data minimisation): name parts,
birth date and address. ``geheimhoudingPersoonsgegevens`` is delivered by the API
unasked (the spec forbids it in ``fields``) and becomes ``Persoon.geheimhouding``.

Raadplegen answers with a full Persoon, whose ``verblijfplaats`` is structured; the Zoek…
operations answer with a PersoonBeperkt, which has no verblijfplaats, only the ready-made
address lines of ``adressering``; those lines are split into an Adres here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from werkplek_rest import Onleesbaar

from werkplek.domain.model import Adres, Persoon
from werkplek.ports import BronFout

RAADPLEEG_VELDEN: tuple[str, ...] = (
    "burgerservicenummer",
    "naam.voornamen",
    "naam.voorvoegsel",
    "naam.geslachtsnaam",
    "geboorte.datum",
    # type Adres (binnenland)
    "verblijfplaats.verblijfadres.officieleStraatnaam",
    "verblijfplaats.verblijfadres.korteStraatnaam",
    "verblijfplaats.verblijfadres.huisnummer",
    "verblijfplaats.verblijfadres.huisletter",
    "verblijfplaats.verblijfadres.huisnummertoevoeging",
    "verblijfplaats.verblijfadres.postcode",
    "verblijfplaats.verblijfadres.woonplaats",
    # type VerblijfplaatsBuitenland
    "verblijfplaats.verblijfadres.regel1",
    "verblijfplaats.verblijfadres.regel2",
    "verblijfplaats.verblijfadres.regel3",
    "verblijfplaats.verblijfadres.land",
    # type Locatie (woonboot, woonwagen)
    "verblijfplaats.verblijfadres.locatiebeschrijving",
)
"""``fields`` of RaadpleegMetBurgerservicenummer."""

ZOEK_VELDEN: tuple[str, ...] = (
    "burgerservicenummer",
    "naam.voornamen",
    "naam.voorvoegsel",
    "naam.geslachtsnaam",
    "geboorte.datum",
    "adressering.adresregel1",
    "adressering.adresregel2",
    "adressering.adresregel3",
    "adressering.land",
)
"""``fields`` of the Zoek… operations (a PersoonBeperkt has no verblijfplaats)."""

RAADPLEGEN = "RaadpleegMetBurgerservicenummer"
ZOEK_NAAM = "ZoekMetGeslachtsnaamEnGeboortedatum"
ZOEK_ADRES = "ZoekMetPostcodeEnHuisnummer"

_BSN = re.compile(r"[0-9]{9}")
_GESLACHTSNAAM = re.compile(r"^[a-zA-Z0-9À-ž \.\-\']{1,200}$|^[a-zA-Z0-9À-ž \.\-\']{3,199}\*$")
_VOORVOEGSEL = re.compile(r"[a-zA-Z \']{1,10}")
_VOORVOEGSELS = frozenset({
    "van", "de", "der", "den", "het", "'t", "te", "ter", "ten", "in", "op", "onder", "over",
    "uit", "aan", "bij", "tot", "voor", "el", "al", "la", "le", "les", "l'", "d'", "du",
    "des", "da", "di", "del", "della", "dos", "do", "von", "vom", "zu", "zum", "zur", "'s",
})
"""Common Dutch and foreign surname prefixes (a part of the BRP's Voorvoegseltabel)."""
_HUISNUMMER = re.compile(r"(\d{1,5})[\s-]*([A-Z0-9 -]{0,6})")
_POSTCODE_WOONPLAATS = re.compile(r"([1-9]\d{3}) ?([A-Z]{2})\s+(\S.*)")
_STRAAT_HUISNUMMER = re.compile(r"(.*\S)\s+(\d{1,5}\S*(?:\s[A-Za-z0-9-]{1,4})?)")

Json = Any


def is_bsn(waarde: str) -> bool:
    """Nine digits: what the API accepts; the elfproef was done where the BSN was typed."""
    return bool(_BSN.fullmatch(waarde))


def raadpleegvraag(bsn: str) -> dict[str, Any]:
    return {"type": RAADPLEGEN, "burgerservicenummer": [bsn], "fields": list(RAADPLEEG_VELDEN)}


def naamvraag(naam: str, geboortedatum: date, bron: str) -> dict[str, Any]:
    """ZoekMetGeslachtsnaamEnGeboortedatum; a leading voorvoegsel ("van der Berg") is sent
    apart, as the BRP stores it. Raises BronFout for a name the API cannot search on."""
    voorvoegsel, geslachtsnaam = splits_voorvoegsel(" ".join(naam.split()))
    if not _GESLACHTSNAAM.match(geslachtsnaam):
        raise BronFout(f"{bron} zoekt alleen op een achternaam van letters, spaties, punten, "
                       "apostrofs en streepjes (met * aan het eind na minstens drie letters); "
                       "pas de zoekvraag aan.")
    vraag: dict[str, Any] = {"type": ZOEK_NAAM, "geslachtsnaam": geslachtsnaam,
                             "geboortedatum": geboortedatum.isoformat()}
    if voorvoegsel:
        vraag["voorvoegsel"] = voorvoegsel
    vraag["fields"] = list(ZOEK_VELDEN)
    return vraag


def splits_voorvoegsel(naam: str) -> tuple[str, str]:
    """("van der", "Berg") for "van der Berg"; ("", naam) when it has no known prefix."""
    woorden = naam.split(" ")
    n = 0
    while n < len(woorden) - 1 and woorden[n].lower() in _VOORVOEGSELS:
        n += 1
    voorvoegsel = " ".join(woorden[:n]).lower()
    if n == 0 or not _VOORVOEGSEL.fullmatch(voorvoegsel):
        return "", naam
    return voorvoegsel, " ".join(woorden[n:])


def adresvraag(postcode: str, huisnummer: str, bron: str) -> dict[str, Any]:
    """ZoekMetPostcodeEnHuisnummer; "7B" is huisnummer 7 with huisletter B, "12-2" and
    "12 bis" carry a huisnummertoevoeging. Raises BronFout for a number the API cannot take."""
    m = _HUISNUMMER.fullmatch(huisnummer.strip().upper())
    nummer = int(m[1]) if m else 0
    if m is None or not 1 <= nummer <= 99999:
        raise BronFout(f"{bron} zoekt op een huisnummer van 1 tot en met 99999, eventueel met "
                       "huisletter en toevoeging (zoals 12, 7B of 12-2).")
    vraag: dict[str, Any] = {"type": ZOEK_ADRES, "postcode": postcode.replace(" ", "").upper(),
                             "huisnummer": nummer}
    rest = m[2].strip(" -")
    if rest:
        letter = re.fullmatch(r"([A-Z])(?:[\s-]*([A-Z0-9]{1,4}))?", rest)
        if letter and not (rest.isalpha() and len(rest) > 1):
            vraag["huisletter"] = letter[1]
            if letter[2]:
                vraag["huisnummertoevoeging"] = letter[2]
        elif re.fullmatch(r"[A-Z0-9]{1,4}", rest):
            vraag["huisnummertoevoeging"] = rest
        else:
            raise BronFout(f"{bron} kan de huisletter of toevoeging in dit huisnummer niet "
                           "lezen; schrijf het huisnummer als 12, 7B of 12-2.")
    vraag["fields"] = list(ZOEK_VELDEN)
    return vraag


# -- answers --------------------------------------------------------------------------------


def personen(antwoord: Json, bron: str, bronnaam: str) -> list[Persoon]:
    """The persons of a PersonenQueryResponse; anything not as the spec promises is
    Onleesbaar (a BronFout). ``bron`` goes into Persoon.bron, ``bronnaam`` into messages."""
    if not isinstance(antwoord, dict) or not isinstance(antwoord.get("personen", []), list):
        raise Onleesbaar(f"{bronnaam} gaf een onleesbaar antwoord (geen lijst personen).")
    return [_persoon(p, bron, bronnaam) for p in antwoord.get("personen", [])]


def _persoon(p: Json, bron: str, bronnaam: str) -> Persoon:
    if not isinstance(p, dict):
        raise Onleesbaar(f"{bronnaam} gaf een onleesbare persoon terug.")
    bsn = p.get("burgerservicenummer")
    if not isinstance(bsn, str) or not is_bsn(bsn):
        raise Onleesbaar(f"{bronnaam} gaf een persoon zonder geldig burgerservicenummer terug.")
    naam = _object(p, "naam", bronnaam)
    geboorte = _object(p, "geboorte", bronnaam)
    if "verblijfplaats" in p:
        adres = _verblijfplaats(_object(p, "verblijfplaats", bronnaam), bronnaam)
    else:
        adres = _adressering(_object(p, "adressering", bronnaam), bronnaam)
    return Persoon(
        bsn=bsn,
        voornamen=_tekst(naam, "voornamen", bronnaam),
        voorvoegsel=_tekst(naam, "voorvoegsel", bronnaam),
        geslachtsnaam=_tekst(naam, "geslachtsnaam", bronnaam),
        geboortedatum=datum(geboorte.get("datum"), bronnaam),
        adres=adres,
        geheimhouding=p.get("geheimhoudingPersoonsgegevens") is True,
        bron=bron,
    )


def datum(waarde: Json, bronnaam: str) -> date:
    """An AbstractDatum as a date. The domain has no partial dates: a date of which only the
    year (and month) is known becomes the first day of that year (month); an unknown or
    missing date becomes ``date.min``, which no real birth date can be."""
    if waarde is None:
        return date.min
    try:
        soort = waarde["type"]
        if soort == "Datum":
            return date.fromisoformat(waarde["datum"])
        if soort == "JaarMaandDatum":
            return date(int(waarde["jaar"]), int(waarde["maand"]), 1)
        if soort == "JaarDatum":
            return date(int(waarde["jaar"]), 1, 1)
        if soort == "DatumOnbekend":
            return date.min
    except (TypeError, KeyError, ValueError):
        pass
    raise Onleesbaar(f"{bronnaam} gaf een onleesbare datum terug.")


def _verblijfplaats(v: Mapping[str, Any], bronnaam: str) -> Adres | None:
    soort = v.get("type")
    a = _object(v, "verblijfadres", bronnaam)
    if soort == "Adres":
        nummer = a.get("huisnummer")
        if nummer is not None and (isinstance(nummer, bool) or not isinstance(nummer, int)):
            raise Onleesbaar(f"{bronnaam} gaf een onleesbaar huisnummer terug.")
        toevoeging = _tekst(a, "huisnummertoevoeging", bronnaam)
        huisnummer = (f"{nummer if nummer is not None else ''}"
                      f"{_tekst(a, 'huisletter', bronnaam)}"
                      + (f"-{toevoeging}" if toevoeging else ""))
        return Adres(
            straat=(_tekst(a, "officieleStraatnaam", bronnaam)
                    or _tekst(a, "korteStraatnaam", bronnaam)),
            huisnummer=huisnummer,
            postcode=_tekst(a, "postcode", bronnaam).replace(" ", "").upper(),
            woonplaats=_tekst(a, "woonplaats", bronnaam))
    if soort == "VerblijfplaatsBuitenland":
        land = _object(a, "land", bronnaam)
        plaats = [_tekst(a, "regel2", bronnaam), _tekst(a, "regel3", bronnaam),
                  _tekst(land, "omschrijving", bronnaam)]
        return Adres(straat=_tekst(a, "regel1", bronnaam), huisnummer="", postcode="",
                     woonplaats=", ".join(d for d in plaats if d))
    if soort == "Locatie":
        return Adres(straat=_tekst(a, "locatiebeschrijving", bronnaam), huisnummer="",
                     postcode="", woonplaats="")
    return None  # VerblijfplaatsOnbekend, or a kind this version does not know


def _adressering(a: Mapping[str, Any], bronnaam: str) -> Adres | None:
    """The address lines of a search result as an Adres: "Havenstraat 12" and
    "3011 AB  DEMODAM" in Nederland; the lines as they are for an address abroad."""
    regels = [_tekst(a, f"adresregel{i}", bronnaam) for i in (1, 2, 3)]
    land = _tekst(_object(a, "land", bronnaam), "omschrijving", bronnaam)
    if not any(regels):
        return None
    pw = _POSTCODE_WOONPLAATS.fullmatch(regels[1].strip())
    if pw and not land and not regels[2]:
        sh = _STRAAT_HUISNUMMER.fullmatch(regels[0].strip())
        straat, huisnummer = (sh[1], sh[2].replace(" ", "")) if sh else (regels[0].strip(), "")
        return Adres(straat=straat, huisnummer=huisnummer, postcode=pw[1] + pw[2],
                     woonplaats=pw[3].strip())
    return Adres(straat=regels[0], huisnummer="", postcode="",
                 woonplaats=", ".join(d for d in (*regels[1:], land) if d))


def _object(ouder: Mapping[str, Any], naam: str, bronnaam: str) -> Mapping[str, Any]:
    waarde = ouder.get(naam)
    if waarde is None:
        return {}
    if not isinstance(waarde, dict):
        raise Onleesbaar(f"{bronnaam} gaf een onleesbaar antwoord ({naam}).")
    return waarde


def _tekst(ouder: Mapping[str, Any], naam: str, bronnaam: str) -> str:
    waarde = ouder.get(naam)
    if waarde is None:
        return ""
    if not isinstance(waarde, str):
        raise Onleesbaar(f"{bronnaam} gaf een onleesbaar antwoord ({naam}).")
    return waarde.strip()
