"""Loading checklists from TOML: the standard set, then the profile's own folders.

A file with an error is refused with file, line and reason; the other files still load.
A profile's checklist with the id of a standard one replaces it.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werkplek.domain import checklist as domein
from werkplek.domain.checklist import Checklist, ChecklistFout, Plek, checklist_uit
from werkplek.services.profiel import RESOURCES, bedoelde_u, toml_fout

log = logging.getLogger(__name__)
STANDAARD = RESOURCES / "checklists"
# The keys the domain's reader knows, taken from it so the two cannot drift apart.
SLEUTELS = domein._SLEUTELS
VRAAGSLEUTELS = domein._VRAAGSLEUTELS
UITKOMSTSLEUTELS = domein._UITKOMSTSLEUTELS


@dataclass
class Checklists:
    """The checklists in use, and the files that were refused."""

    alle: dict[str, Checklist] = field(default_factory=dict)
    fouten: list[str] = field(default_factory=list)

    def voor_onderwerp(self, onderwerp: str) -> Checklist | None:
        """The checklist that opens by itself when the agent picks this onderwerp."""
        return next((c for c in self.alle.values() if c.past_bij(onderwerp)), None)

    def gesorteerd(self) -> list[Checklist]:
        return sorted(self.alle.values(), key=lambda c: c.titel.casefold())


def laad(mappen: Iterable[Path]) -> Checklists:
    """Read every ``*.toml`` of each folder in turn; a later folder overrides an earlier one."""
    uit = Checklists()
    for laag, map_ in enumerate(mappen):
        if not map_.is_dir():
            uit.fouten.append(f"{map_}: map met checklists bestaat niet.")
            continue
        in_deze_map: dict[str, Path] = {}
        for pad in sorted(map_.glob("*.toml")):
            try:
                checklist = lees(pad)
            except ChecklistFout as e:
                uit.fouten.append(e.reden)
                continue
            if checklist.id in in_deze_map:
                uit.fouten.append(
                    f"{pad}: {_waar(pad.read_text(encoding='utf-8'), ('id',))}: id "
                    f"{checklist.id!r} wordt al gebruikt door {in_deze_map[checklist.id].name}; "
                    "dit bestand is niet geladen.")
                continue
            in_deze_map[checklist.id] = pad
            if laag and checklist.id in uit.alle:
                log.info("Checklist %s vervangen door %s", checklist.id, pad)
            uit.alle[checklist.id] = checklist
    for f in uit.fouten:
        log.error("Checklist geweigerd: %s", f)
    return uit


def lees(pad: Path) -> Checklist:
    """One checklist file; ChecklistFout's reason names the file and the line."""
    try:
        tekst = pad.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ChecklistFout((), f"{pad}: het bestand is geen UTF-8-tekst.") from None
    except OSError as e:
        raise ChecklistFout((), f"{pad}: kan het bestand niet lezen ({e.strerror}).") from None
    try:
        data = tomllib.loads(tekst)
    except tomllib.TOMLDecodeError as e:
        regel, _, reden = toml_fout(e)
        waar = f"regel {regel}" if regel else "onbekende regel"
        raise ChecklistFout((), f"{pad}: {waar}: ongeldige TOML: {reden}.") from None
    try:
        _onbekende_sleutels(data)
        return checklist_uit(data, str(pad))
    except ChecklistFout as e:
        raise ChecklistFout(e.plek, f"{pad}: {_waar(tekst, e.plek)}: {e.reden}") from None


def _onbekende_sleutels(data: Mapping[str, Any]) -> None:
    """Refuse a key the checklist reader does not know, with the nearest known one."""
    for sleutel in data:
        if sleutel not in SLEUTELS:
            raise ChecklistFout((sleutel,), bedoelde_u(sleutel, SLEUTELS))
    for tabel, bekend in (("vraag", VRAAGSLEUTELS), ("uitkomst", UITKOMSTSLEUTELS)):
        lijst = data.get(tabel)
        for i, t in enumerate(lijst if isinstance(lijst, list) else []):
            for sleutel in t if isinstance(t, dict) else ():
                if sleutel not in bekend:
                    raise ChecklistFout((tabel, i, sleutel), bedoelde_u(
                        sleutel, bekend, waar=f" in een {tabel}"))


def _waar(tekst: str, plek: Plek) -> str:
    """The line a place in the parsed data was written on, as closely as it can be found."""
    regels = tekst.splitlines()
    begin, einde = 0, len(regels)
    sleutels = list(plek)
    if len(sleutels) >= 2 and isinstance(sleutels[1], int):
        tabel, nummer = str(sleutels[0]), sleutels[1]
        koppen = [i for i, r in enumerate(regels)
                  if re.fullmatch(rf"\s*\[\[\s*{re.escape(tabel)}\s*\]\]\s*(#.*)?", r)]
        if nummer < len(koppen):
            begin = koppen[nummer]
            volgende = [i for i, r in enumerate(regels)
                        if i > begin and re.match(r"\s*\[", r)]
            einde = volgende[0] if volgende else len(regels)
            sleutels = sleutels[2:]
            if not sleutels:
                return f"regel {begin + 1}"
    if sleutels:
        sleutel = re.escape(str(sleutels[0]))
        for i in range(begin, einde):
            if re.match(rf"\s*{sleutel}\s*=", regels[i]):
                return f"regel {i + 1}"
        if begin:
            return f"regel {begin + 1}"
    return "regel 1" if not begin else f"regel {begin + 1}"
