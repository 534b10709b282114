"""A damaged store in the window: one Dutch sentence in the banner, SQLite's diagnostics
behind a "Details" button, and the window keeps its size."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest

from tests.ui.conftest import diensten, sluit_venster, vind
from werkplek.app import bouw
from werkplek.domain.model import KlantRef, nu
from werkplek.services.opslag import open_opslag, opslagpad
from werkplek.services.profiel import Profiel
from werkplek.store.repositories import AuditLog
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.qt import QtWidgets


def beschadig_auditlog(data: Path) -> None:
    """A store whose audit rows fill many pages; one of them overwritten in the middle."""
    opslag = open_opslag("demo", data)
    audit = AuditLog(opslag.store)
    for i in range(400):
        audit.schrijf(medewerker="agent " + "x" * 200, klant=KlantRef.persoon(f"{i:09d}"),
                      doel="KCC", bron="ingebouwd", handeling="inzage", tijdstip=nu())
    opslag.store.sluit()
    pad = opslagpad(data, "demo")
    inhoud = bytearray(pad.read_bytes())
    midden = len(inhoud) // 2
    inhoud[midden:midden + 4096] = bytes(range(256)) * 16
    pad.write_bytes(bytes(inhoud))


@pytest.mark.asyncio
async def test_een_beschadigde_opslag_in_een_zin_met_details_voor_de_beheerder(
        demo_profiel: Profiel, tmp_path: Path) -> None:
    data = tmp_path / "data"
    beschadig_auditlog(data)
    w = bouw(demo_profiel, data)
    venster = Hoofdvenster(replace(diensten(w), opslagdetails="\n\n".join(
        m.details for m in w.meldingen if m.details)), asyncio.get_running_loop())
    try:
        venster.resize(1600, 1000)
        venster.show()
        await venster.taken.wacht()
        [schade] = [m for m in w.meldingen if not m.test]
        assert schade.ernstig and "auditregel" in schade.tekst
        banner = vind(venster, "Opslagmelding", QtWidgets.QLabel)
        assert banner.isVisible() and schade.tekst in banner.text()
        # One sentence, Dutch: no SQLite words, no line of diagnostics.
        assert "\n" not in schade.tekst and schade.tekst.count(". ") == 0
        for engels in ("HMAC", "page", "btree", "malformed"):
            assert engels not in banner.text()
        knop = vind(venster, "Details", QtWidgets.QPushButton)
        assert knop.isVisible()
        # The banner takes a line or two, not the screen (it made the window 2,402 px high).
        met = venster.minimumSizeHint().height()
        banner.hide()
        knop.hide()
        venster.layout().activate()
        zonder = venster.minimumSizeHint().height()
        assert met - zonder < 80
        tekst = banner.text()  # the measure itself: SQLite's 110 lines would show in it
        banner.setText("\n".join(f"Tree 17 page {i}: btreeInitPage() returns error code 11"
                                 for i in range(110)))
        banner.show()
        venster.layout().activate()
        assert venster.minimumSizeHint().height() - zonder > 1000
        banner.setText(tekst)
        knop.show()
        knop.click()
        details = venster.opslagdetailsvenster
        assert details.isVisible() and "HMAC verification failed" in details.detailedText()
        assert "werkplek sync --verlies-erkend" in details.detailedText()
        details.close()
    finally:
        await sluit_venster(venster)
        await w.aclose()


@pytest.mark.asyncio
async def test_zonder_schade_geen_detailsknop(demo_profiel: Profiel, tmp_path: Path) -> None:
    w = bouw(demo_profiel, tmp_path / "data")
    venster = Hoofdvenster(diensten(w), asyncio.get_running_loop())
    try:
        venster.show()
        await venster.taken.wacht()
        assert not vind(venster, "Details", QtWidgets.QPushButton).isVisible()
    finally:
        await sluit_venster(venster)
        await w.aclose()
