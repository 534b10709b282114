"""Rules of the KCC that several layers need: overdue zaken, earlier contact today."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from werkplek.domain.model import Contactmoment, Zaak


def is_afgerond(zaak: Zaak) -> bool:
    """A zaak is closed once it reached the end status of its zaaktype."""
    if not zaak.statussen or not zaak.zaaktype.statussen:
        return False
    return zaak.statussen[-1].omschrijving == zaak.zaaktype.statussen[-1]


def uiterste_datum(zaak: Zaak) -> date:
    """The date the zaak must be done by: start plus the zaaktype's doorlooptijd."""
    return zaak.startdatum + timedelta(days=zaak.zaaktype.doorlooptijd_dagen)


def is_te_laat(zaak: Zaak, vandaag: date) -> bool:
    """Overdue: still open past its doorlooptijd (or closed after it)."""
    if is_afgerond(zaak):
        return zaak.statussen[-1].gezet_op.date() > uiterste_datum(zaak)
    return vandaag > uiterste_datum(zaak)


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
