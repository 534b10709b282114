"""Rules of the KCC that several layers need: overdue zaken, earlier contact today."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from werkplek.domain.model import TIJDZONE, ChecklistAntwoord, Contactmoment, Kanaal, Zaak


def is_afgerond(zaak: Zaak) -> bool:
    """A zaak is closed once it reached the end status of its zaaktype."""
    if not zaak.statussen or not zaak.zaaktype.statussen:
        return False
    return zaak.statussen[-1].omschrijving == zaak.zaaktype.statussen[-1]


class Termijnsoort(enum.StrEnum):
    """Which date a zaak's deadline is: the law's, or the zaaktype's doorlooptijd."""

    UITERLIJKE_EINDDATUM = "uiterlijke_einddatum"
    DOORLOOPTIJD = "doorlooptijd"

    @property
    def label(self) -> str:
        return {Termijnsoort.UITERLIJKE_EINDDATUM: "uiterlijke einddatum afdoening",
                Termijnsoort.DOORLOOPTIJD: "einde doorlooptijd"}[self]


@dataclass(frozen=True, slots=True)
class Termijn:
    """The date a zaak must be done by, and where that date comes from."""

    datum: date
    soort: Termijnsoort


def termijn(zaak: Zaak) -> Termijn:
    """The deadline: the uiterlijke einddatum afdoening when the zaak has one (the law's
    date, whatever the doorlooptijd says), else the startdatum plus the zaaktype's
    doorlooptijd. The einddatum gepland is a plan, never the deadline."""
    if zaak.uiterlijke_einddatum is not None:
        return Termijn(zaak.uiterlijke_einddatum, Termijnsoort.UITERLIJKE_EINDDATUM)
    return Termijn(zaak.startdatum + timedelta(days=zaak.zaaktype.doorlooptijd_dagen),
                   Termijnsoort.DOORLOOPTIJD)


def uiterste_datum(zaak: Zaak) -> date:
    """The date the zaak must be done by (see ``termijn``)."""
    return termijn(zaak).datum


def is_te_laat(zaak: Zaak, vandaag: date) -> bool:
    """Overdue: still open past its deadline (or closed after it)."""
    if is_afgerond(zaak):
        return zaak.statussen[-1].gezet_op.date() > uiterste_datum(zaak)
    return vandaag > uiterste_datum(zaak)


def is_later_dan_gepland(zaak: Zaak, vandaag: date) -> bool:
    """Still open past its einddatum gepland but within its deadline: later than the
    organisation planned, not (yet) too late."""
    return (not is_afgerond(zaak) and zaak.geplande_einddatum is not None
            and vandaag > zaak.geplande_einddatum and not is_te_laat(zaak, vandaag))


def volgende_status(zaak: Zaak) -> str | None:
    """The status that comes next according to the zaaktype, or None when closed."""
    if is_afgerond(zaak):
        return None
    volgorde = list(zaak.zaaktype.statussen)
    if not zaak.statussen:
        return volgorde[0] if volgorde else None
    huidig = zaak.statussen[-1].omschrijving
    if huidig in volgorde:
        i = volgorde.index(huidig)
        return volgorde[i + 1] if i + 1 < len(volgorde) else None
    return None


@dataclass(frozen=True, slots=True)
class EerderContact:
    kanaal_label: str
    tijd: datetime

    def tekst(self) -> str:
        return f"Eerder contact vandaag: {self.kanaal_label.lower()} om {self.tijd:%H:%M}"


def eerder_contact_vandaag(
    contacten: Iterable[Contactmoment], nu: datetime
) -> EerderContact | None:
    """The latest contact of today before ``nu``, for the badge on the klantbeeld."""
    vandaag = [
        c for c in contacten
        if c.begin.astimezone(nu.tzinfo).date() == nu.date() and c.begin <= nu
    ]
    if not vandaag:
        return None
    laatste = max(vandaag, key=lambda c: c.begin)
    return EerderContact(laatste.kanaal.label, laatste.begin.astimezone(nu.tzinfo))


def nieuwste_eerst(contacten: Iterable[Contactmoment]) -> list[Contactmoment]:
    return sorted(contacten, key=lambda c: c.begin, reverse=True)


