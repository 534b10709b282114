"""kill -9 of a werkplek process while it flushes 1,000 queued contacts: after a restart,
every contact arrived exactly once. Twenty runs, each killed at another moment."""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import keyring
import psycopg
import pytest
from werkplek_embedded.demo import BERT_BSN, FATIMA_BSN, JAN_BSN, SANNE_BSN

from tests.offline.backoffice import contacten, schrijf_profiel, vraag
from tests.postgres import PostgresServer
from tests.sleutelbos import BestandKeyring, omgeving_met_sleutelbos
from werkplek.app import bouw
from werkplek.domain.model import KlantRef
from werkplek.services.beeld import Uitslag
from werkplek.services.opslag import open_opslag
from werkplek.services.profiel import lees_profiel

WERKPLEK = Path(sys.executable).parent / "werkplek"
KLANTEN = [KlantRef.persoon(b) for b in (BERT_BSN, JAN_BSN, FATIMA_BSN, SANNE_BSN)]
RUNS = 20
AANTAL = 1000



def sync(profiel: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([str(WERKPLEK), "--config", str(profiel), "sync"], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


async def vul_wachtrij(profiel: Path, data: Path) -> list[str]:
    """Register 1,000 contacts while the backoffice is down: all wait in the outbox."""
    w = bouw(lees_profiel(profiel, os_gebruiker="agent"), data)
    try:
        te_sturen = contacten(w.dossier, KLANTEN, AANTAL)
        for cm in te_sturen:
            assert (await w.dossier.registreer(cm)).uitslag is Uitslag.WACHT
        assert (await w.dossier.verzender.vernieuw_stand()).wachtend == AANTAL
        return [c.id for c in te_sturen]
    finally:
        await w.aclose()


@pytest.mark.timeout(900)  # twenty runs of 1,000 contacts; a guard against hanging only
def test_kill_9_tijdens_het_verzenden_verliest_en_verdubbelt_niets(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sleutelbos = tmp_path / "sleutelbos.json"
    monkeypatch.setenv("WERKPLEK_TEST_SLEUTELBOS", str(sleutelbos))
    keyring.set_keyring(BestandKeyring())  # the fixture puts the in-memory one back
    toeval = random.Random(20261128)
    with PostgresServer() as pg:
        # The 1,000 are registered once, while their backoffice does not exist yet; each
        # run starts from a copy of that workstation, against a database of its own.
        vorm = tmp_path / "vorm"
        vorm.mkdir()
        ids = asyncio.run(vul_wachtrij(schrijf_profiel(vorm, pg.url("bestaat_nog_niet"),
                                                       demo=False), vorm / "data" / "werkplek"))
        for run in range(RUNS):
            map_ = tmp_path / f"run{run}"
            shutil.copytree(vorm / "data", map_ / "data")
            url = pg.maak_database(f"kill{run}")
            profiel = schrijf_profiel(map_, url, demo=False)
            env = omgeving_met_sleutelbos(sleutelbos) | {
                f"XDG_{n.upper()}_HOME": str(map_ / n) for n in ("config", "data", "state")}
            # Half the runs die when a random number has arrived, half at a random moment
            # after the start (also before the first contact went out).
            doel = toeval.randint(1, AANTAL - 1) if run % 2 == 0 else None
            na = toeval.uniform(0.0, 2.0)
            proces = sync(profiel, env)
            begin = time.monotonic()
            try:
                while proces.poll() is None:
                    if doel is None:
                        if time.monotonic() - begin >= na:
                            break
                    elif aangekomen(pg, f"kill{run}") >= doel:
                        break
                    time.sleep(0.002)
                os.kill(proces.pid, signal.SIGKILL)
            finally:
                proces.communicate(timeout=60)
            opnieuw = sync(profiel, env)
            uit, fout = opnieuw.communicate(timeout=300)
            assert opnieuw.returncode == 0, (uit, fout)
            assert "nog te verzenden: 0; geparkeerd: 0" in uit
            rijen = vraag(url, "SELECT id FROM contactmoment")
            assert len(rijen) == AANTAL, f"run {run}: {len(rijen)} aangekomen"
            assert sorted(r[0] for r in rijen) == sorted(ids)
            opslag = open_opslag("balie", map_ / "data" / "werkplek")
            try:
                assert [m for m in opslag.meldingen if not m.test] == []
            finally:
                opslag.store.sluit()
            # The store's key is in no file of the user dirs, the log included.
            sleutel = json.loads(sleutelbos.read_text())["werkplek/balie\topslag.sleutel"]
            for bestand in (p for p in map_.rglob("*") if p.is_file()):
                assert sleutel.encode() not in bestand.read_bytes(), bestand


def aangekomen(pg: PostgresServer, database: str) -> int:
    """Contacts arrived; 0 until the process itself made the schema, on its first call."""
    try:
        return pg.tel("SELECT count(*) FROM contactmoment", database=database)
    except psycopg.errors.UndefinedTable:
        return 0
