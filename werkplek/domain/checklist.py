"""Checklists: the questions that get everything on the table in one go, and what follows.

A checklist is data, written by beheerders in TOML (see docs/checklists.md). This module
turns the parsed TOML into frozen types, refusing anything it cannot use with the place
and the reason, and evaluates a checklist as the agent fills it in: which questions show,
which required ones are still open, and which products the outcome rules suggest.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from werkplek.domain import invoer
from werkplek.domain.invoer import OngeldigeInvoer
from werkplek.domain.model import ChecklistAntwoord

Waarde = bool | str | date | int | Decimal
"""An answer: ja/nee is bool, keuze and tekst are str, getal is int, bedrag is Decimal."""

MAX_BEDRAG = Decimal("100000000")
MAX_ANTWOORD = 2000


class Vraagsoort(enum.StrEnum):
    JA_NEE = "ja_nee"
    KEUZE = "keuze"
    TEKST = "tekst"
    DATUM = "datum"
    GETAL = "getal"
    BEDRAG = "bedrag"


Plek = tuple[str | int, ...]
"""Where in a checklist file something is: ("vraag", 2, "soort") is the third question's soort."""


class ChecklistFout(Exception):
    """A checklist definition that cannot be used; ``plek`` points into the file."""

    def __init__(self, plek: Plek, reden: str) -> None:
        super().__init__(reden)
        self.plek = plek
        self.reden = reden


@dataclass(frozen=True, slots=True)
class Voorwaarde:
    """One condition on the answer to one question; ``op`` says how it is compared."""

    vraag: str
    op: str
    """is, een_van, niet, minstens, hoogstens, na, voor, ingevuld"""
    waarde: Any

    def geldt(self, antwoord: Waarde | None) -> bool:
        if self.op == "ingevuld":
            return (antwoord is not None) is bool(self.waarde)
        if antwoord is None:
            return False
        match self.op:
            case "is":
                return bool(antwoord == self.waarde)
            case "een_van":
                return antwoord in self.waarde
            case "niet":
                return antwoord not in self.waarde
            case "minstens":
                return bool(antwoord >= self.waarde)
            case "hoogstens":
                return bool(antwoord <= self.waarde)
            case "na":
                return bool(antwoord > self.waarde)
            case "voor":
                return bool(antwoord < self.waarde)
        raise AssertionError(self.op)


@dataclass(frozen=True, slots=True)
class Vraag:
    id: str
    tekst: str
    soort: Vraagsoort
    verplicht: bool = False
    keuzes: tuple[str, ...] = ()
    hulp: str = ""
    als: tuple[Voorwaarde, ...] = ()


@dataclass(frozen=True, slots=True)
class Uitkomstregel:
    product: str
    reden: str
    als: tuple[Voorwaarde, ...]
    kennisartikel: str = ""
    zaaktype: str = ""
    """The zaaktype code to start the product as a zaak; empty: the citizen asks elsewhere."""
    instantie: str = ""


@dataclass(frozen=True, slots=True)
class Checklist:
    id: str
    titel: str
    vragen: tuple[Vraag, ...]
    uitkomsten: tuple[Uitkomstregel, ...]
    onderwerpen: tuple[str, ...] = ()
    levensgebeurtenissen: tuple[str, ...] = ()
    toelichting: str = ""
    bron: str = ""
    """The file it was read from, for messages."""

    def vraag(self, vraag_id: str) -> Vraag:
        return next(v for v in self.vragen if v.id == vraag_id)

    def past_bij(self, onderwerp: str) -> bool:
        o = onderwerp.strip().casefold()
        return any(o == x.casefold() for x in (*self.onderwerpen, *self.levensgebeurtenissen))


@dataclass(frozen=True, slots=True)
class Antwoord:
    """What the agent filled in for one question, or why it was not asked."""

    waarde: Waarde | None = None
    niet_gevraagd: str = ""
    ongeldig: str = ""
    """Why what the agent typed is no answer (e.g. no date that exists); never kept."""


