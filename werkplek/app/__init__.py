"""Start-up: the profile, the window at once, and the services built behind it.

The window needs only the profile to be drawn (``Voorkant``), so it shows before anything
heavy is loaded: the local store (SQLAlchemy, SQLCipher, the keyring), the plugins and the
services are imported and built on a worker thread meanwhile (``samenstelling.bouw``) and
handed to the window when they are up. This module imports nothing heavy itself.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from werkplek.domain.model import Rol
from werkplek.ports import Capability
from werkplek.services import profiel as profielen
from werkplek.services.instellingen import IndelingService, indelingpad
from werkplek.services.plugins import gebruikte_instellingen
from werkplek.services.profiel import ConfigFout, Profiel
from werkplek.store.bestanden import prive_map

if TYPE_CHECKING:  # Qt is imported only when a window runs, the store when it is built
    from werkplek.app.samenstelling import Werkplek, bouw
    from werkplek.ui.hoofdvenster import Diensten, Voorkant
    from werkplek.ui.toepassing import Opgebouwd, Opname

__all__ = ["Werkplek", "bouw", "diensten_van", "laad_profiel", "start_venster", "voorkant_van"]


def __getattr__(naam: str) -> Any:
    """``werkplek.app.bouw`` and ``Werkplek`` load the store's machinery when first asked."""
    if naam in ("bouw", "Werkplek"):
        from werkplek.app import samenstelling  # noqa: PLC0415 - heavy: only when needed
        return getattr(samenstelling, naam)
    raise AttributeError(f"module {__name__!r} has no attribute {naam!r}")


def laad_profiel(naam: str | None, bestand: Path | None, *, venster: bool = False,
                 plugins: bool = True) -> Profiel:
    """The profile, checked against the installed plugins and their declared settings
    (unless ``plugins`` is False: the window's start checks them on its worker thread); for
    a window (``venster``) also refused when it has no source at all."""
    profiel = profielen.lees_profiel(profielen.zoek_profiel(naam, bestand))
    if plugins:
        controleer_plugins(profiel)
    if venster:
        profielen.controleer_bronnen(profiel)
    return profiel


def controleer_plugins(profiel: Profiel) -> None:
    """Refuse a plugin that is not installed or a setting it does not declare: this imports
    the plugins the profile names."""
    profielen.controleer_plugins(profiel, gebruikte_instellingen(
        {i.plugin for i in profiel.plugins.values()}))


def voorkant_van(profiel: Profiel, data_dir: Path | None = None) -> Voorkant:
    """What the window shows before its services are up: from the profile alone."""
    from werkplek.ui.hoofdvenster import Voorkant  # noqa: PLC0415 - Qt only for a window

    data_dir = prive_map(data_dir or profielen.data_dir())
    m = profiel.medewerker
    wachtrij = bool(profiel.capabilities.get(Capability.WACHTRIJ))
    return Voorkant(
        gemeente=profiel.gemeente, profiel=profiel.naam, medewerker=m,
        indeling=IndelingService(indelingpad(data_dir, profiel.naam, m.gebruikersnaam)),
        demo=any(i.config.get("demo") for i in profiel.plugins.values()),
        supervisor=m.rol is Rol.SUPERVISOR, alarm_geluid=profiel.alarm_geluid,
        softphone=bool(profiel.capabilities.get(Capability.TELEFONIE)),
        balie=m.rol is Rol.BALIE and wachtrij)


def diensten_van(werkplek: Werkplek, voorkant: Voorkant) -> Diensten:
    """The services of a built werkplek, as the window takes them."""
    from werkplek.ui.hoofdvenster import Diensten  # noqa: PLC0415 - Qt only for a window

    p = werkplek.profiel
    return Diensten(
        voorkant=voorkant, dossier=werkplek.dossier, kennis=werkplek.kennis,
        checklists=werkplek.checklists, agenda=werkplek.agenda, locatie=p.locatie,
        offline=werkplek.offline, telefonie=werkplek.telefonie, wachtrij=werkplek.wachtrij,
        opslagmeldingen=tuple(m.tekst for m in werkplek.meldingen),
        opslagdetails="\n\n".join(m.details for m in werkplek.meldingen if m.details),
        voorbereiden_bij_start=p.voorbereiden_bij_start,
        nawerk_max_seconden=p.nawerk_max_seconden,
        monitor=werkplek.monitor, telefoon=p.telefoon,
    )


def start_venster(profiel: Profiel, schermafbeelding: Opname | None = None,
                  opdracht: dict[str, Any] | None = None, data_dir: Path | None = None,
                  *, plugins_gecontroleerd: bool = True) -> int:
    """Show the window, build the services behind it, and run until it closes."""
    from werkplek.ui.toepassing import Opgebouwd, start  # noqa: PLC0415 - Qt only here

    voorkant = voorkant_van(profiel, data_dir)

    def opbouwen() -> Opgebouwd:
        """On a worker thread, while the window shows."""
        from werkplek.app import samenstelling  # noqa: PLC0415 - the heavy part

        if not plugins_gecontroleerd:
            try:
                controleer_plugins(profiel)
            except ConfigFout as e:
                print(f"werkplek: configuratiefout: {e.als_een_regel()}", file=sys.stderr,
                      flush=True)
                raise
        w = samenstelling.bouw(profiel, data_dir)
        return Opgebouwd(diensten_van(w, voorkant), w.aclose)

    return start(voorkant, opbouwen, schermafbeelding, opdracht)