def stap(zaak: Zaak) -> tuple[int, int]:
    """Which step of its zaaktype's statuses a zaak is at, as (step, number of steps)."""
    volgorde = list(zaak.zaaktype.statussen)
    if not volgorde:
        return (1, 1) if zaak.statussen else (0, 1)
    huidig = zaak.statussen[-1].omschrijving if zaak.statussen else None
    return (volgorde.index(huidig) + 1 if huidig in volgorde else 0, len(volgorde))


def lopende_zaak(zaaktype: str, zaken: Iterable[Zaak]) -> Zaak | None:
    """An open zaak of this zaaktype: starting another would ask the backoffice twice."""
    return next((z for z in zaken if z.zaaktype.code == zaaktype and not is_afgerond(z)), None)


@dataclass(frozen=True, slots=True)
class RegieGroep:
    """The zaken one contact started: a meervoudige vraag followed as one whole.

    ``contact`` is None for the contact still open at this workstation.
    """

    contact: Contactmoment | None
    zaken: tuple[Zaak, ...]
    onbekend: tuple[str, ...] = ()
    """Linked zaaknummers no source returned (yet)."""

    @property
    def afgerond(self) -> int:
        return sum(1 for z in self.zaken if is_afgerond(z))

    def te_laat(self, vandaag: date) -> list[Zaak]:
        return [z for z in self.zaken if is_te_laat(z, vandaag) and not is_afgerond(z)]

    @property
    def voortgang(self) -> float:
        """Share of all status steps of all zaken that is done, 0.0 to 1.0."""
        stappen = [stap(z) for z in self.zaken]
        totaal = sum(n for _, n in stappen)
        return sum(s for s, _ in stappen) / totaal if totaal else 0.0


def regiegroepen(contacten: Iterable[Contactmoment], zaken: Iterable[Zaak],
                 dit_contact: Iterable[str] = ()) -> list[RegieGroep]:
    """Group the zaken under the contact that started or concerned them, newest first."""
    per_id = {z.identificatie: z for z in zaken}

    def groep(contact: Contactmoment | None, ids: Iterable[str]) -> RegieGroep:
        ids = list(dict.fromkeys(ids))
        return RegieGroep(contact, tuple(per_id[i] for i in ids if i in per_id),
                          tuple(i for i in ids if i not in per_id))

    groepen = []
    huidig = list(dit_contact)
    if huidig:
        groepen.append(groep(None, huidig))
    groepen += [groep(c, c.zaken) for c in nieuwste_eerst(contacten) if c.zaken]
    return groepen


def gecorrigeerd(nieuw: Contactmoment, geweigerd: Contactmoment) -> Contactmoment:
    """A refused contact corrected in the form: what the form cannot show is kept.

    The form does not reload checklist answers, so the refused contact's answers stay when
    the form brings none; linked zaken and articles of both are kept.
    """
    return replace(
        nieuw,
        checklist=nieuw.checklist or geweigerd.checklist,
        zaken=tuple(dict.fromkeys((*geweigerd.zaken, *nieuw.zaken))),
        kennisartikelen=tuple(dict.fromkeys((*geweigerd.kennisartikelen,
                                             *nieuw.kennisartikelen))),
    )


def overdrachtstekst(*, vraag: str, antwoord: str, checklist: Sequence[ChecklistAntwoord],
                     kanaal: Kanaal, begin: datetime, medewerker: str, klantnaam: str = "",
                     beller: str = "", zaken: Sequence[str] = ()) -> str:
    """The toelichting of a contactverzoek: everything the specialist needs so the citizen
    never has to tell it twice — the question, what was said, the checklist answers and the
    call's context. No BSN: the register links the customer itself."""
    regels = [f"Vraag: {vraag.strip()}"]
    if antwoord.strip():
        regels.append(f"Al besproken: {antwoord.strip()}")
    if checklist:
        regels.append("Checklist:")
        regels += [f"- {a.regel()}" for a in checklist]
    if zaken:
        regels.append(f"Zaken: {', '.join(zaken)}")
    wie = klantnaam or (f"onbekende beller {beller}" if beller else "onbekende klant")
    context = f"{kanaal.label} met {wie}, sinds {begin.astimezone(TIJDZONE):%H:%M}"
    if beller and klantnaam:
        context += f", nummer {beller}"
    regels.append(f"Contact: {context}; overgedragen door {medewerker}.")
    return "\n".join(regels)
