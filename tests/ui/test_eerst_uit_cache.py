"""Stale-while-revalidate: what the cache holds paints at once, before the source answers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from werkplek_embedded.demo import BERT_BSN

from tests.hulp import kapotte_profiel_toml, wacht_tot
from tests.ui.conftest import open_venster, sluit_venster
from werkplek.app import bouw
from werkplek.domain.model import Afhandeling, Contactmoment, Kanaal, KlantRef, nu
from werkplek.services.cache import klantsleutel, naar_json
from werkplek.services.profiel import lees_profiel
from werkplek.store.repositories import CacheOpslag

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
