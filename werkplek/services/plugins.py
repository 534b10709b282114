"""Plugin host: discovery through entry points, set-up per profile, and the guard on each call.

Every phase is contained on its own (discover, import, create, every call): a broken plugin
becomes a Dutch message in its own panel and in ``werkplek plugins``, never a crash.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import sys
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from werkplek.domain.model import Medewerker
from werkplek.ports import (
    PLUGIN_API_VERSIE,
    BronFout,
    BronOnbereikbaar,
    Capability,
    GeheugenOpslag,
    Gezondheid,
    Plugin,
    PluginContext,
    PluginFactory,
    Sleutelopslag,
)
from werkplek.services.profiel import Profiel

log = logging.getLogger(__name__)
GROEP = "werkplek.plugins"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Ontdekt:
    """One entry point of group ``werkplek.plugins``, loaded or not."""

    naam: str
    verwijzing: str
    distributie: str
    versie: str
    fabriek: PluginFactory | None
    fout: str | None = None
    instellingen: frozenset[str] | None = None
    """The settings of its profile table the plugin declares (``INSTELLINGEN`` in the module
    of its entry point); None when it declares none."""


def ontdek(groep: str = GROEP, namen: Collection[str] | None = None) -> dict[str, Ontdekt]:
    """Load the plugin entry points (only those in ``namen`` when given: a start imports
    what its profile uses, not every installed plugin); one that fails to import is
    reported, not raised."""
    gevonden: dict[str, Ontdekt] = {}
    from importlib.metadata import entry_points  # noqa: PLC0415 - on the worker thread

    for ep in entry_points(group=groep):
        if namen is not None and ep.name not in namen:
            continue
        dist = ep.dist.name if ep.dist else "?"
        versie = ep.dist.version if ep.dist else "?"
        try:
            fabriek = ep.load()
            if not callable(fabriek):
                raise TypeError(f"{ep.value} is niet aanroepbaar")
            gevonden[ep.name] = Ontdekt(ep.name, ep.value, dist, versie, fabriek,
                                        instellingen=_instellingen(ep.module, ep.name))
        except Exception as e:
            log.exception("Plugin %s kon niet worden geladen", ep.name)
            gevonden[ep.name] = Ontdekt(ep.name, ep.value, dist, versie, None,
                                        f"kan niet worden geladen: {type(e).__name__}: {e}")
    return gevonden


def _instellingen(module: str, naam: str) -> frozenset[str] | None:
    """``INSTELLINGEN`` of the plugin's module: the keys its profile table may hold."""
    waarde = getattr(sys.modules.get(module), "INSTELLINGEN", None)
    if waarde is None:
        return None
    if not isinstance(waarde, set | frozenset) or not all(isinstance(w, str) for w in waarde):
        log.warning("Plugin %s: INSTELLINGEN is geen verzameling namen; niet gecontroleerd", naam)
        return None
    return frozenset(waarde)


def instellingen_per_plugin(ontdekt: Mapping[str, Ontdekt]) -> dict[str, frozenset[str] | None]:
    """Each installed plugin → the settings it declares, for profiel.controleer_plugins."""
    return {naam: o.instellingen for naam, o in ontdekt.items()}


def gebruikte_instellingen(gebruikt: Collection[str], groep: str = GROEP
                           ) -> dict[str, frozenset[str] | None]:
    """As instellingen_per_plugin, importing only the plugins in ``gebruikt`` (the others
    are None): a pop handed to the running window must stay quick. One that fails to
    import is None too; the host reports it when it starts."""
    uit: dict[str, frozenset[str] | None] = {}
    from importlib.metadata import entry_points  # noqa: PLC0415 - on the worker thread

    for ep in entry_points(group=groep):
        uit[ep.name] = None
        if ep.name in gebruikt:
            try:
                ep.load()
            except Exception:
                continue
            uit[ep.name] = _instellingen(ep.module, ep.name)
    return uit


