"""The agent's status follows the calls; nawerk ends by registering, or at its maximum."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest

from tests.hulp import wacht_tot
from tests.ui.conftest import diensten, sluit_venster
from werkplek.app import Werkplek
from werkplek.domain.model import nu
from werkplek.domain.oproep import Gespreksfase, Gespreksgebeurtenis, oproep
from werkplek.services.profiel import ConfigFout, lees_profiel
from werkplek.ui.hoofdvenster import Hoofdvenster


def gebeurtenis(fase: Gespreksfase) -> Gespreksgebeurtenis:
    """What the Telefonie port hands the window (here without a softphone behind it)."""
    return Gespreksgebeurtenis("g-1", fase, oproep("010-1234567"), "Jan Burger", nu())


@pytest.mark.asyncio
async def test_nawerk_eindigt_op_het_maximum_en_het_contact_blijft(
        werkplek_demo: Werkplek) -> None:
    d = dataclasses.replace(diensten(werkplek_demo), nawerk_max_seconden=0.2)
    venster = Hoofdvenster(d, asyncio.get_running_loop())
    venster.show()
    try:
        venster.telefoon.gesprek("softphone", gebeurtenis(Gespreksfase.AANGENOMEN))
        await venster.taken.wacht()
        assert venster.klantbeeld.naam.text() == "Jan Burger"
        assert venster.agentstatus.value == "in_gesprek"
        venster.contactmoment.vraag.setPlainText("Vraag over de rolstoel")
        venster.telefoon.gesprek("softphone", gebeurtenis(Gespreksfase.BEEINDIGD))
        assert venster.agentstatus.value == "nawerk"
        await wacht_tot(lambda: venster.agentstatus.value == "beschikbaar")
        assert "nawerktijd is voorbij" in venster.statusBar().currentMessage()
        assert venster.contactmoment.vraag.toPlainText() == "Vraag over de rolstoel"
    finally:
        await sluit_venster(venster)


@pytest.mark.asyncio
async def test_pauze_blijft_pauze_na_een_gesprek_dat_eindigt(venster: Hoofdvenster) -> None:
    venster.telefoon.statuskeuze.setCurrentIndex(venster.telefoon.statuskeuze.findData("pauze"))
    venster.telefoon.gesprek("softphone", gebeurtenis(Gespreksfase.BEEINDIGD))
    assert venster.agentstatus.value == "pauze"


def test_nawerk_maximum_in_het_profiel(tmp_path: Path) -> None:
    pad = tmp_path / "p.toml"
    pad.write_text('[profiel]\nnaam = "p"\n\n[telefonie]\nnawerk_max_seconden = 5\n',
                   encoding="utf-8")
    with pytest.raises(ConfigFout) as e:
        lees_profiel(pad, os_gebruiker="agent")
    assert "10 tot en met 3600" in str(e.value) and "regel 5" in str(e.value)
    pad.write_text('[profiel]\nnaam = "p"\n\n[telefonie]\nnawerk_max_seconden = 90\n',
                   encoding="utf-8")
    assert lees_profiel(pad, os_gebruiker="agent").nawerk_max_seconden == 90.0
