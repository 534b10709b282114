"""Composition root: profile, local store, plugins and services, handed to the window."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from werkplek.services import checklists as checklistbron
from werkplek.services import profiel as profielen
from werkplek.services.agenda import AgendaService
from werkplek.services.checklists import Checklists
from werkplek.services.dossier import DossierService, KennisbankService, auditbestand_van
from werkplek.services.instellingen import IndelingService
from werkplek.services.offline import Offline
from werkplek.services.opslag import Opslagmelding, open_opslag
from werkplek.services.plugins import PluginHost, gebruikte_instellingen
from werkplek.services.profiel import Profiel
from werkplek.services.telefonie import TelefonieService
from werkplek.services.wachtrij import Wachtrijmonitor, WachtrijService
from werkplek.services.werker import Pluginopslag, StoreWerker
from werkplek.store.bestanden import prive_map
from werkplek.store.database import Store

if TYPE_CHECKING:  # Qt is imported only when a window runs
    from werkplek.ui.toepassing import Opname

log = logging.getLogger(__name__)


@dataclass
class Werkplek:
    """Everything one running werkplek is made of, for the window and the command line."""

    profiel: Profiel
    store: Store
    werker: StoreWerker
    host: PluginHost
    dossier: DossierService
    kennis: KennisbankService
    indeling: IndelingService
    checklists: Checklists
    agenda: AgendaService
    offline: Offline
    telefonie: TelefonieService
    wachtrij: WachtrijService
    monitor: Wachtrijmonitor
    meldingen: list[Opslagmelding]
    """What opening the local store found that the agent must know (no keyring, damage)."""

    async def aclose(self) -> None:
        await self.wachtrij.leeg_rij()  # what the agent did last is in the outbox, not lost
        await self.host.aclose()
        await asyncio.get_running_loop().run_in_executor(None, self.werker.sluit)
        self.store.sluit()


def laad_profiel(naam: str | None, bestand: Path | None, *, venster: bool = False) -> Profiel:
    """The profile, checked against the installed plugins and their declared settings; for
    a window (``venster``) also refused when it has no source at all."""
    profiel = profielen.lees_profiel(profielen.zoek_profiel(naam, bestand))
    profielen.controleer_plugins(profiel, gebruikte_instellingen(
        {i.plugin for i in profiel.plugins.values()}))
    if venster:
        profielen.controleer_bronnen(profiel)
    return profiel


def bouw(profiel: Profiel, data_dir: Path | None = None) -> Werkplek:
    data_dir = data_dir or profielen.data_dir()
    prive_map(data_dir)  # personal data: only for its owner, with or without a keyring
    opslag = open_opslag(profiel.naam, data_dir)
    store = opslag.store
    werker = StoreWerker(store)
    host = PluginHost.start(profiel, profiel.medewerker, data_dir,
                            opslag=partial(Pluginopslag, werker, profiel.naam))
    dossier = DossierService(host, werker, profiel.medewerker,
                             auditbestand=auditbestand_van(profiel, data_dir))
    for a in host.actief.values():
        if a.fout:
            log.error("Plugin %s niet beschikbaar: %s", a.naam, a.fout)
    kennis = KennisbankService(host, werker)
    agenda = AgendaService(host, dossier)
    return Werkplek(
        profiel=profiel, store=store, werker=werker, host=host,
        dossier=dossier,
        kennis=kennis,
        indeling=IndelingService(werker, profiel.medewerker.gebruikersnaam, profiel.naam),
        checklists=checklistbron.laad([checklistbron.STANDAARD, *profiel.checklist_mappen]),
        agenda=agenda,
        offline=Offline(dossier, agenda, kennis, timedelta(days=profiel.bewaartermijn_dagen)),
        telefonie=TelefonieService(host),
        wachtrij=WachtrijService(host, profiel.medewerker, dossier.verzender,
                                 wachtrij=profiel.wachtrij,
                                 wachtrij_per_lijn=profiel.wachtrij_per_lijn),
        monitor=Wachtrijmonitor(host, profiel.normen, wachtrijen=profiel.wachtrijen),
        meldingen=opslag.meldingen,
    )


def start_venster(werkplek: Werkplek, schermafbeelding: Opname | None = None,
                  opdracht: dict[str, Any] | None = None) -> int:
    from werkplek.ui.hoofdvenster import Diensten  # noqa: PLC0415 - Qt only when a window runs
    from werkplek.ui.toepassing import start  # noqa: PLC0415

    p = werkplek.profiel
    diensten = Diensten(
        dossier=werkplek.dossier, kennis=werkplek.kennis, indeling=werkplek.indeling,
        medewerker=p.medewerker, gemeente=p.gemeente, profiel=p.naam,
        demo=any(i.config.get("demo") for i in p.plugins.values()),
        checklists=werkplek.checklists, agenda=werkplek.agenda, locatie=p.locatie,
        offline=werkplek.offline, telefonie=werkplek.telefonie, wachtrij=werkplek.wachtrij,
        opslagmeldingen=tuple(m.tekst for m in werkplek.meldingen),
        opslagdetails="\n\n".join(m.details for m in werkplek.meldingen if m.details),
        voorbereiden_bij_start=p.voorbereiden_bij_start,
        nawerk_max_seconden=p.nawerk_max_seconden,
        monitor=werkplek.monitor, alarm_geluid=p.alarm_geluid,
        telefoon=p.telefoon,
    )
    return start(diensten, werkplek.aclose, schermafbeelding, opdracht)
