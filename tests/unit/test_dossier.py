"""Application services without a screen: search, dossier, audit and registering."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from werkplek_embedded.demo import BERT_BSN, JAN_BSN

from werkplek.app import Werkplek, bouw
from werkplek.domain.invoer import OngeldigeInvoer
from werkplek.domain.model import Afhandeling, Kanaal, KlantRef, nu
from werkplek.services.profiel import Profiel
from werkplek.store.repositories import AuditLog


@pytest_asyncio.fixture
async def wp(demo_profiel: Profiel, tmp_path: Path) -> AsyncIterator[Werkplek]:
    w = bouw(demo_profiel, tmp_path / "data")
    yield w
    await w.aclose()


@pytest.mark.asyncio
async def test_zoeken_op_zaaknummer_vindt_de_klant_en_elk_resultaat_wordt_vastgelegd(
        wp: Werkplek) -> None:
    deel = await wp.dossier.zoek(wp.dossier.zoekvraag("ZAAK-2026-0093"))
    assert [r.titel for r in deel.waarde] == ["Jan Burger"]
    jan = KlantRef.persoon(JAN_BSN)
    regels = await wp.werker.doe(lambda: AuditLog(wp.store).van_klant(jan))
    assert [(r.handeling, r.medewerker, r.doel) for r in regels] == [
        ("zoekresultaat", "testagent", "Klantcontact KCC")]


@pytest.mark.asyncio
async def test_klantbeeld_bekijken_wordt_vastgelegd(wp: Werkplek) -> None:
    bert = KlantRef.persoon(BERT_BSN)
    deel = await wp.dossier.klant(bert)
    assert deel.waarde is not None and deel.meldingen == []
    regels = await wp.werker.doe(lambda: AuditLog(wp.store).van_klant(bert))
    assert [(r.handeling, r.bron) for r in regels] == [("klantbeeld", "ingebouwd")]


@pytest.mark.asyncio
async def test_registreren_controleert_eerst_en_slaat_dan_op(wp: Werkplek) -> None:
    bert = KlantRef.persoon(BERT_BSN)
    voor = (await wp.dossier.contacthistorie(bert)).waarde
    basis = {"klant": bert, "kanaal": Kanaal.TELEFOON, "onderwerp": "Paspoort",
             "vraag": "Is mijn paspoort klaar?", "antwoord": "Ja, ophalen op afspraak.",
             "afhandeling": Afhandeling.IN_EEN_KEER, "zaken": ["ZAAK-2026-0101"],
             "begin": nu() - timedelta(minutes=3)}
    for veld, waarde, fout in [("onderwerp", "", "Onderwerp"), ("vraag", " ", "Vraag"),
                               ("vraag", "x" * 10_001, "Vraag"),
                               ("antwoord", "x" * 10_001, "Antwoord"),
                               ("antwoord", "", "Antwoord")]:
        with pytest.raises(OngeldigeInvoer) as e:
            wp.dossier.maak_contactmoment(**{**basis, veld: waarde})
        assert e.value.veld == fout
    # An anonymous question ("openingstijden?") is a contact on every channel.
    anoniem = wp.dossier.maak_contactmoment(**{**basis, "klant": None, "kanaal": Kanaal.BALIE})
    assert anoniem.klant is None and anoniem.kanaal is Kanaal.BALIE
    assert (await wp.dossier.contacthistorie(bert)).waarde == voor  # nothing half-saved
    cm = wp.dossier.maak_contactmoment(**basis)
    assert cm.begin < cm.einde and cm.medewerker == "testagent"
    antwoord = await wp.dossier.registreer(cm)
    assert antwoord.ok
    na = (await wp.dossier.contacthistorie(bert)).waarde
    assert na[0].id == cm.id and len(na) == len(voor) + 1


@pytest.mark.asyncio
@pytest.mark.parametrize("tekst", [
    "' OR 1=1 -- 14-03-1980", 'Bu"rger 14-03-1980', "Bur* 14-03-1980", "NEAR(a b) 14-03-1980",
    "Burger -- 14-03-1980", "O'Brien 14-03-1980", "%_ 14-03-1980",
])
async def test_zoeken_met_sql_of_fts_tekens_vindt_niets_zonder_fout(wp: Werkplek,
                                                                    tekst: str) -> None:
    try:
        vraag = wp.dossier.zoekvraag(tekst)
    except OngeldigeInvoer as e:  # a message at the field is an answer too
        assert e.veld == "Zoeken" and e.bericht
        return
    deel = await wp.dossier.zoek(vraag)
    assert deel.waarde == [] or [r.titel for r in deel.waarde] == ["Bert Burger"]
    assert deel.meldingen == []
