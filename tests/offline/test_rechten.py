"""On a shared computer no other user reads werkplek's files: after a journey (a dossier, a
contact, the log and its rotation, a salvage of a damaged store) every file werkplek made
under the user dirs is 0600 and every folder 0700."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.offline.test_opslag import bekijk_en_registreer
from werkplek.domain.model import nu
from werkplek.services import logboek
from werkplek.services.opslag import open_opslag, opslagpad
from werkplek.services.profiel import RESOURCES, lees_profiel
from werkplek.store.repositories import Outbox

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
MAPPEN = ("config", "data", "state", "cache")


@pytest.fixture
def ruim_umask() -> Iterator[None]:
    """The usual desktop umask (022): files would be 0644 unless werkplek sees to it."""
    vorig = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(vorig)


def modi(wortel: Path) -> dict[str, str]:
    """Every file and folder under the user dirs with a mode other than 0600 / 0700."""
    fout: dict[str, str] = {}
    for naam in MAPPEN:
        for pad in (wortel / naam).rglob("*"):
            modus = stat.S_IMODE(pad.lstat().st_mode)
            if modus != (0o700 if pad.is_dir() else 0o600):
                fout[str(pad.relative_to(wortel))] = oct(modus)
    return fout


@pytest.mark.asyncio
async def test_na_een_reis_is_alles_van_werkplek_alleen_voor_de_eigenaar(
        eigen_mappen: Path, ruim_umask: None) -> None:
    for naam in MAPPEN:  # the user dirs themselves exist on any desktop
        (eigen_mappen / naam).mkdir(mode=0o700)
    # An older version left its log readable for all: it is narrowed at the next start.
    logmap = logboek.log_dir()
    logmap.mkdir(parents=True)
    (logmap / "werkplek.log").write_text("oud\n")
    (logmap / "werkplek.log").chmod(0o644)
    handler = logboek.logbestand(logmap, max_bytes=400, aantal=2)
    logging.getLogger().addHandler(handler)
    try:
        # The demo's embedded database (personal data too) lives in the data dir as well.
        profiel = lees_profiel(RESOURCES / "profiles" / "demo.toml", os_gebruiker="testagent")
        data = eigen_mappen / "data" / "werkplek"
        await bekijk_en_registreer(profiel, data)
        for i in range(20):
            logging.getLogger("werkplek.test").warning("regel %d van de reis", i)
        handler.doRollover()
        assert sorted(p.name for p in logmap.iterdir()) == [
            "werkplek.log", "werkplek.log.1", "werkplek.log.2"]
        # A damaged store: moved aside, salvaged into a new one.
        opslag = open_opslag("demo", data)
        Outbox(opslag.store).plaats(id="c-1", soort="contactmoment", bron="ingebouwd",
                                    klant="persoon:1", omschrijving="x", inhoud="{}",
                                    aangemaakt=nu())
        opslag.store.sluit()
        pad = opslagpad(data, "demo")
        inhoud = bytearray(pad.read_bytes())
        inhoud[-3000:-1000] = bytes(2000)
        pad.write_bytes(bytes(inhoud))
        opslag = open_opslag("demo", data)
        try:
            assert [m.hersteld for m in opslag.meldingen if not m.test] == [1]
            assert Outbox(opslag.store).alle()  # written to: its -wal and -shm exist now
            assert {p.name for p in data.iterdir()} >= {
                "werkplek-demo.db", "werkplek-demo.db-wal", "werkplek-demo.db-shm"}
            assert list(data.glob("werkplek-demo.db.beschadigd-*"))
            assert modi(eigen_mappen) == {}
        finally:
            opslag.store.sluit()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert modi(eigen_mappen) == {}
    gemaakt = {p.name for n in MAPPEN for p in (eigen_mappen / n).rglob("*")}
    assert gemaakt >= {"werkplek", "log", "werkplek.log", "werkplek.log.1", "werkplek.log.2",
                       "werkplek-demo.db"}  # the checks above looked at real files