class KeyringGeheimen:
    """Secrets of one plugin instance, from the OS keyring (service ``werkplek/<profiel>``)."""

    def __init__(self, profiel: str, plugin: str) -> None:
        self._dienst = f"werkplek/{profiel}"
        self._plugin = plugin

    def geheim(self, naam: str) -> str | None:
        # The keyring library when a plugin reads a secret, not when the window starts.
        from keyring.errors import KeyringError  # noqa: PLC0415

        from werkplek.services import sleutelbos  # noqa: PLC0415

        try:
            return sleutelbos.lees(self._dienst, f"{self._plugin}.{naam}")
        except KeyringError as e:
            raise BronFout(
                f"{sleutelbos.uitleg(e)} Het geheim {naam!r} voor {self._plugin} kan niet "
                "worden gelezen."
            ) from e


class Uitkomst(enum.StrEnum):
    OK = "ok"
    FOUT = "fout"
    TIMEOUT = "timeout"
    CACHE = "cache"
    """The source failed; the value is what it returned earlier, from the local cache."""


@dataclass(frozen=True, slots=True)
class BronAntwoord(Generic[T]):
    """What one source answered to one call: a value, or a Dutch message why not."""

    bron: str
    uitkomst: Uitkomst
    waarde: T | None = None
    melding: str = ""
    fout: BronFout | None = None
    """The source's own refusal, for callers that act on its kind (e.g. SlotBezet)."""

    @property
    def ok(self) -> bool:
        return self.uitkomst is Uitkomst.OK


@dataclass(slots=True)
class Actief:
    """A plugin instance of the profile, or the reason it could not be made."""

    naam: str
    plugin_naam: str
    timeout: float
    object: Plugin | None
    fout: str | None = None


