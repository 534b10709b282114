"""A plugin's own key-value store in the encrypted local store: kept across a restart, one
plugin apart from another, and never readable in the file without the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from werkplek.services.werker import Pluginopslag, StoreWerker
from werkplek.store.database import Store

SLEUTEL = "0123456789abcdef" * 4
PARTIJ = "partij/persoon/999993653"
UUID = "5d0f8b1e-7c3a-4f2e-9b6d-2a1c0e9f8d7b"


def inhoud(map_: Path) -> bytes:
    """Every byte werkplek wrote there (the store and its -wal and -shm files)."""
    return b"".join(p.read_bytes() for p in map_.iterdir() if p.is_file())


@pytest.mark.asyncio
async def test_de_opslag_van_een_plugin_blijft_bewaard_en_apart_en_versleuteld(
        tmp_path: Path) -> None:
    pad = tmp_path / "werkplek.db"
    werker = StoreWerker(Store(pad, SLEUTEL))
    try:
        openklant = Pluginopslag(werker, "demodam", "openklant")
        await openklant.schrijf(PARTIJ, UUID)
        assert await openklant.lees(PARTIJ) == UUID
        # Another plugin, or the same plugin name in another profile, sees nothing of it.
        assert await Pluginopslag(werker, "demodam", "andere").lees(PARTIJ) is None
        assert await Pluginopslag(werker, "havenstad", "openklant").lees(PARTIJ) is None
    finally:
        werker.sluit()
        werker.store.sluit()

    alles = inhoud(tmp_path)
    assert b"999993653" not in alles and UUID.encode() not in alles

    werker = StoreWerker(Store(pad, SLEUTEL))  # the next start of werkplek
    try:
        openklant = Pluginopslag(werker, "demodam", "openklant")
        assert await openklant.lees(PARTIJ) == UUID
        await openklant.wis(PARTIJ)
        assert await openklant.lees(PARTIJ) is None
    finally:
        werker.sluit()
        werker.store.sluit()
