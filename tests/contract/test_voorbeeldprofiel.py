"""The documented example profile that wires the four plugins of the government APIs."""

from __future__ import annotations

from pathlib import Path

import pytest

from werkplek.ports import Capability
from werkplek.services.plugins import PluginHost
from werkplek.services.profiel import RESOURCES, lees_profiel


@pytest.mark.asyncio
async def test_het_voorbeeldprofiel_commonground_start_al_zijn_plugins(tmp_path: Path) -> None:
    """The documented example wires BRP, ZGW, Open Klant and KvK: every plugin is found
    through its entry point and accepts the settings as written (no request is sent)."""
    profiel = lees_profiel(RESOURCES / "profiles" / "example-commonground.toml",
                           os_gebruiker="kcc.agent")
    host = PluginHost.start(profiel, profiel.medewerker, tmp_path)
    try:
        assert {n: a.fout for n, a in host.actief.items()} == dict.fromkeys(
            ["brp", "zaken", "openklant", "kvk", "ingebouwd"])
        assert {a.plugin_naam for a in host.actief.values()} == {
            "werkplek_brp", "werkplek_zgw", "werkplek_openklant", "werkplek_kvk",
            "werkplek_embedded"}
        for cap in Capability:
            for naam in profiel.capabilities.get(cap, ()):
                obj = host.actief[naam].object
                assert obj is not None and cap in obj.capabilities, (cap, naam)
    finally:
        await host.aclose()
