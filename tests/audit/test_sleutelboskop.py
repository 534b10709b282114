"""Without a team database the chain's head is kept in the keyring: the last rows cut off
by someone holding the store's key show in ``werkplek audit controleer``, also after
werkplek wrote new rows since (the head then stays where it was, as evidence)."""

from __future__ import annotations

from pathlib import Path

import pytest
from werkplek_embedded.demo import BERT_BSN, JAN_BSN

from tests.audit.hulp import eerste_breuk, kopieer_sleutelbos, met_sleutel, werkplek
from tests.hulp import wacht_tot
from tests.sleutelbos import GeheugenKeyring
from werkplek.app import bouw
from werkplek.domain.model import KlantRef
from werkplek.services.auditkop import kopnaam, lees_kop
from werkplek.services.opslag import SLEUTELNAAM, dienst, opslagpad
from werkplek.services.profiel import Profiel
from werkplek.store.database import Store
from werkplek.store.repositories import AuditLog

BERT, JAN = KlantRef.persoon(BERT_BSN), KlantRef.persoon(JAN_BSN)


async def inzagen(profiel: Profiel, data: Path, *klanten: KlantRef) -> None:
    w = bouw(profiel, data)
    try:
        for k in klanten:
            assert (await w.dossier.klant(k)).waarde is not None
    finally:
        await w.aclose()


@pytest.mark.asyncio
async def test_de_kop_in_de_sleutelbos_volgt_de_keten(
        demo_profiel: Profiel, tmp_path: Path, sleutelbos: GeheugenKeyring) -> None:
    data = tmp_path / "data" / "werkplek"
    await inzagen(demo_profiel, data, BERT, JAN, BERT)
    pad = opslagpad(data, "demo")
    kop = lees_kop("demo", pad)
    assert kop is not None and kop.volgnummer == 3
    store = Store(pad, sleutelbos.geheimen[(dienst("demo"), SLEUTELNAAM)])
    try:
        laatste = list(AuditLog(store).records())[-1]
    finally:
        store.sluit()
    assert (kop.keten, kop.hash) == (laatste.keten, laatste.hash)
    assert BERT_BSN not in sleutelbos.geheimen[(dienst("demo"), kopnaam(pad))]
    kopieer_sleutelbos(tmp_path, sleutelbos.geheimen)
    r = werkplek(tmp_path, "audit", "controleer")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Kop van de keten in de sleutelbos: regel 3." in r.stdout


@pytest.mark.asyncio
async def test_afgeknipte_laatste_regels_zonder_teamdatabase(
        demo_profiel: Profiel, tmp_path: Path, sleutelbos: GeheugenKeyring,
        caplog: pytest.LogCaptureFixture) -> None:
    data = tmp_path / "data" / "werkplek"
    await inzagen(demo_profiel, data, BERT, JAN, BERT, JAN, BERT)
    store = Store(opslagpad(data, "demo"), sleutelbos.geheimen[(dienst("demo"), SLEUTELNAAM)])
    try:
        met_sleutel(store, "DELETE FROM audit WHERE id > 3")
    finally:
        store.sluit()
    kopieer_sleutelbos(tmp_path, sleutelbos.geheimen)
    r = werkplek(tmp_path, "audit", "controleer")
    assert r.returncode == 1, r.stdout + r.stderr
    assert eerste_breuk(r.stdout) == 5
    assert ("de sleutelbos noemt regel 5 als laatste, maar de opslag houdt op bij regel 3"
            in r.stdout)

    # werkplek goes on (rows 4 and 5 again, other hashes): the head stays where it was.
    await inzagen(demo_profiel, data, JAN, JAN)
    kop = lees_kop("demo", opslagpad(data, "demo"))
    assert kop is not None and kop.volgnummer == 5
    assert "de kop in de sleutelbos blijft staan" in caplog.text
    kopieer_sleutelbos(tmp_path, sleutelbos.geheimen)
    r = werkplek(tmp_path, "audit", "controleer")
    assert r.returncode == 1, r.stdout + r.stderr
    assert eerste_breuk(r.stdout) == 5
    assert "regel 5: de regel wijkt af van de kop van de keten in de sleutelbos" in r.stdout


@pytest.mark.asyncio
async def test_een_reeks_inzagen_zet_de_kop_een_keer_en_de_laatste_volgt(
        demo_profiel: Profiel, tmp_path: Path, sleutelbos: GeheugenKeyring,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each keyring write is a D-Bus round trip beside a view: a burst of views writes the
    head once, and the head of the last of them follows within ZETTEN_NA seconds."""
    data = tmp_path / "data" / "werkplek"
    pad = opslagpad(data, "demo")
    koppen: list[str] = []
    zet = sleutelbos.set_password

    def tel(dienst_: str, naam: str, waarde: str) -> None:
        if naam == kopnaam(pad):
            koppen.append(waarde)
        zet(dienst_, naam, waarde)

    monkeypatch.setattr(sleutelbos, "set_password", tel)
    w = bouw(demo_profiel, data)
    try:
        for k in (BERT, JAN, BERT, JAN):
            assert (await w.dossier.klant(k)).waarde is not None
        kop = lees_kop("demo", pad)
        assert kop is not None and kop.volgnummer == 1 and len(koppen) == 1
        await wacht_tot(lambda: len(koppen) == 2)  # the burst is over: its last row
        kop = lees_kop("demo", pad)
        assert kop is not None and kop.volgnummer == 4
        assert (await w.dossier.klant(BERT)).waarde is not None  # soon after: put off again
    finally:
        await w.aclose()
    kop = lees_kop("demo", pad)  # closing put it there
    assert kop is not None and kop.volgnummer == 5 and len(koppen) == 3
