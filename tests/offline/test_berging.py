"""Fault injection on the local store: a page overwritten, the file cut short, a foreign key.

Every write still readable comes back, what is not is counted (with its id where an index
still has it), and a key problem is never reported as damage, nor damage as a key problem.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from tests.offline.paginas import PAGINA, ontsleutel, rijen_per_pagina
from tests.sleutelbos import GeheugenKeyring
from werkplek.domain.model import KlantRef, nu
from werkplek.services.opslag import (
    SLEUTELNAAM,
    Opslagmelding,
    dienst,
    erken_verlies,
    lees_verlies,
    open_opslag,
    opslagpad,
)
from werkplek.store.database import OpslagBeschadigd, Store
from werkplek.store.repositories import AuditLog, Outbox
from werkplek.store.rijen import GEPARKEERD, Bericht

N = 300
AUDIT = 120


def problemen(meldingen: list[Opslagmelding]) -> list[Opslagmelding]:
    return [m for m in meldingen if not m.test]


def vul(data: Path) -> tuple[dict[str, Bericht], str]:
    """A store with N writes waiting (every tenth parked) and AUDIT audit rows; its key."""
    opslag = open_opslag("demo", data)
    outbox, audit = Outbox(opslag.store), AuditLog(opslag.store)
    begin = nu()
    for i in range(N):
        outbox.plaats(id=f"c-{i:04d}", soort="contactmoment", bron="ingebouwd",
                      klant=f"persoon:{i % 7}", omschrijving=f"Paspoort {i}",
                      inhoud=json.dumps({"vraag": f"Vraag {i} " + "x" * (300 + i % 900)}),
                      aangemaakt=begin + timedelta(seconds=i))
        if i % 10 == 9:
            outbox.parkeer(f"c-{i:04d}", "geweigerd")
    for i in range(AUDIT):
        audit.schrijf(medewerker="agent", klant=KlantRef.persoon(f"{i:09d}"), doel="KCC",
                      bron="ingebouwd", handeling="inzage", tijdstip=begin)
    berichten = {b.id: b for b in outbox.alle()}
    opslag.store.sluit()
    import keyring

    return berichten, keyring.get_password(dienst("demo"), SLEUTELNAAM) or ""


@pytest.fixture
def gevuld(tmp_path: Path, sleutelbos: GeheugenKeyring
           ) -> tuple[Path, dict[str, Bericht], str, dict[int, set[int]]]:
    """The filled store kept aside as a model, and which outbox rows need which page."""
    data = tmp_path / "model"
    berichten, sleutel = vul(data)
    nodig, alle = rijen_per_pagina(
        ontsleutel(opslagpad(data, "demo"), sleutel, tmp_path / "plat.db"), "outbox")
    assert len(alle) == N
    return opslagpad(data, "demo"), berichten, sleutel, nodig


@pytest.mark.parametrize("zaad", range(6))
def test_een_overschreven_pagina_verliest_alleen_de_rijen_op_die_pagina(
        gevuld: tuple[Path, dict[str, Bericht], str, dict[int, set[int]]], tmp_path: Path,
        zaad: int) -> None:
    model, berichten, _sleutel, nodig = gevuld
    data = tmp_path / f"run{zaad}"
    data.mkdir()
    pad = opslagpad(data, "demo")
    shutil.copyfile(model, pad)
    inhoud = bytearray(pad.read_bytes())
    toeval = random.Random(zaad)
    # Somewhere in the outbox's pages: that is where damage costs writes.
    plek = (toeval.choice(sorted(p for p, r in nodig.items() if 0 < len(r) < N)) - 1) * PAGINA
    plek += toeval.randrange(PAGINA)
    inhoud[plek:plek + PAGINA] = toeval.randbytes(PAGINA)
    pad.write_bytes(bytes(inhoud))
    geraakt = set().union(*(nodig.get(p, set()) for p in (plek // PAGINA + 1,
                                                           (plek + PAGINA - 1) // PAGINA + 1)))

    opslag = open_opslag("demo", data)
    try:
        [melding] = problemen(opslag.meldingen)
        terug = {b.id: b for b in Outbox(opslag.store).alle()}
        verlies = lees_verlies(opslag.store)
        onleesbaar = verlies.onleesbaar if verlies else 0
        assert len(terug) + onleesbaar == N  # every write accounted for
        assert len(terug) >= N - len(geraakt)  # only rows on the damaged pages are lost
        for id_, b in terug.items():  # each exactly as it was, parked ones parked
            assert b == berichten[id_]
        assert sum(b.status == GEPARKEERD for b in terug.values()) == sum(
            b.status == GEPARKEERD for i, b in berichten.items() if i in terug)
        assert melding.hersteld == len(terug)
        assert "\n" not in melding.tekst and len(melding.tekst) < 300
        if verlies is not None:
            assert melding.ernstig and f"maar {onleesbaar} bericht" in melding.tekst
            assert set(verlies.ids) == set(berichten) - set(terug)  # by id, as the index has it
            assert set(verlies.ids) <= {f"c-{r - 1:04d}" for r in geraakt}
            assert "HMAC verification failed" in melding.details
        assert len(list(AuditLog(opslag.store).records())) == AUDIT  # audit pages untouched
    finally:
        opslag.store.sluit()
    # The loss survives a restart, until a beheerder acknowledges it.
    opnieuw = open_opslag("demo", data)
    try:
        assert problemen(opnieuw.meldingen) == []
        assert lees_verlies(opnieuw.store) == verlies
        if verlies is not None:
            assert erken_verlies(opnieuw.store, "beheerder") == verlies
            assert lees_verlies(opnieuw.store) is None
    finally:
        opnieuw.store.sluit()


def test_een_afgekapt_bestand_is_schade_en_geen_sleutelprobleem(
        gevuld: tuple[Path, dict[str, Bericht], str, dict[int, set[int]]],
        tmp_path: Path) -> None:
    model, berichten, sleutel, nodig = gevuld

    def heel_voor(pagina: int) -> int:
        """How many outbox rows need no page from ``pagina`` on: those a cut there spares."""
        return N - len(set().union(*(r for p, r in nodig.items() if p >= pagina)))

    # Cuts inside the outbox's pages, wherever the store's layout put them: at the first,
    # the middle and the last page where a cut spares some rows and loses others.
    kandidaten = [p for p in sorted(nodig) if 0 < heel_voor(p) < N]
    assert kandidaten, "the outbox lies on several pages: some cut spares some rows"
    for pagina in sorted({kandidaten[0], kandidaten[len(kandidaten) // 2], kandidaten[-1]}):
        data = tmp_path / f"afgekapt{pagina}"
        data.mkdir()
        pad = opslagpad(data, "demo")
        shutil.copyfile(model, pad)
        os.truncate(pad, (pagina - 1) * PAGINA + 123)
        with pytest.raises(OpslagBeschadigd) as fout:
            Store(pad, sleutel)
        assert not fout.value.sleutelprobleem and "afgekapt" in fout.value.reden
        opslag = open_opslag("demo", data)
        try:
            [melding] = problemen(opslag.meldingen)
            assert melding.ernstig and "beschadigd" in melding.tekst
            assert "sleutel" not in melding.tekst
            terug = Outbox(opslag.store).alle()
            assert len(terug) >= heel_voor(pagina)  # every row before the cut comes back
            assert all(b == berichten[b.id] for b in terug)
            verlies = lees_verlies(opslag.store)
            assert verlies is not None and verlies.iets  # a loss on record, sync exits 1
            assert len(terug) + verlies.onleesbaar <= N
            if len(terug) + verlies.onleesbaar < N:  # rows past the cut: how many, unknown
                assert verlies.onbekend
                assert "mogelijk meer" in melding.tekst or "onbekend aantal" in melding.tekst
        finally:
            opslag.store.sluit()


@pytest.mark.parametrize("grootte", [0, 2000])
def test_een_bestand_afgekapt_tot_minder_dan_een_pagina_is_schade_met_onbekend_verlies(
        gevuld: tuple[Path, dict[str, Bericht], str, dict[int, set[int]]], tmp_path: Path,
        grootte: int) -> None:
    model, _berichten, _sleutel, _nodig = gevuld
    data = tmp_path / "kort"
    data.mkdir()
    pad = opslagpad(data, "demo")
    shutil.copyfile(model, pad)
    os.truncate(pad, grootte)
    opslag = open_opslag("demo", data)
    try:
        [melding] = problemen(opslag.meldingen)
        assert melding.ernstig and "afgekapt" in melding.tekst and "VERLOREN" in melding.tekst
        assert "met de sleutel" not in melding.tekst
        verlies = lees_verlies(opslag.store)
        assert verlies is not None and verlies.onbekend
    finally:
        opslag.store.sluit()


def test_een_vreemde_sleutel_is_een_sleutelprobleem_en_geen_schade(
        gevuld: tuple[Path, dict[str, Bericht], str, dict[int, set[int]]],
        tmp_path: Path, sleutelbos: GeheugenKeyring) -> None:
    model, _berichten, sleutel, _nodig = gevuld
    data = tmp_path / "vreemd"
    data.mkdir()
    pad = opslagpad(data, "demo")
    shutil.copyfile(model, pad)
    vreemd = "f" * 64
    assert vreemd != sleutel
    with pytest.raises(OpslagBeschadigd) as fout:
        Store(pad, vreemd)
    assert fout.value.sleutelprobleem
    sleutelbos.set_password(dienst("demo"), SLEUTELNAAM, vreemd)
    opslag = open_opslag("demo", data)
    try:
        [melding] = problemen(opslag.meldingen)
        assert melding.ernstig and "niet te openen met de sleutel" in melding.tekst
        assert "beschadigd" not in melding.tekst and "VERLOREN" in melding.tekst
        verlies = lees_verlies(opslag.store)
        assert verlies is not None and verlies.onbekend
        [opzij] = data.glob("werkplek-demo.db.beschadigd-*")  # kept for the right key
        assert opzij.read_bytes() == model.read_bytes()
    finally:
        opslag.store.sluit()
