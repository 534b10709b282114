"""The softphone beside werkplek: baresip, through its TCP control interface (ctrl_tcp).

Call events (incoming, answered, closed) come in as Gespreksgebeurtenis; click-to-dial,
answer and hang up go out as commands. A softphone that goes away or sends garbage is
connected to again with backoff, and ``health()`` says how things stand.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import random
from collections.abc import AsyncIterator, Mapping
from typing import Any

from werkplek.domain.model import nu
from werkplek.domain.oproep import Gespreksfase, Gespreksgebeurtenis, oproep
from werkplek.ports import (
    PLUGIN_API_VERSIE,
    BronFout,
    BronOnbereikbaar,
    Capability,
    Gezondheid,
    PluginContext,
)
from werkplek_baresip.ctrl import Onleesbaar, lees, netstring

log = logging.getLogger(__name__)

FASEN = {
    "CALL_INCOMING": Gespreksfase.BINNENKOMEND,
    "CALL_OUTGOING": Gespreksfase.UITGAAND,
    "CALL_ESTABLISHED": Gespreksfase.AANGENOMEN,
    "CALL_CLOSED": Gespreksfase.BEEINDIGD,
}
PLAFOND = 30.0
"""The longest wait between two attempts to reach the softphone, in seconds."""


INSTELLINGEN = frozenset({"ctrl_tcp", "bel_uri", "timeout_seconden"})
"""The settings of this plugin's table in the profile; werkplek refuses any other key."""


def create_plugin(config: Mapping[str, Any], context: PluginContext) -> BaresipPlugin:
    """Entry point of group ``werkplek.plugins``."""
    return BaresipPlugin(config, context)


def nummer_uit_uri(uri: str) -> str:
    """The user part of a SIP or tel URI: what the caller's number is, if anything."""
    _, _, rest = uri.partition(":") if uri[:4].lower() in {"sip:", "sips", "tel:"} else (
        "", "", uri)
    return rest.split("@", 1)[0].split(";", 1)[0]


