"""Retention: cached personal data older than the profile's limit is purged, at start and
every hour; the limit is the beheerder's to set per profile."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from tests.hulp import wacht_tot
from werkplek.app import bouw
from werkplek.domain.model import nu
from werkplek.services.profiel import ConfigFout, Profiel, lees_profiel
from werkplek.store.repositories import CacheOpslag


@pytest.mark.asyncio
async def test_verlopen_cache_wordt_bij_start_en_daarna_elk_uur_gewist(
        demo_profiel: Profiel, tmp_path: Path) -> None:
    assert demo_profiel.bewaartermijn_dagen == 7
    w = bouw(demo_profiel, tmp_path / "data")
    cache = CacheOpslag(w.store)

    def bewaar(sleutel: str, dagen_oud: float) -> None:
        cache.bewaar("klant", sleutel, [("ingebouwd", "{}")],
                     nu() - timedelta(days=dagen_oud))

    def sleutels() -> set[str]:
        with w.store.engine.connect() as conn:
            return {r[0] for r in conn.exec_driver_sql("SELECT sleutel FROM cache")}

    bewaar("persoon:oud", 7.01)
    bewaar("persoon:vers", 6.9)
    wachter = asyncio.create_task(w.offline.bewaak_bewaartermijn(elke=0.05))
    try:
        await wacht_tot(lambda: sleutels() == {"persoon:vers"})
        bewaar("persoon:later-verlopen", 30)  # an hour later, the next round takes it
        await wacht_tot(lambda: sleutels() == {"persoon:vers"})
    finally:
        wachter.cancel()
        await asyncio.gather(wachter, return_exceptions=True)
        await w.aclose()


@pytest.mark.parametrize(("regel", "fout"), [
    ("bewaartermijn_dagen = 0", "1 tot en met 90"),
    ("bewaartermijn_dagen = 365", "1 tot en met 90"),
    ('bewaartermijn_dagen = "week"', "1 tot en met 90"),
    ('voorbereiden_bij_start = "ja"', "true of false"),
])
def test_offline_instellingen_worden_gecontroleerd(tmp_path: Path, regel: str,
                                                   fout: str) -> None:
    pad = tmp_path / "p.toml"
    pad.write_text(f'[profiel]\nnaam = "p"\n\n[offline]\n{regel}\n', encoding="utf-8")
    with pytest.raises(ConfigFout) as e:
        lees_profiel(pad, os_gebruiker="agent")
    assert fout in str(e.value) and "regel 5" in str(e.value)


def test_eigen_bewaartermijn(tmp_path: Path) -> None:
    pad = tmp_path / "p.toml"
    pad.write_text('[profiel]\nnaam = "p"\n\n[offline]\nbewaartermijn_dagen = 2\n'
                   "voorbereiden_bij_start = false\n", encoding="utf-8")
    p = lees_profiel(pad, os_gebruiker="agent")
    assert (p.bewaartermijn_dagen, p.voorbereiden_bij_start) == (2, False)