@dataclass(frozen=True, slots=True)
class Suggestie:
    """A product the outcome rules suggest, with every reason that led to it."""

    product: str
    redenen: tuple[str, ...]
    kennisartikel: str = ""
    zaaktype: str = ""
    instantie: str = ""

    @property
    def startbaar(self) -> bool:
        return bool(self.zaaktype)


# --- evaluation --------------------------------------------------------------------------


def zichtbaar(checklist: Checklist, antwoorden: Mapping[str, Antwoord]) -> list[Vraag]:
    """The questions to show, in order; a condition on a hidden question is not met."""
    toon: dict[str, bool] = {}

    def getoond(v: Vraag) -> bool:
        if v.id not in toon:
            toon[v.id] = all(_geldt(w) for w in v.als)
        return toon[v.id]

    def _geldt(w: Voorwaarde) -> bool:
        if not getoond(checklist.vraag(w.vraag)):
            return False
        a = antwoorden.get(w.vraag)
        return w.geldt(a.waarde if a else None)

    return [v for v in checklist.vragen if getoond(v)]


def open_verplicht(checklist: Checklist, antwoorden: Mapping[str, Antwoord]) -> list[Vraag]:
    """Required questions on screen that have neither an answer nor a reason not to ask."""
    def open_(v: Vraag) -> bool:
        a = antwoorden.get(v.id)
        return a is None or (a.waarde is None and not a.niet_gevraagd.strip())
    return [v for v in zichtbaar(checklist, antwoorden) if v.verplicht and open_(v)]


def ongeldige_antwoorden(checklist: Checklist,
                         antwoorden: Mapping[str, Antwoord]) -> list[tuple[Vraag, str]]:
    """Questions on screen whose typed answer is not valid, with the reason."""
    return [(v, a.ongeldig) for v in zichtbaar(checklist, antwoorden)
            if (a := antwoorden.get(v.id)) is not None and a.waarde is None and a.ongeldig
            and not a.niet_gevraagd.strip()]


def controleer_antwoorden(checklist: Checklist, antwoorden: Mapping[str, Antwoord]) -> None:
    """Refuse to keep a contact while an answer on screen is invalid, required or not:
    dropping it without a word would lose what the klant said."""
    fout = ongeldige_antwoorden(checklist, antwoorden)
    if fout:
        v, reden = fout[0]
        meer = f" (en nog {len(fout) - 1})" if len(fout) > 1 else ""
        raise OngeldigeInvoer("Checklist", (
            f"Het antwoord bij ‘{v.tekst}’ is ongeldig{meer}: {reden} Verbeter het, of wis "
            "het als de vraag niet verplicht is."))


def suggesties(checklist: Checklist, antwoorden: Mapping[str, Antwoord]) -> list[Suggestie]:
    """Products whose rules hold, each once, in the order of their first rule."""
    getoond = {v.id for v in zichtbaar(checklist, antwoorden)}

    def waarde(vraag_id: str) -> Waarde | None:
        a = antwoorden.get(vraag_id)
        return a.waarde if a and vraag_id in getoond else None

    gevonden: dict[str, Suggestie] = {}
    for r in checklist.uitkomsten:
        if not all(w.geldt(waarde(w.vraag)) for w in r.als):
            continue
        eerder = gevonden.get(r.product)
        if eerder is None:
            gevonden[r.product] = Suggestie(r.product, (r.reden,), r.kennisartikel, r.zaaktype,
                                            r.instantie)
        elif r.reden not in eerder.redenen:
            gevonden[r.product] = Suggestie(
                eerder.product, (*eerder.redenen, r.reden), eerder.kennisartikel or r.kennisartikel,
                eerder.zaaktype or r.zaaktype, eerder.instantie or r.instantie)
    return list(gevonden.values())


