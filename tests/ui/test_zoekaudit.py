"""Search results and their audit record: the record is handed to the store before the list
is returned and written while the list paints, not before; if it cannot be written, the
list goes again and the agent is told why."""

from __future__ import annotations

import threading

import pytest

from tests.hulp import wacht_tot
from werkplek.domain.model import KlantRef
from werkplek.store.repositories import AuditLog
from werkplek.ui.hoofdvenster import Hoofdvenster

pytestmark = pytest.mark.asyncio
POSTCODE = "3011 AB 12"
"""Bert, Sanne and Thijs Burger live there: three results, no dossier opened."""


async def test_de_lijst_staat_er_terwijl_het_auditspoor_nog_geschreven_wordt(
        venster: Hoofdvenster) -> None:
    werker = venster.d.dossier.werker
    poort = threading.Event()
    bezet = werker.stuur(lambda: poort.wait(30))  # the store's thread is busy with other work
    try:
        venster.zoek_tekst(POSTCODE)
        await wacht_tot(lambda: venster.resultaten_model.rowCount() == 3)
        assert venster.taken.bezig("zoeken")  # the record is still on its way
    finally:
        poort.set()
        await bezet
    await venster.taken.wacht()
    refs = [venster.resultaten_model.item(r).klant  # type: ignore[union-attr]
            for r in range(3)]
    for ref in refs:
        regels = await werker.doe(lambda r=ref: AuditLog(werker.store).van_klant(r))
        assert [g.handeling for g in regels].count("zoekresultaat") == 1


async def test_een_auditspoor_dat_niet_lukt_haalt_de_lijst_weer_weg(
        venster: Hoofdvenster, monkeypatch: pytest.MonkeyPatch) -> None:
    def weigert(*_a: object, **_k: object) -> None:
        raise OSError("schijf vol")

    monkeypatch.setattr(venster.d.dossier._audit, "schrijf_alle", weigert)
    venster.zoek_tekst(POSTCODE)
    await venster.taken.wacht()
    assert venster.resultaten_model.rowCount() == 0
    melding = venster.resultaten_melding
    assert melding.isVisible() and "kon niet vastleggen wie ze inzag" in melding.text()
    assert venster.resultaten_status.text() == "Niets getoond."
    assert isinstance(venster.klant_ref, KlantRef | None) and venster.klant_ref is None
