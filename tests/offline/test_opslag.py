"""The local store at rest: encrypted with a key from the keyring, checked, and recovered."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from keyring.backends import fail
from werkplek_embedded.demo import BERT_BSN

from tests.sleutelbos import GeheugenKeyring
from werkplek.app import bouw
from werkplek.domain.model import Afhandeling, Kanaal, KlantRef, nu
from werkplek.services.opslag import (
    SLEUTELNAAM,
    Opslagmelding,
    dienst,
    lees_verlies,
    open_opslag,
    opslagpad,
)
from werkplek.services.profiel import Profiel
from werkplek.store.repositories import CacheOpslag, Outbox

BERT = KlantRef.persoon(BERT_BSN)
OPSLAGBESTANDEN = ("werkplek-demo.db", "werkplek-demo.db-wal", "werkplek-demo.db-shm")


def problemen(meldingen: list[Opslagmelding]) -> list[Opslagmelding]:
    """The store's messages, without the notice that the tests' keyring is in use."""
    return [m for m in meldingen if not m.test]


def bestanden_onder(map_: Path) -> list[Path]:
    return [p for p in map_.rglob("*") if p.is_file()]


async def bekijk_en_registreer(profiel: Profiel, data: Path) -> None:
    """Open Bert's dossier and register a contact: what a counter does."""
    w = bouw(profiel, data)
    try:
        assert (await w.dossier.klant(BERT)).waarde is not None
        await w.dossier.zaken(BERT)
        await w.dossier.contacthistorie(BERT)
        cm = w.dossier.maak_contactmoment(
            klant=BERT, kanaal=Kanaal.BALIE, onderwerp="Paspoort", vraag="Paspoort verlopen",
            antwoord="Afspraak gemaakt", afhandeling=Afhandeling.IN_EEN_KEER, zaken=(),
            begin=nu())
        assert (await w.dossier.registreer(cm)).ok
        assert await w.werker.doe(lambda: CacheOpslag(w.store).aantal()) >= 3
    finally:
        await w.aclose()


@pytest.mark.asyncio
async def test_opslag_is_versleuteld_en_de_sleutel_staat_alleen_in_de_sleutelbos(
        demo_profiel: Profiel, eigen_mappen: Path, sleutelbos: GeheugenKeyring,
        caplog: pytest.LogCaptureFixture) -> None:
    data = eigen_mappen / "data" / "werkplek"
    await bekijk_en_registreer(demo_profiel, data)
    sleutel = sleutelbos.get_password(dienst("demo"), SLEUTELNAAM) or ""
    assert len(sleutel) == 64
    for naam in OPSLAGBESTANDEN:
        pad = data / naam
        if not pad.exists():
            continue
        inhoud = pad.read_bytes()
        for gevoelig in (BERT_BSN, "Burger", "Paspoort verlopen", "SQLite format 3"):
            assert gevoelig.encode() not in inhoud, f"{gevoelig!r} leesbaar in {naam}"
    # The key, in any form, is in no file of the user dirs and in no log line.
    for bestand in bestanden_onder(eigen_mappen):
        inhoud = bestand.read_bytes()
        for vorm in (sleutel.encode(), sleutel.upper().encode(), bytes.fromhex(sleutel)):
            assert vorm not in inhoud, f"sleutel in {bestand}"
    assert all(sleutel not in r.getMessage() for r in caplog.records)
    # A second start opens the same store with the same key: nothing is lost.
    opslag = open_opslag("demo", data)
    try:
        assert problemen(opslag.meldingen) == []
        [test] = opslag.meldingen  # the tests' own keyring is accepted only by its switch
        assert "WERKPLEK_TEST_SLEUTELBOS" in test.tekst and not test.ernstig
        assert CacheOpslag(opslag.store).aantal() >= 3
    finally:
        opslag.store.sluit()


