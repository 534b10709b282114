"""The embedded default: schema from empty, the demo data set, and its ports."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import create_engine, inspect
from werkplek_embedded import EmbeddedPlugin, create_plugin
from werkplek_embedded.demo import BERT_BSN, HAVEN_KVK, JAN_BSN

from werkplek.domain.invoer import zoekvraag
from werkplek.domain.model import (
    Afhandeling,
    Contactmoment,
    Kanaal,
    KlantRef,
    Medewerker,
    Rol,
    nu,
)
from werkplek.domain.regels import is_afgerond, is_te_laat
from werkplek.ports import Capability, PluginContext


class GeenGeheimen:
    def geheim(self, naam: str) -> str | None:
        return None


def context(tmp_path: Path) -> PluginContext:
    return PluginContext("ingebouwd", "test", tmp_path,
                         Medewerker("t", "Test", Rol.TELEFOON), GeenGeheimen())


@pytest_asyncio.fixture
async def plugin(tmp_path: Path) -> AsyncIterator[EmbeddedPlugin]:
    p = create_plugin({"demo": True}, context(tmp_path))
    yield p
    await p.aclose()


@pytest.mark.asyncio
async def test_schema_vanaf_leeg_zonder_demodata(tmp_path: Path) -> None:
    p = EmbeddedPlugin({"database": str(tmp_path / "leeg.db")}, context(tmp_path))
    assert (await p.health()).in_orde
    assert await p.persoon(BERT_BSN) is None
    await p.aclose()
    engine = create_engine(f"sqlite:///{tmp_path / 'leeg.db'}")
    tabellen = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"persoon", "bedrijf", "zaak", "zaakstatus", "zaaktype", "kennisartikel",
            "contactmoment", "contactmoment_zaak", "alembic_version_embedded"} <= tabellen


@pytest.mark.asyncio
async def test_demodata_volgt_de_reizen_van_bert_en_jan(plugin: EmbeddedPlugin) -> None:
    assert plugin.capabilities >= {Capability.PERSONEN, Capability.ZAKEN, Capability.KENNIS}
    bert = await plugin.persoon(BERT_BSN)
    jan = await plugin.persoon(JAN_BSN)
    haven = await plugin.bedrijf(HAVEN_KVK)
    assert bert is not None and bert.naam == "Bert Burger"
    assert jan is not None and nu().year - jan.geboortedatum.year in (81, 82)
    assert haven is not None and "Haven" in haven.naam
    zaken = [z for ref in (bert.ref, jan.ref, haven.ref) for z in await plugin.zaken(ref)]
    assert len(zaken) >= 6
    vandaag = nu().date()
    te_laat = [z for z in zaken if is_te_laat(z, vandaag)]
    assert [z.identificatie for z in te_laat] == ["ZAAK-2026-0042"]
    assert any(is_afgerond(z) for z in zaken)
    assert all(len(z.statussen) >= 2 for z in zaken)
    artikelen = await plugin.artikelen()
    assert len(artikelen) >= 30
    assert len({a.onderwerp for a in artikelen}) >= 20
    kanalen = {c.kanaal for ref in (bert.ref, jan.ref, haven.ref)
               for c in await plugin.contactmomenten(ref)}
    assert len(kanalen) >= 5


@pytest.mark.asyncio
async def test_zoeken_per_soort(plugin: EmbeddedPlugin) -> None:
    async def namen(tekst: str) -> list[str]:
        vraag = zoekvraag(tekst)
        return ([p.naam for p in await plugin.zoek_personen(vraag)]
                + [b.naam for b in await plugin.zoek_bedrijven(vraag)])

    assert await namen("06 12345678") == ["Bert Burger"]
    assert await namen("bert.burger@example.nl") == ["Bert Burger"]
    assert await namen("burger 02-06-1944") == ["Jan Burger"]
    assert await namen("Bert Burger 14-03-1980") == ["Bert Burger"]
    assert await namen("3011AB 12") == ["Bert Burger", "Sanne Burger", "Thijs Burger"]
    assert await namen("68750110") == ["Havenbedrijf Demodam B.V."]
    assert await namen("Burger 01-01-1990") == []
    zaak = await plugin.zaak("zaak-2026-0093")
    assert zaak is not None and zaak.klant == KlantRef.persoon(JAN_BSN)


@pytest.mark.asyncio
async def test_registreren_slaat_een_id_eenmaal_op(plugin: EmbeddedPlugin) -> None:
    bert = KlantRef.persoon(BERT_BSN)
    voor = len(await plugin.contactmomenten(bert))
    cm = Contactmoment("11111111-2222-4333-8444-555555555555", bert, Kanaal.TELEFOON,
                       "Paspoort", "Is het klaar?", "Nog niet.", Afhandeling.IN_EEN_KEER,
                       "a.jansen", nu(), nu(), ("ZAAK-2026-0101", "ZAAK-2026-0042"))
    opgeslagen, nogmaals = await asyncio.gather(plugin.registreer(cm), plugin.registreer(cm))
    assert set(opgeslagen.zaken) == set(nogmaals.zaken) == {"ZAAK-2026-0101", "ZAAK-2026-0042"}
    na = await plugin.contactmomenten(bert)
    assert len(na) == voor + 1
    assert na[0].id == cm.id and na[0].begin == cm.begin