def vastleggen(checklist: Checklist,
               antwoorden: Mapping[str, Antwoord]) -> tuple[ChecklistAntwoord, ...]:
    """The answers to keep with the contactmoment: questions on screen, answered or skipped."""
    regels = []
    for v in zichtbaar(checklist, antwoorden):
        a = antwoorden.get(v.id)
        if a is None or (a.waarde is None and not a.niet_gevraagd.strip()):
            continue
        regels.append(ChecklistAntwoord(
            checklist=checklist.id, vraag_id=v.id, vraag=v.tekst,
            antwoord=toon_waarde(a.waarde) if a.waarde is not None else "",
            niet_gevraagd=a.niet_gevraagd.strip() if a.waarde is None else ""))
    return tuple(regels)


# --- answers as typed ----------------------------------------------------------------------


def lees_waarde(vraag: Vraag, tekst: str) -> Waarde | None:
    """Read what the agent typed for a question; empty is no answer. Errors name the question."""
    t = tekst.strip()
    if not t:
        return None
    veld = vraag.id
    match vraag.soort:
        case Vraagsoort.JA_NEE:
            if t.casefold() in {"ja", "j"}:
                return True
            if t.casefold() in {"nee", "n"}:
                return False
            raise OngeldigeInvoer(veld, "Kies ja of nee.")
        case Vraagsoort.KEUZE:
            for k in vraag.keuzes:
                if k.casefold() == t.casefold():
                    return k
            raise OngeldigeInvoer(veld, f"Kies een van: {', '.join(vraag.keuzes)}.")
        case Vraagsoort.TEKST:
            if len(t) > MAX_ANTWOORD:
                raise OngeldigeInvoer(veld, f"Het antwoord is langer dan {MAX_ANTWOORD} tekens.")
            return t
        case Vraagsoort.DATUM:
            return invoer.datum(t, veld)
        case Vraagsoort.GETAL:
            if not re.fullmatch(r"\d{1,9}", t):
                raise OngeldigeInvoer(veld, f"{t!r} is geen geheel getal; typ alleen cijfers.")
            return int(t)
        case Vraagsoort.BEDRAG:
            return lees_bedrag(t, veld)
    raise AssertionError(vraag.soort)


def lees_bedrag(tekst: str, veld: str) -> Decimal:
    """An amount in euros as Dutch people write it: 1.250,50 or 1250,5 or € 900,-."""
    t = re.sub(r"\s|€|eur(o)?", "", tekst.strip(), flags=re.IGNORECASE).removesuffix(",-")
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")
    fout = OngeldigeInvoer(veld, f"{tekst.strip()!r} is geen bedrag; schrijf bijvoorbeeld "
                           "1.250,50.")
    if not re.fullmatch(r"\d+(\.\d{1,2})?", t):
        raise fout
    try:
        bedrag = Decimal(t)
    except InvalidOperation:
        raise fout from None
    if bedrag >= MAX_BEDRAG:
        raise OngeldigeInvoer(veld, "Dat bedrag is te groot.")
    return bedrag


def toon_waarde(waarde: Waarde) -> str:
    """An answer as the agent and the history show it."""
    if isinstance(waarde, bool):
        return "Ja" if waarde else "Nee"
    if isinstance(waarde, Decimal):
        geheel, _, cent = f"{waarde:,.2f}".partition(".")
        return f"€ {geheel.replace(',', '.')},{cent}"
    if isinstance(waarde, date):
        return f"{waarde:%d-%m-%Y}"
    return str(waarde)


# --- reading a definition ---------------------------------------------------------------------

_ID_CHECKLIST = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_ID_VRAAG = re.compile(r"[a-z][a-z0-9_]{0,63}")
_SLEUTELS = {"id", "titel", "onderwerpen", "levensgebeurtenissen", "toelichting", "vraag",
             "uitkomst"}
