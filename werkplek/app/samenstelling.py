"""Composition root: the local store, the plugins and the services of one profile."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path

from werkplek.services import checklists as checklistbron
from werkplek.services import profiel as profielen
from werkplek.services.agenda import AgendaService
from werkplek.services.checklists import Checklists
from werkplek.services.dossier import DossierService, KennisbankService, auditbestand_van
from werkplek.services.instellingen import IndelingService, indelingpad, oude_sleutel
from werkplek.services.offline import Offline
from werkplek.services.opslag import Opslagmelding, open_opslag
from werkplek.services.plugins import PluginHost
from werkplek.services.profiel import Profiel
from werkplek.services.telefonie import TelefonieService
from werkplek.services.wachtrij import Wachtrijmonitor, WachtrijService
from werkplek.services.werker import Pluginopslag, StoreWerker
from werkplek.store.bestanden import prive_map
from werkplek.store.database import Store
from werkplek.store.repositories import Instellingen

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
        await self.dossier.vastgelegd()  # every view shown has its audit record
        await self.wachtrij.leeg_rij()  # what the agent did last is in the outbox, not lost
        await self.host.aclose()
        await asyncio.get_running_loop().run_in_executor(None, self.werker.sluit)
        self.store.sluit()


def _indeling(profiel: Profiel, data_dir: Path, store: Store) -> IndelingService:
    """The window's layout file; a layout an earlier version kept in the store moves to it."""
    gebruiker = profiel.medewerker.gebruikersnaam
    indeling = IndelingService(indelingpad(data_dir, profiel.naam, gebruiker))
    oud, sleutel = Instellingen(store), oude_sleutel(profiel.naam, gebruiker)
    if indeling.neem_over(lambda: oud.lees(sleutel)):
        oud.wis(sleutel)
    return indeling


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
        indeling=_indeling(profiel, data_dir, store),
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
