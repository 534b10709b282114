"""The plugin host: discovery by entry points, and the guard around every call."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from werkplek_embedded.demo import BERT_BSN

from tests.hulp import kapotte_profiel_toml
from werkplek.domain.model import KlantRef
from werkplek.ports import Capability
from werkplek.services.dossier import DossierService
from werkplek.services.plugins import PluginHost, Uitkomst, ontdek
from werkplek.services.profiel import lees_profiel
from werkplek.services.werker import StoreWerker
from werkplek.store.database import Store

SLEUTEL = "0123456789abcdef" * 4
"""A fixed raw key for stores a test opens itself."""


def test_ontdekking_vindt_ingebouwde_en_derde_plugins(testplugins: Path) -> None:
    gevonden = ontdek()
    assert gevonden["werkplek_embedded"].fabriek is not None
    assert gevonden["werkplek_embedded"].distributie == "werkplek"
    assert gevonden["kapotte_zaken"].distributie == "werkplek-testplugins"
    onvindbaar = gevonden["onvindbaar"]
    assert onvindbaar.fabriek is None
    assert onvindbaar.fout is not None and "kan niet worden geladen" in onvindbaar.fout


@pytest.mark.asyncio
async def test_bewaking_een_kapotte_en_een_hangende_bron(testplugins: Path,
                                                       tmp_path: Path) -> None:
    pad = tmp_path / "storing.toml"
    pad.write_text(kapotte_profiel_toml(timeout=0.2), encoding="utf-8")
    profiel = lees_profiel(pad)
    host = PluginHost.start(profiel, profiel.medewerker, tmp_path)
    werker = StoreWerker(Store(tmp_path / "s.db", SLEUTEL))
    dossier = DossierService(host, werker, profiel.medewerker)
    bert = KlantRef.persoon(BERT_BSN)
    try:
        klant, historie, zaken = await asyncio.gather(
            dossier.klant(bert), dossier.contacthistorie(bert), dossier.zaken(bert))
        assert klant.waarde is not None and klant.waarde.naam == "Bert Burger"
        assert zaken.waarde == []
        assert zaken.bronnen[0].uitkomst is Uitkomst.FOUT
        assert zaken.meldingen == [
            "kapot gaf een onverwachte fout (ConnectionResetError). "
            "De andere gegevens zijn wel bijgewerkt."]
        assert historie.bronnen[0].uitkomst is Uitkomst.TIMEOUT
        assert historie.meldingen == [
            "traag antwoordt niet binnen 0.2 seconden. Probeer het later opnieuw."]
        traag = host.actief["traag"].object
        assert traag.gestart == traag.geannuleerd == 1  # type: ignore[union-attr]
        gezond = await host.gezondheid()
        assert gezond["ingebouwd"].in_orde
        assert not gezond["kapot"].in_orde and not gezond["traag"].in_orde
    finally:
        await host.aclose()
        werker.sluit()
        werker.store.sluit()


@pytest.mark.asyncio
async def test_plugin_die_ontbreekt_of_niet_start_wordt_gemeld(tmp_path: Path,
                                                              testplugins: Path) -> None:
    pad = tmp_path / "p.toml"
    pad.write_text(
        '[plugins.weg]\nplugin = "bestaat_niet"\n\n[plugins.stuk]\nplugin = "onvindbaar"\n\n'
        '[plugins.ingebouwd]\nplugin = "werkplek_embedded"\ndemo = true\n\n'
        '[capabilities]\nzaken = ["weg", "stuk", "ingebouwd"]\n', encoding="utf-8")
    profiel = lees_profiel(pad)
    host = PluginHost.start(profiel, profiel.medewerker, tmp_path)
    try:
        antwoorden = await host.roep(Capability.ZAKEN,
                                     lambda p: p.zaken(KlantRef.persoon(BERT_BSN)))
        assert [a.uitkomst for a in antwoorden] == [Uitkomst.FOUT, Uitkomst.FOUT, Uitkomst.OK]
        assert "bestaat_niet is niet geïnstalleerd" in antwoorden[0].melding
        assert "kan niet worden geladen" in antwoorden[1].melding
        assert len(antwoorden[2].waarde or []) >= 3
    finally:
        await host.aclose()


def test_een_start_laadt_alleen_de_plugins_van_het_profiel(tmp_path: Path) -> None:
    """The demo profile names the embedded plugin only: no other plugin is imported, so a
    start does not pay for the HTTP, CalDAV and SIP libraries of plugins it does not use."""
    import ast
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from werkplek.services.plugins import PluginHost\n"
        "from werkplek.services.profiel import RESOURCES, lees_profiel\n"
        "p = lees_profiel(RESOURCES / 'profiles' / 'demo.toml', os_gebruiker='t')\n"
        f"host = PluginHost.start(p, p.medewerker, __import__('pathlib').Path({str(tmp_path)!r}))\n"
        "print(sorted(set(i.plugin for i in p.plugins.values())))\n"
        "print(sorted(m for m in sys.modules if m.startswith('werkplek_')))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       check=True, timeout=120)
    gebruikt, geladen = r.stdout.strip().splitlines()[-2:]
    assert gebruikt == "['werkplek_embedded']"
    plugins = {m.split(".")[0] for m in ast.literal_eval(geladen)}
    assert plugins == {"werkplek_embedded"}
