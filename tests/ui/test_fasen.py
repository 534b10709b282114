"""The start-up phases bench/opstart.py reads: written by the window itself, once each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.ui.test_indeling import rust
from werkplek.ui.fasen import Fasen
from werkplek.ui.hoofdvenster import Hoofdvenster


@pytest.mark.asyncio
async def test_venster_en_dossier_elk_een_keer(venster: Hoofdvenster, tmp_path: Path) -> None:
    pad = tmp_path / "fasen.jsonl"
    fasen = Fasen(pad, venster)
    venster.repaint()
    await rust()
    venster.klantbeeld.naam.repaint()  # no klant yet: not the dossier
    assert [json.loads(r)["fase"] for r in pad.read_text().splitlines()] == ["venster"]
    venster.zoek_tekst("999993653")
    await venster.taken.wacht()
    await rust()
    venster.klantbeeld.naam.repaint()
    venster.repaint()
    regels = [json.loads(r) for r in pad.read_text().splitlines()]
    assert [r["fase"] for r in regels] == ["venster", "dossier"]
    assert regels[0]["t"] <= regels[1]["t"]
    assert all(r["rss_kib"] > 0 for r in regels)
    assert fasen.gezien == {"venster", "dossier"}
