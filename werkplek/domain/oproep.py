"""A call as a softphone reports it: ``werkplek pop --phone …`` or a ``werkplek://pop`` URL."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from werkplek.domain import invoer
from werkplek.domain.invoer import OngeldigeInvoer

SCHEMA = "werkplek"


@dataclass(frozen=True, slots=True)
class Oproep:
    """An incoming or answered call; ``nummer`` is E.164, or empty when it is not usable."""

    nummer: str
    getoond: str
    """What the softphone gave (trimmed), to show the agent: also 'anonymous' or garbage."""
    lijn: str = ""
    """The number that was dialled, which names the gemeente in a shared service centre."""
    call_id: str = ""

    @property
    def bekend(self) -> bool:
        return bool(self.nummer)

    def bericht(self) -> dict[str, str]:
        """The call as it goes to a running werkplek over the local socket."""
        return asdict(self)


def lijnnummer(tekst: str) -> str:
    """A dialled number as profiles and calls compare it: E.164 when it is a valid Dutch or
    international number (the 14 0xx numbers of gemeenten are), else its digits (an internal
    number of the exchange); "" when it holds no number."""
    try:
        return invoer.telefoonnummer(tekst)
    except OngeldigeInvoer:
        cijfers = "".join(c for c in tekst if c.isdigit())
        return cijfers if 3 <= len(cijfers) <= 15 else ""


def oproep(nummer: str, lijn: str = "", call_id: str = "") -> Oproep:
    """A call from what a softphone hands over; a withheld, foreign-format or nonsense
    number makes an unknown caller, never an error: the phone is ringing."""
    getoond = " ".join(nummer.split())[:40]
    try:
        e164 = invoer.telefoonnummer(getoond)
    except OngeldigeInvoer:
        e164 = ""
    return Oproep(e164, getoond, " ".join(lijn.split())[:40], call_id.strip()[:128])


def uit_bericht(bericht: object) -> Oproep:
    """Read a call back from the socket; anything else than the expected strings is refused."""
    if not isinstance(bericht, dict) or not all(
            isinstance(bericht.get(k, ""), str) for k in ("nummer", "getoond", "lijn", "call_id")):
        raise OngeldigeInvoer("Oproep", "Het bericht van de softphone is onleesbaar.")
    return oproep(bericht.get("getoond", ""), bericht.get("lijn", ""), bericht.get("call_id", ""))


def uit_url(url: str) -> Oproep:
    """``werkplek://pop?phone=…&line=…&call-id=…``, as a softphone opens a URL on a call."""
    delen = urlsplit(url.strip())
    if delen.scheme != SCHEMA or delen.netloc != "pop":
        raise OngeldigeInvoer("URL", f"Onbekende opdracht {url[:60]!r}; verwacht "
                                     "werkplek://pop?phone=NUMMER.")
    vraag = parse_qs(delen.query)

    def een(naam: str) -> str:
        return (vraag.get(naam) or [""])[0]

    return oproep(een("phone"), een("line"), een("call-id") or een("call_id"))


class Gespreksfase(enum.StrEnum):
    """Where a call is, as the softphone reports it."""

    BINNENKOMEND = "binnenkomend"
    UITGAAND = "uitgaand"
    AANGENOMEN = "aangenomen"
    BEEINDIGD = "beeindigd"


@dataclass(frozen=True, slots=True)
class Gespreksgebeurtenis:
    """One event of one call: the softphone's own call id, the other party, and when."""

    gesprek: str
    fase: Gespreksfase
    oproep: Oproep
    """The other party's number (as a call) and the line it came in on."""
    naam: str
    tijd: datetime
    reden: str = ""
    """Why a call ended, as the softphone says it (e.g. 'Connection reset by peer')."""


class Agentstatus(enum.StrEnum):
    """What a telephone agent is doing, for the agent and the supervisor."""

    BESCHIKBAAR = "beschikbaar"
    IN_GESPREK = "in_gesprek"
    NAWERK = "nawerk"
    PAUZE = "pauze"

    @property
    def label(self) -> str:
        return {Agentstatus.BESCHIKBAAR: "Beschikbaar", Agentstatus.IN_GESPREK: "In gesprek",
                Agentstatus.NAWERK: "Nawerk", Agentstatus.PAUZE: "Pauze"}[self]
