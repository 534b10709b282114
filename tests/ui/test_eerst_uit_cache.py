"""Stale-while-revalidate: what the cache holds paints at once, before the source answers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from werkplek_embedded.demo import BERT_BSN

from tests.hulp import kapotte_profiel_toml, wacht_tot
from tests.ui.conftest import open_venster, sluit_venster
from werkplek.app import bouw
from werkplek.domain.model import Afhandeling, Contactmoment, Kanaal, KlantRef, nu
from werkplek.services.cache import klantsleutel, naar_json
from werkplek.services.profiel import lees_profiel
from werkplek.store.repositories import CacheOpslag
from werkplek.ui.hoofdvenster import Hoofdvenster

pytestmark = pytest.mark.asyncio
BERT = KlantRef.persoon(BERT_BSN)


async def test_bewaarde_historie_staat_er_voordat_de_bron_antwoordt(
        testplugins: Path, tmp_path: Path) -> None:
    pad = tmp_path / "storing.toml"
    pad.write_text(kapotte_profiel_toml(timeout=3.0), encoding="utf-8")
    w = bouw(lees_profiel(pad, os_gebruiker="agent"), tmp_path / "data")
    gisteren = nu() - timedelta(days=1)
    eerder = Contactmoment("c-gisteren", BERT, Kanaal.TELEFOON, "Paspoort", "Is het klaar?",
                           "Nog niet.", Afhandeling.IN_EEN_KEER, "a.jansen", gisteren, gisteren,
                           bron="traag")
    CacheOpslag(w.store).bewaar("contacten", klantsleutel(BERT),
                                [("traag", naar_json([eerder]))], gisteren)
    venster = await open_venster(w)
    try:
        venster.open_klant(BERT)
        # The history source hangs; the cached contact is in the panel while it does.
        await wacht_tot(lambda: venster.historie.model.rowCount() == 1)
        assert venster.taken.bezig("historie")
        assert venster.historie.model.contact(0).vraag == "Is het klaar?"
        assert "wordt bijgewerkt" in venster.historie.melding.text()
        await venster.taken.wacht()
        # The source timed out: the cached part stays, marked as offline since yesterday.
        assert venster.historie.model.rowCount() == 1
        tekst = venster.historie.melding.text()
        assert f"traag: offline — stand van {gisteren:%d-%m-%Y %H:%M}" in tekst
        assert venster.klantbeeld.naam.text() == "Bert Burger"  # the other panels are live
        assert not venster.klantbeeld.melding.isVisible()
    finally:
        await sluit_venster(venster)
        await w.aclose()


async def test_een_bron_die_zegt_wat_de_cache_al_toonde_tekent_niet_opnieuw(
        venster: Hoofdvenster) -> None:
    """Bert opened again: his card, history and zaken paint from the cache; the sources say
    the same, so the panels are not laid out a second time (each layout stalls the window),
    and the cache's "wordt bijgewerkt" gives way to the sources' (empty) word."""
    venster.open_klant(BERT)
    await venster.taken.wacht()
    kaarten = list(venster.zaken.kaarten)
    getekend: list[str] = []
    for naam, paneel in (("klant", venster.klantbeeld), ("historie", venster.historie),
                         ("zaken", venster.zaken)):
        zet = paneel.zet

        def tel(*args: Any, _zet: Any = zet, _naam: str = naam) -> None:
            getekend.append(_naam)
            _zet(*args)

        paneel.zet = tel  # type: ignore[method-assign]
    venster.open_klant(BERT)
    await venster.taken.wacht()
    assert sorted(getekend) == ["historie", "klant", "zaken"]  # once each: from the cache
    assert venster.klantbeeld.naam.text() == "Bert Burger"
    assert venster.historie.model.rowCount() >= 4 and len(venster.zaken.kaarten) >= 3
    assert venster.zaken.kaarten == kaarten  # the same zaken: the same cards, not rebuilt
    for melding in (venster.klantbeeld.melding, venster.historie.melding,
                    venster.zaken.melding):
        assert not melding.isVisible(), melding.text()