@pytest.mark.asyncio
async def test_zonder_sleutelbos_geen_persoonsgegevens_op_schijf(
        demo_profiel: Profiel, eigen_mappen: Path, sleutelbos: GeheugenKeyring) -> None:
    import keyring

    keyring.set_keyring(fail.Keyring())
    data = eigen_mappen / "data" / "werkplek"
    w = bouw(demo_profiel, data)
    try:
        assert not w.store.versleuteld and not w.dossier.cache.aan and not w.offline.mogelijk
        assert [m.ernstig for m in w.meldingen] == [True]
        assert "geen sleutelbos (keyring) op deze computer" in w.meldingen[0].tekst
        # Nor a view of a person without a durable audit record (no keyring, no sealing key).
        geweigerd = await w.dossier.klant(BERT)
        assert geweigerd.waarde is None
        assert any("publieke_sleutel" in b.melding for b in geweigerd.bronnen)
        cm = w.dossier.maak_contactmoment(
            klant=BERT, kanaal=Kanaal.TELEFOON, onderwerp="Paspoort", vraag="Vraag",
            antwoord="Antwoord", afhandeling=Afhandeling.IN_EEN_KEER, zaken=(), begin=nu())
        assert (await w.dossier.registreer(cm)).ok  # sent directly, never queued on disk
        assert (await w.dossier.verzender.vernieuw_stand()).bewaard is False
    finally:
        await w.aclose()
    assert not any((data / n).exists() for n in OPSLAGBESTANDEN)


def test_een_verloren_sleutel_wordt_luid_gemeld(eigen_mappen: Path,
                                                sleutelbos: GeheugenKeyring) -> None:
    data = eigen_mappen / "data"
    eerste = open_opslag("demo", data)
    Outbox(eerste.store).plaats(id="c-1", soort="contactmoment", bron="ingebouwd",
                                klant="persoon:1", omschrijving="Paspoort", inhoud="{}",
                                aangemaakt=nu())
    eerste.store.sluit()
    sleutelbos.delete_password(dienst("demo"), SLEUTELNAAM)
    tweede = open_opslag("demo", data)
    try:
        [melding] = problemen(tweede.meldingen)
        assert melding.ernstig and "VERLOREN" in melding.tekst and "beheerder" in melding.tekst
        assert "de sleutel ontbreekt in de sleutelbos" in melding.tekst
        assert Outbox(tweede.store).alle() == []  # a fresh store that works
        verlies = lees_verlies(tweede.store)  # kept until a beheerder acknowledges it
        assert verlies is not None and verlies.onbekend
        assert len(list(data.glob("werkplek-demo.db.beschadigd-*"))) == 1
    finally:
        tweede.store.sluit()


def test_beschadigde_opslag_wordt_opzij_gezet_en_de_wachtrij_hersteld(
        eigen_mappen: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = eigen_mappen / "data"
    opslag = open_opslag("demo", data)
    outbox = Outbox(opslag.store)
    for i in range(3):
        outbox.plaats(id=f"c-{i}", soort="contactmoment", bron="ingebouwd", klant="persoon:1",
                      omschrijving=f"contact {i}", inhoud="{}", aangemaakt=nu())
    # Enough cached data for many pages after the outbox's, then damage the last page.
    CacheOpslag(opslag.store).bewaar("klant", "k", [(f"bron{i}", "x" * 3000) for i in range(60)],
                                     nu())
    opslag.store.sluit()
    pad = opslagpad(data, "demo")
    inhoud = bytearray(pad.read_bytes())
    inhoud[-2000:-1000] = bytes(1000)
    pad.write_bytes(bytes(inhoud))

    caplog.set_level(logging.ERROR)
    hersteld = open_opslag("demo", data)
    try:
        [melding] = problemen(hersteld.meldingen)
        assert melding.tekst == ("De lokale opslag was beschadigd en is hersteld: 3 nog niet "
                                 "verzonden berichten zijn teruggezet en worden gewoon verzonden.")
        assert not melding.ernstig and melding.hersteld == 3
        assert "HMAC verification failed" in melding.details  # SQLite's words, behind Details
        assert lees_verlies(hersteld.store) is None  # nothing unaccounted for
        assert [b.id for b in Outbox(hersteld.store).alle()] == ["c-0", "c-1", "c-2"]
        assert CacheOpslag(hersteld.store).aantal() == 0  # the cache refills from the sources
        assert any("beschadigd" in r.getMessage() for r in caplog.records)
    finally:
        hersteld.store.sluit()