_VRAAGSLEUTELS = {"id", "tekst", "soort", "verplicht", "keuzes", "hulp", "als"}
_UITKOMSTSLEUTELS = {"product", "reden", "kennisartikel", "zaaktype", "instantie", "als"}
_OPS_PER_SOORT = {
    Vraagsoort.JA_NEE: {"niet", "ingevuld"},
    Vraagsoort.KEUZE: {"niet", "ingevuld"},
    Vraagsoort.TEKST: {"ingevuld"},
    Vraagsoort.DATUM: {"na", "voor", "ingevuld"},
    Vraagsoort.GETAL: {"minstens", "hoogstens", "ingevuld"},
    Vraagsoort.BEDRAG: {"minstens", "hoogstens", "ingevuld"},
}


def checklist_uit(data: Mapping[str, Any], bron: str = "") -> Checklist:
    """Build a checklist from parsed TOML; raises ChecklistFout with the place and reason."""
    for sleutel in data:
        if sleutel not in _SLEUTELS:
            raise ChecklistFout((sleutel,), f"onbekende sleutel {sleutel!r}; bekend zijn: "
                                f"{', '.join(sorted(_SLEUTELS))}.")
    cid = _tekst(data, "id", ())
    if not _ID_CHECKLIST.fullmatch(cid):
        raise ChecklistFout(("id",), f"id {cid!r} mag alleen kleine letters, cijfers en - "
                            "bevatten.")
    titel = _tekst(data, "titel", ())
    onderwerpen = _tekstlijst(data, "onderwerpen", ())
    gebeurtenissen = _tekstlijst(data, "levensgebeurtenissen", ())
    if not onderwerpen and not gebeurtenissen:
        raise ChecklistFout(("onderwerpen",), "noem minstens één onderwerp of levensgebeurtenis.")
    toelichting = _tekst(data, "toelichting", (), verplicht=False)

    ruwe_vragen = data.get("vraag")
    if not isinstance(ruwe_vragen, list) or not ruwe_vragen:
        raise ChecklistFout(("vraag",), "een checklist heeft minstens één [[vraag]].")
    soorten: dict[str, Vraagsoort] = {}
    keuzes: dict[str, tuple[str, ...]] = {}
    teksten: set[str] = set()
    basis: list[tuple[Plek, Mapping[str, Any]]] = []
    for i, rv in enumerate(ruwe_vragen):
        plek: Plek = ("vraag", i)
        if not isinstance(rv, dict):
            raise ChecklistFout(plek, "elke [[vraag]] is een tabel.")
        for sleutel in rv:
            if sleutel not in _VRAAGSLEUTELS:
                raise ChecklistFout((*plek, sleutel), f"onbekende sleutel {sleutel!r} in een "
                                    f"vraag; bekend zijn: {', '.join(sorted(_VRAAGSLEUTELS))}.")
        vid = _tekst(rv, "id", plek)
        if not _ID_VRAAG.fullmatch(vid):
            raise ChecklistFout((*plek, "id"), f"vraag-id {vid!r} mag alleen kleine letters, "
                                "cijfers en _ bevatten en begint met een letter.")
        if vid in soorten:
            raise ChecklistFout((*plek, "id"), f"vraag-id {vid!r} komt twee keer voor.")
        tekst = _tekst(rv, "tekst", plek)
        if tekst in teksten:
            raise ChecklistFout((*plek, "tekst"), f"de vraag {tekst!r} staat er twee keer in.")
        teksten.add(tekst)
        ruwe_soort = rv.get("soort")
        try:
            soort = Vraagsoort(str(ruwe_soort))
        except ValueError:
            raise ChecklistFout((*plek, "soort"), f"onbekende soort {ruwe_soort!r} bij vraag "
                                f"{vid!r}; kies uit {', '.join(s.value for s in Vraagsoort)}."
                                ) from None
        if soort is Vraagsoort.KEUZE:
            k = _tekstlijst(rv, "keuzes", plek)
            if len(k) < 2 or len(set(k)) != len(k):
                raise ChecklistFout((*plek, "keuzes"), f"vraag {vid!r} heeft minstens twee "
                                    "verschillende keuzes nodig.")
            keuzes[vid] = tuple(k)
        elif "keuzes" in rv:
            raise ChecklistFout((*plek, "keuzes"), f"alleen een vraag van soort keuze heeft "
                                f"keuzes; {vid!r} is {soort.value}.")
        if not isinstance(rv.get("verplicht", False), bool):
            raise ChecklistFout((*plek, "verplicht"), "verplicht is true of false.")
        soorten[vid] = soort
        basis.append((plek, rv))

    vragen = []
    for plek, rv in basis:
        vid = rv["id"]
        als = _voorwaarden(rv.get("als", {}), (*plek, "als"), soorten, keuzes, vereist=False)
        vragen.append(Vraag(
            id=vid, tekst=rv["tekst"].strip(), soort=soorten[vid],
            verplicht=rv.get("verplicht", False), keuzes=keuzes.get(vid, ()),
            hulp=_tekst(rv, "hulp", plek, verplicht=False), als=als))
    _geen_kring(vragen)

    uitkomsten = []
    ruwe_uitkomsten = data.get("uitkomst", [])
    if not isinstance(ruwe_uitkomsten, list):
        raise ChecklistFout(("uitkomst",), "schrijf uitkomsten als [[uitkomst]].")
    for i, ru in enumerate(ruwe_uitkomsten):
        plek = ("uitkomst", i)
        if not isinstance(ru, dict):
            raise ChecklistFout(plek, "elke [[uitkomst]] is een tabel.")
        for sleutel in ru:
            if sleutel not in _UITKOMSTSLEUTELS:
                raise ChecklistFout((*plek, sleutel), f"onbekende sleutel {sleutel!r} in een "
                                    f"uitkomst; bekend zijn: "
                                    f"{', '.join(sorted(_UITKOMSTSLEUTELS))}.")
        uitkomsten.append(Uitkomstregel(
            product=_tekst(ru, "product", plek), reden=_tekst(ru, "reden", plek),
            als=_voorwaarden(ru.get("als"), (*plek, "als"), soorten, keuzes, vereist=True),
            kennisartikel=_tekst(ru, "kennisartikel", plek, verplicht=False),
            zaaktype=_tekst(ru, "zaaktype", plek, verplicht=False),
            instantie=_tekst(ru, "instantie", plek, verplicht=False)))
    return Checklist(id=cid, titel=titel, vragen=tuple(vragen), uitkomsten=tuple(uitkomsten),
                     onderwerpen=tuple(onderwerpen), levensgebeurtenissen=tuple(gebeurtenissen),
                     toelichting=toelichting, bron=bron)


