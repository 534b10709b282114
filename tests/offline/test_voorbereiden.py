"""Prefetch for the counter: today's customers and the kennisbank into the cache."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from werkplek_embedded.demo import FATIMA_BSN, JAN_BSN, SANNE_BSN

from werkplek.app import bouw
from werkplek.domain.model import KlantRef, nu
from werkplek.services.cache import klantsleutel
from werkplek.services.profiel import Profiel
from werkplek.store.repositories import AuditLog, CacheOpslag

VANDAAG = [KlantRef.persoon(b) for b in (FATIMA_BSN, JAN_BSN, SANNE_BSN)]


@pytest.mark.asyncio
async def test_voorbereiden_zet_de_klanten_van_vandaag_en_de_kennisbank_klaar(
        demo_profiel: Profiel, tmp_path: Path) -> None:
    w = bouw(demo_profiel, tmp_path / "data")
    stappen: list[tuple[int, int, str]] = []
    try:
        assert await w.offline.voorbereid_op() is None
        klaar = await w.offline.voorbereiden(nu().date(), "Stadskantoor",
                                             lambda *s: stappen.append(s))
        assert (klaar.klanten, klaar.zonder_nummer, klaar.meldingen) == (3, 0, ())
        assert klaar.artikelen >= 40
        assert await w.offline.voorbereid_op() == nu().date()
        # Progress from 0 to the end, never backwards, and it says what it does.
        gedaan = [s[0] for s in stappen]
        assert gedaan == sorted(gedaan) and gedaan[0] == 0 and stappen[-1][0] == stappen[-1][1]
        assert stappen[-1][2] == "Klaar voor offline werken."
        cache = CacheOpslag(w.store)
        for ref in VANDAAG:
            delen = {soort: cache.lees(soort, klantsleutel(ref), ["ingebouwd"])
                     for soort in ("klant", "zaken", "contacten", "afspraken")}
            assert all(delen.values()), f"niet alles klaargezet voor {ref.nummer[-3:]}"
            # Fetching is a view of personal data too: protocolled, with its own purpose.
            regels = AuditLog(w.store).van_klant(ref)
            assert [r.handeling for r in regels] == ["offline_voorbereid"]
        assert cache.lees("vandaag", f"{nu().date().isoformat()}@Stadskantoor", ["ingebouwd"])
        # Offline, the paint from the cache alone has the customer at once.
        eerst = await w.dossier.klant(VANDAAG[1], uit_cache=True)
        assert eerst.waarde is not None and eerst.waarde.naam == "Jan Burger"
        assert "stand van" in eerst.meldingen[0]
    finally:
        await w.aclose()


@pytest.mark.asyncio
async def test_voorbereiden_is_te_stoppen(demo_profiel: Profiel, tmp_path: Path) -> None:
    w = bouw(demo_profiel, tmp_path / "data")
    begonnen = asyncio.Event()
    try:
        taak = asyncio.create_task(w.offline.voorbereiden(
            nu().date(), "Stadskantoor", lambda n, _t, _w: begonnen.set() if n == 1 else None))
        await begonnen.wait()
        taak.cancel()
        with pytest.raises(asyncio.CancelledError):
            await taak
        assert await w.offline.voorbereid_op() is None  # not marked as prepared
    finally:
        await w.aclose()
