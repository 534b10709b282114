"""From the JSON of KvK Zoeken and Basisprofiel to werkplek's Bedrijf.

Every field of those APIs is optional in their specs, so each one is read defensively: a
missing or mistyped field is left empty. Only what makes a result unusable (no KvK number, a
body that is not an object) is an error of the source (``Onleesbaar``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from stdnum.nl import bsn
from werkplek_rest import Json, Onleesbaar

from werkplek.domain.model import Adres, Bedrijf

KVK_NUMMER = re.compile(r"\d{8}")
RSIN = re.compile(r"\d{9}")
"""A rechtspersoon's RSIN; a one-man business has none (KvK then gives none, or the
owner's BSN, which werkplek never keeps: only a number that passes as RSIN is used)."""
VESTIGINGSNUMMER = re.compile(r"\d{12}")

_VOORKEUR = {"hoofdvestiging": 0, "rechtspersoon": 1, "nevenvestiging": 2}
"""Which Zoeken result stands for the company when one KvK number comes back more than once:
the hoofdvestiging (its trade name and address), else the rechtspersoon, else a vestiging."""


def bedrijven_uit_zoeken(items: Iterable[Json], bron: str, bronnaam: str) -> list[Bedrijf]:
    """One Bedrijf per KvK number, in the order KvK gave them (the Zoeken API returns a
    result per hoofdvestiging, nevenvestiging and rechtspersoon)."""
    beste: dict[str, tuple[int, Mapping[str, Any]]] = {}
    rsins: dict[str, str] = {}
    for item in items:
        if not isinstance(item, Mapping):
            raise Onleesbaar(f"{bronnaam} gaf een onleesbaar zoekresultaat terug.")
        kvk = item.get("kvkNummer")
        if not isinstance(kvk, str) or not KVK_NUMMER.fullmatch(kvk):
            raise Onleesbaar(f"{bronnaam} gaf een zoekresultaat zonder geldig KvK-nummer terug.")
        rang = _VOORKEUR.get(_tekst(item, "type"), len(_VOORKEUR))
        if kvk not in beste or rang < beste[kvk][0]:
            beste[kvk] = (rang, item)
        if rsin := _nummer(item, "rsin", RSIN):  # on the rechtspersoon's result
            rsins.setdefault(kvk, rsin)
    return [Bedrijf(kvk_nummer=kvk, naam=_tekst(item, "naam") or _tekst(item, "vervallenNaam"),
                    rechtsvorm="", adres=_zoekadres(item.get("adres")), bron=bron,
                    rsin=rsins.get(kvk, ""),
                    vestigingsnummer=_nummer(item, "vestigingsnummer", VESTIGINGSNUMMER))
            for kvk, (_, item) in beste.items()]


def bedrijf_uit_profiel(kvk_nummer: str, profiel: Mapping[str, Any],
                        hoofdvestiging: Mapping[str, Any] | None,
                        eigenaar: Mapping[str, Any] | None, bron: str) -> Bedrijf:
    """The Basisprofiel with its hoofdvestiging (address) and eigenaar (rechtsvorm)."""
    vestiging = hoofdvestiging or {}
    handelsnamen = [_tekst(h, "naam") for h in _lijst(profiel.get("handelsnamen"))
                    if isinstance(h, Mapping)]
    naam = (_tekst(profiel, "naam") or _tekst(profiel, "statutaireNaam")
            or _tekst(vestiging, "eersteHandelsnaam") or next(filter(None, handelsnamen), ""))
    eig = eigenaar or {}
    rechtsvorm = _tekst(eig, "uitgebreideRechtsvorm") or _tekst(eig, "rechtsvorm")
    return Bedrijf(kvk_nummer=kvk_nummer, naam=naam, rechtsvorm=leesbaar(rechtsvorm),
                   adres=_profieladres(_lijst(vestiging.get("adressen"))), bron=bron,
                   rsin=_nummer(eig, "rsin", RSIN) or _nummer(profiel, "rsin", RSIN),
                   vestigingsnummer=_nummer(vestiging, "vestigingsnummer", VESTIGINGSNUMMER))


def leesbaar(rechtsvorm: str) -> str:
    """KvK writes some rechtsvormen as one word ("BeslotenVennootschap"); split those."""
    if " " in rechtsvorm or not re.search(r"[a-z][A-Z]", rechtsvorm):
        return rechtsvorm
    woorden = re.findall(r"[A-Z][a-z]*|[a-z]+", rechtsvorm)
    return " ".join([woorden[0], *(w.lower() for w in woorden[1:])])


def _zoekadres(adres: object) -> Adres | None:
    if not isinstance(adres, Mapping):
        return None
    binnen = adres.get("binnenlandsAdres")
    if isinstance(binnen, Mapping) and (a := _binnenlands(binnen, huisnummer_toevoeging="")):
        return a
    buiten = adres.get("buitenlandsAdres")
    return _buitenlands(buiten) if isinstance(buiten, Mapping) else None


def _profieladres(adressen: list[Any]) -> Adres | None:
    """The bezoekadres, else the first address that has something to show."""
    kandidaten = sorted((a for a in adressen if isinstance(a, Mapping)),
                        key=lambda a: _tekst(a, "type").lower() != "bezoekadres")
    for a in kandidaten:
        gevonden = (_binnenlands(a, huisnummer_toevoeging=_tekst(a, "huisnummerToevoeging"))
                    or _buitenlands(a))
        if gevonden:
            return gevonden
    return None


def _binnenlands(a: Mapping[str, Any], huisnummer_toevoeging: str) -> Adres | None:
    postcode = _postcode(_tekst(a, "postcode"))
    plaats = _tekst(a, "plaats")
    straat = _tekst(a, "straatnaam")
    nummer = _getal(a.get("huisnummer"))
    if straat or nummer is not None:
        huisnummer = ("" if nummer is None else str(nummer)) + _tekst(a, "huisletter")
        if huisnummer_toevoeging:
            huisnummer += f"-{huisnummer_toevoeging}"
        return Adres(straat, huisnummer, postcode, plaats)
    if (postbus := _getal(a.get("postbusnummer"))) is not None:
        return Adres("Postbus", str(postbus), postcode, plaats)
    if postcode or plaats:
        return Adres("", "", postcode, plaats)
    return None


def _buitenlands(a: Mapping[str, Any]) -> Adres | None:
    straat = _tekst(a, "straatHuisnummer")
    plaats = ", ".join(filter(None, [_tekst(a, "postcodeWoonplaats"), _tekst(a, "land")]))
    return Adres(straat, "", "", plaats) if straat or plaats else None


def _postcode(p: str) -> str:
    """``1234AB`` as werkplek shows it: ``1234 AB``."""
    compact = p.replace(" ", "").upper()
    return f"{compact[:4]} {compact[4:]}" if re.fullmatch(r"\d{4}[A-Z]{2}", compact) else p


def _nummer(d: Mapping[str, Any], sleutel: str, vorm: re.Pattern[str]) -> str:
    """A number field of the right shape (and, for an RSIN, passing the elfproef), else ""."""
    waarde = _tekst(d, sleutel)
    if not vorm.fullmatch(waarde):
        return ""
    return waarde if vorm is not RSIN or bsn.is_valid(waarde) else ""


def _tekst(d: Mapping[str, Any], sleutel: str) -> str:
    waarde = d.get(sleutel)
    return waarde.strip() if isinstance(waarde, str) else ""


def _getal(waarde: object) -> int | None:
    return waarde if isinstance(waarde, int) and not isinstance(waarde, bool) else None


def _lijst(waarde: object) -> list[Any]:
    return waarde if isinstance(waarde, list) else []
