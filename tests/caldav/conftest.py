"""Fixtures for the CalDAV plugin: a real Radicale, an in-memory keyring, plugin instances."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from werkplek_caldav import CaldavPlugin, create_plugin

from tests.hulp import gesloten_na_afloop
from tests.radicale import Radicale, maak_agenda
from tests.sleutelbos import GeheugenKeyring, sleutelbos_met
from werkplek.domain.model import TIJDZONE, KlantRef, Medewerker, Rol, nu
from werkplek.ports import PluginContext
from werkplek.services.plugins import KeyringGeheimen

PROFIEL = "test"
PLUGIN = "agenda"
DIENST = f"werkplek/{PROFIEL}"
WACHTWOORD = "geheim"
KLANTSLEUTEL = "test-klantsleutel-3f9a"
MDEWIT = "/kcc/mdewit/"
BALIE = "/kcc/balie/"


GEHEIMEN = {(DIENST, f"{PLUGIN}.wachtwoord"): WACHTWOORD,
            (DIENST, f"{PLUGIN}.klantsleutel"): KLANTSLEUTEL}


@pytest.fixture
def sleutelbos() -> Iterator[GeheugenKeyring]:
    """Werkplek's secrets for plugin 'agenda' of profile 'test', as KeyringGeheimen names them."""
    with sleutelbos_met(GEHEIMEN) as kr:
        yield kr


@pytest.fixture
def radicale() -> Iterator[Radicale]:
    with Radicale({"kcc": WACHTWOORD, "ander": "anders"}) as server:
        yield server


@pytest_asyncio.fixture
async def kalenders(radicale: Radicale) -> Radicale:
    """Radicale with the two calendars of ``instellingen()``."""
    await maak_agenda(radicale.url, MDEWIT, "kcc", WACHTWOORD, "M. de Wit")
    await maak_agenda(radicale.url, BALIE, "kcc", WACHTWOORD, "Balie Burgerzaken")
    return radicale


def instellingen(url: str, **extra: Any) -> dict[str, Any]:
    """The plugin's config table as it comes out of the profile TOML."""
    config: dict[str, Any] = {
        "url": url,
        "gebruiker": "kcc",
        "bronnaam": "Agenda's Demodam",
        "agenda": [
            {"id": "mdewit", "naam": "M. de Wit, casemanager Werk en Inkomen", "pad": MDEWIT,
             "onderwerpen": ["Bijstandsuitkering", "Werk zoeken"],
             "locatie": "Stadskantoor, Werkplein", "werkdagen": [0, 1, 2, 3, 4],
             "begin": "09:00", "einde": "17:00", "pauzes": [["12:30", "13:00"]],
             "slotduur_minuten": 30, "voorlooptijd_uren": 2},
            {"id": "balie", "naam": "Balie Burgerzaken", "pad": BALIE,
             "onderwerpen": ["Paspoort"], "locatie": "Stadskantoor, Balie"},
        ],
    }
    config.update(extra)
    return config


def context(tmp_path: Path) -> PluginContext:
    return PluginContext(naam=PLUGIN, profiel=PROFIEL, data_dir=tmp_path,
                         medewerker=Medewerker("tester", "T. Ester", Rol.BALIE),
                         geheimen=KeyringGeheimen(PROFIEL, PLUGIN))


MaakPlugin = Callable[..., CaldavPlugin]


@pytest_asyncio.fixture
async def maak_plugin(tmp_path: Path) -> AsyncIterator[MaakPlugin]:
    """Make plugin instances (one per workstation); all are closed after the test."""
    async with gesloten_na_afloop() as bewaar:
        yield lambda config: bewaar(create_plugin(config, context(tmp_path)))


@pytest_asyncio.fixture
async def plugin(kalenders: Radicale, sleutelbos: GeheugenKeyring,
                 maak_plugin: MaakPlugin) -> CaldavPlugin:
    return maak_plugin(instellingen(kalenders.url))


def werkdag(dagen_vooruit: int = 7, weekdag: int = 0) -> date:
    """The first given weekday (0 = Monday) at least ``dagen_vooruit`` days from today."""
    dag = nu().date() + timedelta(days=dagen_vooruit)
    return dag + timedelta(days=(weekdag - dag.weekday()) % 7)


def om(dag: date, uur: int, minuut: int = 0) -> datetime:
    """A local wall-clock time on ``dag``."""
    return datetime.combine(dag, time(uur, minuut), TIJDZONE)


def verwacht_pseudoniem(klant: KlantRef) -> str:
    """The X-WERKPLEK-KLANT value, computed here independently of the plugin."""
    digest = hmac.new(KLANTSLEUTEL.encode(), f"{klant.soort.value}:{klant.nummer}".encode(),
                      hashlib.sha256).hexdigest()
    return f"{klant.soort.value}:{digest}"


async def haal_ruw(url: str, pad: str) -> httpx.Response:
    """GET a resource straight from the server, as another CalDAV client would."""
    async with httpx.AsyncClient(base_url=url, auth=("kcc", WACHTWOORD), timeout=30) as c:
        return await c.get(pad)


async def items_in(url: str, pad: str) -> list[str]:
    """The resource names in a collection (PROPFIND depth 1)."""
    async with httpx.AsyncClient(base_url=url, auth=("kcc", WACHTWOORD), timeout=120) as c:
        antwoord = await c.request("PROPFIND", pad, headers={"Depth": "1"},
                                   content=b'<?xml version="1.0"?><propfind xmlns="DAV:">'
                                           b"<prop><getetag/></prop></propfind>")
    assert antwoord.status_code == 207, antwoord.text
    import xml.etree.ElementTree as ET

    hrefs = [h.text or "" for h in ET.fromstring(antwoord.content).iter("{DAV:}href")]
    return sorted(h.rsplit("/", 1)[-1] for h in hrefs if h.rstrip("/") != pad.rstrip("/"))
