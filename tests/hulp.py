"""Helpers for tests: fake plugins that fail on purpose, and waiting for conditions."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any, ClassVar, TypeVar

from werkplek.domain.model import Contactmoment, KlantRef, Ontvanger, Veldlimieten
from werkplek.ports import (
    PLUGIN_API_VERSIE,
    BronFout,
    Capability,
    Gezondheid,
    Plugin,
    PluginContext,
)

P = TypeVar("P", bound=Plugin)


@asynccontextmanager
async def gesloten_na_afloop() -> AsyncIterator[Callable[[P], P]]:
    """``bewaar(plugin)`` for every plugin a test makes: all are closed when it ends."""
    gemaakt: list[Plugin] = []

    def bewaar(plugin: P) -> P:
        gemaakt.append(plugin)
        return plugin

    try:
        yield bewaar
    finally:
        for plugin in gemaakt:
            await plugin.aclose()


async def wacht_tot(voorwaarde: Callable[[], bool], *, binnen: float = 15.0) -> None:
    """Wait for a condition on the running loop; a guard against hanging, not a time check."""
    async def lus() -> None:
        while not voorwaarde():
            await asyncio.sleep(0.01)
    await asyncio.wait_for(lus(), binnen)


class KapotteZaken:
    """A zaken source that raises on every call, as a broken backoffice adapter would."""

    api_versie = PLUGIN_API_VERSIE
    capabilities = frozenset({Capability.ZAKEN})

    def __init__(self, config: Mapping[str, Any], context: PluginContext) -> None:
        self.aanroepen = 0

    async def zaken(self, klant: KlantRef) -> list[object]:
        self.aanroepen += 1
        raise ConnectionResetError("verbinding verbroken door de server")

    async def zaak(self, identificatie: str) -> None:
        raise ConnectionResetError("verbinding verbroken door de server")

    async def health(self) -> Gezondheid:
        return Gezondheid(False, "kapot")

    async def aclose(self) -> None:
        return None


class HangendeHistorie:
    """A contact register that never answers: each call waits until it is cancelled."""

    api_versie = PLUGIN_API_VERSIE
    capabilities = frozenset({Capability.KLANTCONTACTEN})

    def __init__(self, config: Mapping[str, Any], context: PluginContext) -> None:
        self.gestart = 0
        self.geannuleerd = 0

    async def contactmomenten(self, klant: KlantRef) -> list[object]:
        self.gestart += 1
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.geannuleerd += 1
            raise
        return []

    async def registreer(self, contactmoment: object) -> object:
        await asyncio.Event().wait()
        return contactmoment

    async def health(self) -> Gezondheid:
        await asyncio.Event().wait()
        return Gezondheid(True)

    async def aclose(self) -> None:
        return None


def kapotte_profiel_toml(timeout: float = 0.3) -> str:
    """A profile whose zaken source raises and whose history source hangs."""
    return f"""
[profiel]
naam = "storing"
gemeente = "Gemeente Storing"

[plugins.ingebouwd]
plugin = "werkplek_embedded"
demo = true

[plugins.kapot]
plugin = "kapotte_zaken"

[plugins.traag]
plugin = "hangende_historie"
timeout_seconden = {timeout}

[capabilities]
personen = ["ingebouwd"]
bedrijven = ["ingebouwd"]
zaken = ["kapot"]
klantcontacten = ["traag"]
kennis = ["ingebouwd"]
"""


class StrengRegister:
    """A contact register that refuses (as an API's 4xx would) every contact whose question
    holds the word in its config ``weiger``; what it accepts it keeps once per id."""

    api_versie = PLUGIN_API_VERSIE
    capabilities = frozenset({Capability.KLANTCONTACTEN})
    ontvangen: ClassVar[dict[str, Contactmoment]] = {}
    limieten = Veldlimieten()

    def __init__(self, config: Mapping[str, Any], context: PluginContext) -> None:
        self.weiger = str(config.get("weiger", ""))
        StrengRegister.ontvangen = {}

    async def contactmomenten(self, klant: KlantRef) -> list[Contactmoment]:
        return [c for c in self.ontvangen.values() if c.klant == klant]

    async def ontvangers(self) -> list[Ontvanger]:
        return []

    async def registreer(self, contactmoment: Contactmoment) -> Contactmoment:
        if self.weiger and self.weiger in contactmoment.vraag:
            raise BronFout(f"Het register weigert het contact: ‘{self.weiger}’ is niet "
                           "toegestaan in de vraag.")
        return self.ontvangen.setdefault(contactmoment.id,
                                         dataclasses.replace(contactmoment, bron="register"))

    async def health(self) -> Gezondheid:
        return Gezondheid(True)

    async def aclose(self) -> None:
        return None


def streng_profiel_toml(weiger: str) -> str:
    """The demo, but contacts go to a register that refuses some of them."""
    return f"""
[profiel]
naam = "streng"
gemeente = "Gemeente Streng"

[plugins.ingebouwd]
plugin = "werkplek_embedded"
demo = true

[plugins.register]
plugin = "streng_register"
weiger = "{weiger}"

[capabilities]
personen = ["ingebouwd"]
zaken = ["ingebouwd"]
klantcontacten = ["register"]
kennis = ["ingebouwd"]
"""