def _tekst(d: Mapping[str, Any], sleutel: str, plek: Plek, *, verplicht: bool = True) -> str:
    waarde = d.get(sleutel)
    if waarde is None and not verplicht:
        return ""
    if not isinstance(waarde, str) or (verplicht and not waarde.strip()):
        raise ChecklistFout((*plek, sleutel), f"{sleutel} ontbreekt of is geen tekst.")
    return waarde.strip()


def _tekstlijst(d: Mapping[str, Any], sleutel: str, plek: Plek) -> list[str]:
    waarde = d.get(sleutel, [])
    if not isinstance(waarde, list) or not all(isinstance(x, str) and x.strip() for x in waarde):
        raise ChecklistFout((*plek, sleutel), f"{sleutel} is een lijst van teksten.")
    return [x.strip() for x in waarde]


def _voorwaarden(ruw: object, plek: Plek, soorten: Mapping[str, Vraagsoort],
                 keuzes: Mapping[str, Sequence[str]], *, vereist: bool) -> tuple[Voorwaarde, ...]:
    if ruw is None or ruw == {}:
        if vereist:
            raise ChecklistFout(plek, "een uitkomst heeft een voorwaarde nodig: als = { … }.")
        return ()
    if not isinstance(ruw, dict):
        raise ChecklistFout(plek, "als is een tabel, zoals als = { kinderen = true }.")
    uit: list[Voorwaarde] = []
    for vid, verwacht in ruw.items():
        if vid not in soorten:
            raise ChecklistFout(plek, f"de voorwaarde verwijst naar vraag {vid!r}, die niet "
                                "bestaat in deze checklist.")
        uit.extend(_voorwaarde(vid, verwacht, soorten[vid], keuzes.get(vid, ()), plek))
    return tuple(uit)


