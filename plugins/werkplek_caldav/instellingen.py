"""The plugin's table in the profile TOML, checked once at start-up.

Every mistake raises ValueError with a Dutch message that names the key, e.g.
``agenda[1].begin``, so the administrator finds it in the profile at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from typing import Any
from urllib.parse import urlsplit

from werkplek.domain.agenda import Agenda, Rooster

STANDAARD_BRONNAAM = "CalDAV-agenda's"
STANDAARD_TIMEOUT = 10.0
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_TIJD = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True, slots=True)
class AgendaInstelling:
    """One configured agenda and the calendar collection that holds it."""

    agenda: Agenda
    pad: str
    """The collection's path on the server, with a slash at both ends."""


@dataclass(frozen=True, slots=True)
class Instellingen:
    url: str
    """The server's base URL, without a trailing slash."""
    gebruiker: str
    bronnaam: str
    timeout: float
    agendas: tuple[AgendaInstelling, ...]

    def agenda(self, agenda_id: str) -> AgendaInstelling | None:
        return next((a for a in self.agendas if a.agenda.id == agenda_id), None)


def lees_instellingen(config: Mapping[str, Any]) -> Instellingen:
    """Check the plugin's config table; raises ValueError (Dutch) naming the wrong key."""
    url = _tekst(config, "url", "url")
    delen = urlsplit(url)
    if delen.scheme not in ("http", "https") or not delen.hostname:
        raise ValueError(f"De instelling url moet een http(s)-adres zijn, niet {url!r}.")
    if delen.username or delen.password:
        raise ValueError("De instelling url mag geen gebruikersnaam of wachtwoord bevatten; "
                         "het wachtwoord staat in de sleutelbos.")
    gebruiker = _tekst(config, "gebruiker", "gebruiker")
    bronnaam = _tekst(config, "bronnaam", "bronnaam", standaard=STANDAARD_BRONNAAM)
    timeout = config.get("timeout_seconden", STANDAARD_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not (
            0 < timeout <= 600):
        raise ValueError("De instelling timeout_seconden moet een getal tussen 0 en 600 zijn.")
    lijst = config.get("agenda")
    if not isinstance(lijst, Sequence) or isinstance(lijst, str) or not lijst:
        raise ValueError("De instelling agenda ontbreekt: geef minstens één [[...agenda]]-tabel "
                         "met id, naam, pad en onderwerpen.")
    agendas = tuple(_agenda(t, f"agenda[{i}]", bronnaam) for i, t in enumerate(lijst))
    gezien: set[str] = set()
    for a in agendas:
        if a.agenda.id in gezien:
            raise ValueError(f"De agenda-id {a.agenda.id!r} komt twee keer voor onder agenda.")
        gezien.add(a.agenda.id)
    return Instellingen(url.rstrip("/"), gebruiker, bronnaam, float(timeout), agendas)


def _agenda(tabel: object, sleutel: str, bronnaam: str) -> AgendaInstelling:
    if not isinstance(tabel, Mapping):
        raise ValueError(f"De instelling {sleutel} moet een tabel zijn.")
    agenda_id = _tekst(tabel, "id", f"{sleutel}.id")
    if not _ID.fullmatch(agenda_id):
        raise ValueError(f"De instelling {sleutel}.id mag alleen letters, cijfers, '_', '-' en "
                         f"'.' bevatten, niet {agenda_id!r}.")
    pad = _tekst(tabel, "pad", f"{sleutel}.pad")
    if not pad.startswith("/") or any(d in (".", "..") for d in pad.split("/")):
        raise ValueError(f"De instelling {sleutel}.pad moet een pad zijn dat met '/' begint, "
                         f"zoals \"/kcc/{agenda_id}/\", niet {pad!r}.")
    onderwerpen = tabel.get("onderwerpen")
    if not isinstance(onderwerpen, Sequence) or isinstance(onderwerpen, str) or not all(
            isinstance(o, str) and o.strip() for o in onderwerpen):
        raise ValueError(f"De instelling {sleutel}.onderwerpen moet een lijst met teksten zijn.")
    agenda = Agenda(
        id=agenda_id,
        naam=_tekst(tabel, "naam", f"{sleutel}.naam"),
        onderwerpen=tuple(o.strip() for o in onderwerpen),
        locatie=_tekst(tabel, "locatie", f"{sleutel}.locatie", standaard=""),
        rooster=_rooster(tabel, sleutel),
        bron=bronnaam,
    )
    return AgendaInstelling(agenda, pad if pad.endswith("/") else pad + "/")


def _rooster(tabel: Mapping[str, Any], sleutel: str) -> Rooster:
    standaard = Rooster()
    werkdagen = tabel.get("werkdagen", list(standaard.werkdagen))
    if not isinstance(werkdagen, Sequence) or isinstance(werkdagen, str) or not all(
            _geheel(d) and 0 <= d <= 6 for d in werkdagen):
        raise ValueError(f"De instelling {sleutel}.werkdagen moet een lijst met dagnummers "
                         "0 (maandag) tot en met 6 (zondag) zijn.")
    begin = _tijd(tabel, "begin", sleutel, standaard.begin)
    einde = _tijd(tabel, "einde", sleutel, standaard.einde)
    if einde <= begin:
        raise ValueError(f"De instelling {sleutel}.einde moet na {sleutel}.begin liggen.")
    slotduur = _getal(tabel, "slotduur_minuten", sleutel, standaard.slotduur_minuten,
                      laagst=1, hoogst=24 * 60)
    voorloop = _getal(tabel, "voorlooptijd_uren", sleutel, standaard.voorlooptijd_uren,
                      laagst=0, hoogst=24 * 366)
    return Rooster(werkdagen=tuple(sorted(set(werkdagen))), begin=begin, einde=einde,
                   pauzes=_pauzes(tabel, sleutel, standaard.pauzes),
                   slotduur_minuten=slotduur, voorlooptijd_uren=voorloop)


def _pauzes(tabel: Mapping[str, Any], sleutel: str,
            standaard: tuple[tuple[time, time], ...]) -> tuple[tuple[time, time], ...]:
    if "pauzes" not in tabel:
        return standaard
    waarde = tabel["pauzes"]
    uitleg = (f"De instelling {sleutel}.pauzes moet een lijst met paren zijn, zoals "
              '[["12:30", "13:00"]].')
    if not isinstance(waarde, Sequence) or isinstance(waarde, str):
        raise ValueError(uitleg)
    uit = []
    for paar in waarde:
        if not isinstance(paar, Sequence) or isinstance(paar, str) or len(paar) != 2:
            raise ValueError(uitleg)
        van, tot = (_parse_tijd(p, f"{sleutel}.pauzes") for p in paar)
        if tot <= van:
            raise ValueError(f"Een pauze in {sleutel}.pauzes eindigt niet na haar begin.")
        uit.append((van, tot))
    return tuple(uit)


def _tekst(tabel: Mapping[str, Any], naam: str, sleutel: str, *,
           standaard: str | None = None) -> str:
    waarde = tabel.get(naam, standaard)
    if waarde is None:
        raise ValueError(f"De instelling {sleutel} ontbreekt.")
    if not isinstance(waarde, str) or (standaard is None and not waarde.strip()):
        raise ValueError(f"De instelling {sleutel} moet een (niet-lege) tekst zijn.")
    return waarde.strip()


def _tijd(tabel: Mapping[str, Any], naam: str, sleutel: str, standaard: time) -> time:
    if naam not in tabel:
        return standaard
    return _parse_tijd(tabel[naam], f"{sleutel}.{naam}")


def _parse_tijd(waarde: object, sleutel: str) -> time:
    m = _TIJD.fullmatch(waarde) if isinstance(waarde, str) else None
    if m is None:
        raise ValueError(f'De instelling {sleutel} moet een tijd zijn als "09:00", '
                         f"niet {waarde!r}.")
    return time(int(m.group(1)), int(m.group(2)))


def _getal(tabel: Mapping[str, Any], naam: str, sleutel: str, standaard: int, *,
           laagst: int, hoogst: int) -> int:
    waarde = tabel.get(naam, standaard)
    if not _geheel(waarde) or not laagst <= waarde <= hoogst:
        raise ValueError(f"De instelling {sleutel}.{naam} moet een geheel getal van {laagst} "
                         f"tot en met {hoogst} zijn.")
    return int(waarde)


def _geheel(waarde: object) -> bool:
    return isinstance(waarde, int) and not isinstance(waarde, bool)