class BaresipPlugin:
    api_versie = PLUGIN_API_VERSIE
    capabilities = frozenset({Capability.TELEFONIE})

    def __init__(self, config: Mapping[str, Any], context: PluginContext) -> None:
        host, _, poort = str(config.get("ctrl_tcp", "127.0.0.1:4444")).rpartition(":")
        if not host or not poort.isdigit():
            raise ValueError("ctrl_tcp is host:poort, bijvoorbeeld 127.0.0.1:4444.")
        self.host, self.poort = host, int(poort)
        self.bel_uri = str(config.get("bel_uri", "sip:{nummer}@127.0.0.1"))
        self.timeout = float(config.get("timeout_seconden", 5.0))
        self._schrijver: asyncio.StreamWriter | None = None
        self._lezer: asyncio.Task[None] | None = None
        self._antwoorden: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._gebeurtenissen: asyncio.Queue[Gespreksgebeurtenis | None] = asyncio.Queue()
        self._tokens = itertools.count(1)
        self._pogingen = 0
        self._slot = asyncio.Lock()
        self.staat = "nog niet verbonden"

    @property
    def verbonden(self) -> bool:
        return self._schrijver is not None

    # -- the connection ------------------------------------------------------------------

    async def _verbind(self) -> None:
        async with self._slot:
            if self.verbonden:
                return
            try:
                # asyncio.timeout, not wait_for: Python 3.11's wait_for can swallow a cancel.
                async with asyncio.timeout(self.timeout):
                    lezer, schrijver = await asyncio.open_connection(self.host, self.poort)
            except (OSError, TimeoutError) as e:
                self.staat = f"softphone niet bereikbaar op {self.host}:{self.poort}"
                raise BronOnbereikbaar(
                    f"De softphone (baresip) is niet bereikbaar op {self.host}:{self.poort}."
                ) from e
            self._schrijver = schrijver
            self.staat = "verbonden"
            log.info("Verbonden met baresip op %s:%d", self.host, self.poort)
            self._lezer = asyncio.create_task(self._lees(lezer), name="baresip-lezer")

    async def _lees(self, lezer: asyncio.StreamReader) -> None:
        reden = "verbinding verbroken"
        try:
            while True:
                bericht = await lees(lezer)
                self._pogingen = 0  # a peer that talks sense: the next loss starts afresh
                if bericht.get("response"):
                    wacht = self._antwoorden.pop(str(bericht.get("token", "")), None)
                    if wacht is not None and not wacht.done():
                        wacht.set_result(bericht)
                elif bericht.get("event") and (g := self._gebeurtenis(bericht)) is not None:
                    self._gebeurtenissen.put_nowait(g)
        except Onleesbaar as e:
            reden = f"onleesbaar bericht ({e})"
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        finally:
            self._los(reden)

    def _los(self, reden: str) -> None:
        if self._schrijver is not None:
            self._schrijver.close()
            self._schrijver = None
            log.warning("Verbinding met baresip weg: %s", reden)
        self.staat = f"niet verbonden: {reden}"
        for wacht in self._antwoorden.values():
            if not wacht.done():
                wacht.set_exception(BronOnbereikbaar("De verbinding met de softphone is weg."))
        self._antwoorden.clear()
        self._gebeurtenissen.put_nowait(None)  # wakes gebeurtenissen() to connect again

    @staticmethod
    def _gebeurtenis(bericht: Mapping[str, Any]) -> Gespreksgebeurtenis | None:
        fase = FASEN.get(str(bericht.get("type", "")))
        if fase is None:
            return None
        return Gespreksgebeurtenis(
            gesprek=str(bericht.get("id", ""))[:128], fase=fase,
            oproep=oproep(nummer_uit_uri(str(bericht.get("peeruri", "")))),
            naam=str(bericht.get("peerdisplayname", ""))[:100], tijd=nu(),
            reden=str(bericht.get("param", ""))[:200] if fase is Gespreksfase.BEEINDIGD
            else "")

    # -- Telefonie ------------------------------------------------------------------------

    async def gebeurtenissen(self) -> AsyncIterator[Gespreksgebeurtenis]:
        while True:
            if not self.verbonden:
                try:
                    await self._verbind()
                except BronOnbereikbaar:
                    await self._wacht_even()
                    continue
            gebeurtenis = await self._gebeurtenissen.get()
            if gebeurtenis is not None:
                yield gebeurtenis
            elif not self.verbonden:  # lost, or garbage: not straight back in
                await self._wacht_even()

    async def _wacht_even(self) -> None:
        """Backoff with jitter before the next attempt: 0.5 s doubling up to 30 s."""
        self._pogingen += 1
        stap = min(PLAFOND, 0.5 * 2 ** min(self._pogingen - 1, 10))
        await asyncio.sleep(stap / 2 + random.uniform(0, stap / 2))

    async def _opdracht(self, opdracht: str, params: str = "") -> dict[str, Any]:
        await self._verbind()
        assert self._schrijver is not None
        token = f"w{next(self._tokens)}"
        wacht: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._antwoorden[token] = wacht
        bericht: dict[str, Any] = {"command": opdracht, "token": token}
        if params:
            bericht["params"] = params
        self._schrijver.write(netstring(bericht))
        try:
            async with asyncio.timeout(self.timeout):
                antwoord = await wacht
        except TimeoutError:
            self._antwoorden.pop(token, None)
            raise BronOnbereikbaar("De softphone antwoordt niet.") from None
        if antwoord.get("ok") is not True:
            tekst = str(antwoord.get("data", "")).strip()[:200]
            raise BronFout(f"De softphone weigert ‘{opdracht}’: {tekst or 'geen reden'}.")
        return antwoord

    async def bel(self, nummer: str) -> None:
        if not nummer.startswith("+") or not nummer[1:].isdigit():
            raise BronFout("Alleen een telefoonnummer in internationale vorm kan worden gebeld.")
        await self._opdracht("dial", self.bel_uri.format(nummer=nummer))

    async def aannemen(self) -> None:
        await self._opdracht("accept")

    async def doorverbinden(self, nummer: str) -> None:
        """Blind transfer (SIP REFER) of the call in progress to a number or an extension."""
        if not (nummer.removeprefix("+").isdigit() and 2 <= len(nummer) <= 16):
            raise BronFout("Doorverbinden kan alleen naar een telefoonnummer of een "
                           "toestelnummer.")
        await self._opdracht("transfer", self.bel_uri.format(nummer=nummer))

    async def ophangen(self) -> None:
        await self._opdracht("hangup")

    async def health(self) -> Gezondheid:
        try:
            await self._opdracht("listcalls")
        except BronFout as e:
            return Gezondheid(False, str(e))
        return Gezondheid(True, f"baresip op {self.host}:{self.poort}")

    async def aclose(self) -> None:
        if self._lezer is not None:
            self._lezer.cancel()
            await asyncio.gather(self._lezer, return_exceptions=True)
        if self._schrijver is not None:
            schrijver, self._schrijver = self._schrijver, None
            schrijver.close()
            with contextlib.suppress(OSError):
                await schrijver.wait_closed()