def _voorwaarde(vid: str, verwacht: object, soort: Vraagsoort, keuzes: Sequence[str],
                plek: Plek) -> list[Voorwaarde]:
    def fout(reden: str) -> ChecklistFout:
        return ChecklistFout(plek, f"voorwaarde op {vid!r} ({soort.value}): {reden}")

    def keuze(x: object) -> str:
        if not isinstance(x, str) or x not in keuzes:
            raise fout(f"{x!r} is geen van de keuzes {list(keuzes)}.")
        return x

    if isinstance(verwacht, dict):
        if not verwacht:
            raise fout("een lege tabel zegt niets.")
        uit = []
        for op, w in verwacht.items():
            if op not in _OPS_PER_SOORT[soort]:
                raise fout(f"{op!r} kan hier niet; wel: "
                           f"{', '.join(sorted(_OPS_PER_SOORT[soort]))}.")
            if op == "ingevuld":
                if not isinstance(w, bool):
                    raise fout("ingevuld is true of false.")
                uit.append(Voorwaarde(vid, op, w))
            elif op == "niet":
                lijst = w if isinstance(w, list) else [w]
                if soort is Vraagsoort.JA_NEE:
                    if not all(isinstance(x, bool) for x in lijst):
                        raise fout("niet = true of false.")
                    uit.append(Voorwaarde(vid, op, tuple(lijst)))
                else:
                    uit.append(Voorwaarde(vid, op, tuple(keuze(x) for x in lijst)))
            elif op in {"minstens", "hoogstens"}:
                if isinstance(w, bool) or not isinstance(w, int | float):
                    raise fout(f"{op} is een getal.")
                uit.append(Voorwaarde(vid, op, Decimal(str(w))))
            else:  # na, voor
                if not isinstance(w, date):
                    raise fout(f"{op} is een datum, zoals {op} = 2026-01-01.")
                uit.append(Voorwaarde(vid, op, w))
        return uit
    match soort:
        case Vraagsoort.JA_NEE:
            if not isinstance(verwacht, bool):
                raise fout(f"verwacht true of false, niet {verwacht!r}.")
            return [Voorwaarde(vid, "is", verwacht)]
        case Vraagsoort.KEUZE:
            if isinstance(verwacht, list):
                if not verwacht:
                    raise fout("een lege lijst zegt niets.")
                return [Voorwaarde(vid, "een_van", tuple(keuze(x) for x in verwacht))]
            return [Voorwaarde(vid, "is", keuze(verwacht))]
    raise fout("gebruik een tabel, zoals { minstens = 1 } of { ingevuld = true }.")


def _geen_kring(vragen: Sequence[Vraag]) -> None:
    """Refuse conditions that depend on themselves, naming the whole ring."""
    afhankelijk = {v.id: [w.vraag for w in v.als] for v in vragen}
    volgorde = {v.id: i for i, v in enumerate(vragen)}
    klaar: set[str] = set()

    def bezoek(vid: str, pad: list[str]) -> None:
        if vid in pad:
            kring = [*pad[pad.index(vid):], vid]
            eerste = min(kring, key=volgorde.__getitem__)
            raise ChecklistFout(("vraag", volgorde[eerste], "als"),
                                f"de voorwaarden vormen een kring: {' → '.join(kring)}.")
        if vid in klaar:
            return
        for dep in afhankelijk[vid]:
            bezoek(dep, [*pad, vid])
        klaar.add(vid)

    for v in vragen:
        bezoek(v.id, [])