class PluginHost:
    """The plugins of one profile, each call guarded by a timeout and an exception guard."""

    def __init__(self, profiel: Profiel, actief: Mapping[str, Actief],
                 ontdekt: Mapping[str, Ontdekt]) -> None:
        self.profiel = profiel
        self.actief = dict(actief)
        self.ontdekt = dict(ontdekt)
        self.onbereikbaar: dict[str, str] = {}
        """Sources whose last call found them unreachable, with the message why."""
        self._luisteraars: list[Callable[[str, bool], None]] = []

    def bij_bereikbaarheid(self, luisteraar: Callable[[str, bool], None]) -> None:
        """Call ``luisteraar(bron, bereikbaar)`` whenever a source goes offline or comes back."""
        self._luisteraars.append(luisteraar)

    def _bereikbaar(self, bron: str, ja: bool, melding: str = "") -> None:
        was = bron not in self.onbereikbaar
        if ja:
            self.onbereikbaar.pop(bron, None)
        else:
            self.onbereikbaar[bron] = melding
        if was != ja:
            log.info("Bron %s is %s", bron, "weer bereikbaar" if ja else "niet bereikbaar")
            for luisteraar in list(self._luisteraars):
                luisteraar(bron, ja)

    @classmethod
    def start(cls, profiel: Profiel, medewerker: Medewerker, data_dir: Path,
              ontdekt: Mapping[str, Ontdekt] | None = None,
              opslag: Callable[[str], Sleutelopslag] | None = None) -> PluginHost:
        """Make the profile's plugins; ``opslag(naam)`` gives each its own key-value store
        (in memory when not given)."""
        if ontdekt is None:
            ontdekt = ontdek(namen={inst.plugin for inst in profiel.plugins.values()})
        actief: dict[str, Actief] = {}
        for naam, inst in profiel.plugins.items():
            gevonden = ontdekt.get(inst.plugin)
            if gevonden is None or gevonden.fabriek is None:
                reden = gevonden.fout if gevonden else "is niet geïnstalleerd"
                actief[naam] = Actief(naam, inst.plugin, inst.timeout, None,
                                      f"Plugin {inst.plugin} {reden}.")
                continue
            context = PluginContext(naam=naam, profiel=profiel.naam, data_dir=data_dir,
                                    medewerker=medewerker,
                                    geheimen=KeyringGeheimen(profiel.naam, naam),
                                    opslag=opslag(naam) if opslag else GeheugenOpslag())
            try:
                obj = gevonden.fabriek(inst.config, context)
                _controleer(obj, inst.plugin)
            except Exception as e:
                log.exception("Plugin %s kon niet starten", naam)
                actief[naam] = Actief(naam, inst.plugin, inst.timeout, None,
                                      f"Plugin {inst.plugin} kon niet starten: {e}")
                continue
            actief[naam] = Actief(naam, inst.plugin, inst.timeout, obj)
        return cls(profiel, actief, ontdekt)

    def bronnen(self, cap: Capability) -> list[Actief]:
        return [self.actief[n] for n in self.profiel.capabilities.get(cap, ())]

    async def roep(
        self, cap: Capability, aanroep: Callable[[Any], Awaitable[T]]
    ) -> list[BronAntwoord[T]]:
        """Call every source of ``cap`` at once; each answer or failure comes back separately."""
        bronnen = self.bronnen(cap)
        return list(await asyncio.gather(*(self.roep_een(b, cap, aanroep) for b in bronnen)))

    async def roep_een(
        self, bron: Actief, cap: Capability, aanroep: Callable[[Any], Awaitable[T]]
    ) -> BronAntwoord[T]:
        if bron.object is None:
            return BronAntwoord(bron.naam, Uitkomst.FOUT, melding=bron.fout or "niet beschikbaar")
        if cap not in bron.object.capabilities:
            return BronAntwoord(bron.naam, Uitkomst.FOUT,
                                melding=f"Plugin {bron.plugin_naam} kan geen {cap.label.lower()}.")
        try:
            # asyncio.timeout, not wait_for: in Python 3.11 wait_for swallows a cancellation
            # that arrives as the call completes, and the cancelled task then runs on.
            async with asyncio.timeout(bron.timeout):
                waarde = await aanroep(bron.object)
        except TimeoutError:
            log.warning("Bron %s (%s) antwoordde niet binnen %.1f s", bron.naam, cap, bron.timeout)
            melding = (f"{bron.naam} antwoordt niet binnen {bron.timeout:g} seconden. "
                       "Probeer het later opnieuw.")
            self._bereikbaar(bron.naam, False, melding)
            return BronAntwoord(bron.naam, Uitkomst.TIMEOUT, melding=melding)
        except BronFout as e:
            log.warning("Bron %s (%s) gaf een fout: %s", bron.naam, cap, e)
            self._bereikbaar(bron.naam, not isinstance(e, BronOnbereikbaar), f"{bron.naam}: {e}")
            return BronAntwoord(bron.naam, Uitkomst.FOUT, melding=f"{bron.naam}: {e}", fout=e)
        except Exception as e:
            log.exception("Bron %s (%s) faalde", bron.naam, cap)
            return BronAntwoord(bron.naam, Uitkomst.FOUT, melding=(
                f"{bron.naam} gaf een onverwachte fout ({type(e).__name__}). "
                "De andere gegevens zijn wel bijgewerkt."))
        self._bereikbaar(bron.naam, True)
        return BronAntwoord(bron.naam, Uitkomst.OK, waarde)

    async def gezondheid(self) -> dict[str, Gezondheid]:
        async def een(a: Actief) -> tuple[str, Gezondheid]:
            if a.object is None:
                return a.naam, Gezondheid(False, a.fout or "niet beschikbaar")
            try:
                async with asyncio.timeout(a.timeout):
                    return a.naam, await a.object.health()
            except TimeoutError:
                return a.naam, Gezondheid(False, f"geen antwoord binnen {a.timeout:g} s")
            except Exception as e:
                return a.naam, Gezondheid(False, f"{type(e).__name__}: {e}")
        return dict(await asyncio.gather(*(een(a) for a in self.actief.values())))

    async def aclose(self) -> None:
        for a in self.actief.values():
            if a.object is None:
                continue
            try:
                async with asyncio.timeout(a.timeout):
                    await a.object.aclose()
            except Exception:
                log.exception("Plugin %s sloot niet netjes af", a.naam)


def _controleer(obj: object, plugin: str) -> None:
    if not isinstance(obj, Plugin):
        raise TypeError(f"{plugin} levert geen plugin-object (capabilities, health, aclose)")
    if obj.api_versie != PLUGIN_API_VERSIE:
        raise TypeError(
            f"{plugin} is geschreven voor plugin-API {obj.api_versie}, werkplek biedt "
            f"{PLUGIN_API_VERSIE}"
        )
