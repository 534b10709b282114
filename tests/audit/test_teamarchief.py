"""The team's audit archive on a real PostgreSQL: each workstation's chain (numbers and
hashes, never content) goes there through the outbox, and ``werkplek audit controleer``
compares against it. That shows what the chain alone cannot: the last rows cut off, and a
chain rebuilt whole by someone who holds the store's key."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import keyring
import psycopg
import pytest
from werkplek_embedded.demo import BERT_BSN

from tests.audit.hulp import eerste_breuk, herbouw_keten, met_sleutel, werkplek, zet_sleutel
from tests.postgres import PostgresServer, postgres
from tests.radicale import vrije_poort
from werkplek.app import Werkplek, bouw
from werkplek.domain.model import KlantRef
from werkplek.services.beeld import Soort
from werkplek.services.opslag import SLEUTELNAAM, dienst, opslagpad
from werkplek.services.profiel import lees_profiel
from werkplek.store import auditketen
from werkplek.store.database import Store
from werkplek.store.repositories import AUDITSOORT, AuditLog
from werkplek.store.rijen import GEPARKEERD

__all__ = ["postgres"]

BERT = KlantRef.persoon(BERT_BSN)
PROFIEL = """\
[profiel]
naam = "team"

[plugins.ingebouwd]
plugin = "werkplek_embedded"
url = "{url}"
demo = true

[capabilities]
personen = ["ingebouwd"]
bedrijven = ["ingebouwd"]
klantcontacten = ["ingebouwd"]
audit = ["ingebouwd"]
"""


@pytest.fixture
def profielbestand(tmp_path: Path, postgres: PostgresServer,
                   monkeypatch: pytest.MonkeyPatch) -> Path:
    """A team profile on a database of its own; the tests' keyring accepted in-process."""
    monkeypatch.setenv("WERKPLEK_TEST_SLEUTELBOS", str(tmp_path / "sleutelbos.json"))
    database = f"audit_{uuid.uuid4().hex[:12]}"
    pad = tmp_path / "config" / "werkplek" / "profielen" / "team.toml"
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(PROFIEL.format(url=postgres.maak_database(database)), encoding="utf-8")
    return pad


def database(profielbestand: Path) -> str:
    return profielbestand.read_text().split('url = "')[1].split('"')[0].rsplit("/", 1)[1]


def archief(postgres: PostgresServer, profielbestand: Path) -> list[tuple[str, int, str, str]]:
    with postgres.verbind(database(profielbestand)) as conn:
        return [tuple(r) for r in conn.execute(  # type: ignore[misc]
            "SELECT keten, volgnummer, hash, werkplek FROM audit_schakel "
            "ORDER BY keten, volgnummer").fetchall()]


async def bekijk(w: Werkplek, keer: int) -> None:
    """``keer`` views of Bert, then one search with three persons: keer + 3 audit rows."""
    for _ in range(keer):
        assert (await w.dossier.klant(BERT)).waarde is not None
    assert len((await w.dossier.zoek(w.dossier.zoekvraag("3011AB 12"))).waarde) == 3


async def werkdag(tmp_path: Path, profielbestand: Path) -> Path:
    """Views of persons, their hashes sent to the archive; the store key goes into the file
    keyring of the beheer commands. Returns the store's path."""
    profiel = lees_profiel(profielbestand)  # the OS user, as the beheer commands read it
    w = bouw(profiel, tmp_path / "data" / "werkplek")
    try:
        assert w.store.versleuteld
        await bekijk(w, 4)
        wachtend = [b for b in await w.dossier.verzender.berichten()
                    if b.soort == Soort.AUDIT]
        assert len(wachtend) == 5 and all(b.klant == "" for b in wachtend)
        assert all(BERT_BSN not in b.inhoud + b.omschrijving for b in wachtend)
        await w.dossier.verzender.leeg(forceer=True)
        assert await w.dossier.verzender.berichten() == []
        sleutel = keyring.get_password(dienst("team"), SLEUTELNAAM)
    finally:
        await w.aclose()
    assert sleutel is not None
    zet_sleutel(tmp_path, "team", sleutel)
    return opslagpad(tmp_path / "data" / "werkplek", "team")


def verplaats_archief(profielbestand: Path, poort: int) -> None:
    tekst = profielbestand.read_text()
    oud = tekst.split("127.0.0.1:")[1].split("/")[0]
    profielbestand.write_text(tekst.replace(f"127.0.0.1:{oud}", f"127.0.0.1:{poort}"))


def controleer(tmp_path: Path) -> tuple[int, str]:
    r = werkplek(tmp_path, "audit", "controleer", "--profile", "team")
    return r.returncode, r.stdout + r.stderr


def sleutel(tmp_path: Path) -> str:
    return json.loads((tmp_path / "sleutelbos.json").read_text())[f"werkplek/team\t{SLEUTELNAAM}"]


@pytest.mark.asyncio
async def test_de_hashes_gaan_via_de_wachtrij_naar_het_archief(
        tmp_path: Path, postgres: PostgresServer, profielbestand: Path) -> None:
    assert Soort.AUDIT.value == AUDITSOORT
    pad = await werkdag(tmp_path, profielbestand)
    store = Store(pad, sleutel(tmp_path))
    try:
        lokaal = list(AuditLog(store).records())
    finally:
        store.sluit()
    rijen = archief(postgres, profielbestand)
    assert [(k, n, h) for k, n, h, _ in rijen] == [(r.keten, r.volgnummer, r.hash)
                                                    for r in lokaal]
    assert len(rijen) == 7 and {w for *_, w in rijen} == {
        auditketen.werkplek_id("team", lees_profiel(profielbestand).medewerker.gebruikersnaam)}
    # The archive is append-only too.
    with postgres.verbind(database(profielbestand)) as conn, \
            pytest.raises(psycopg.Error, match="alleen-toevoegen"):
        conn.execute("DELETE FROM audit_schakel")

    code, uit = controleer(tmp_path)
    assert code == 0, uit
    assert "Auditarchief ingebouwd: 7 regels van deze keten; 0 lokale regels nog niet" in uit
    assert uit.rstrip().endswith("Het auditlogboek is ongeschonden.")


@pytest.mark.asyncio
async def test_de_laatste_regels_afgeknipt(tmp_path: Path, profielbestand: Path) -> None:
    pad = await werkdag(tmp_path, profielbestand)
    store = Store(pad, sleutel(tmp_path))
    try:
        met_sleutel(store, "DELETE FROM audit WHERE id > 4")
        assert auditketen.controleer(AuditLog(store).records()).heel  # alone: no trace
    finally:
        store.sluit()
    code, uit = controleer(tmp_path)
    assert code == 1, uit
    assert eerste_breuk(uit) == 5
    assert "regel 5: staat in het auditarchief maar ontbreekt in de lokale opslag" in uit


@pytest.mark.asyncio
async def test_een_herbouwde_keten(tmp_path: Path, postgres: PostgresServer,
                                   profielbestand: Path) -> None:
    """Row 3 deleted and every row after it renumbered and rehashed: the chain is whole on
    its own, but not the one the archive holds. New views after the rebuild reach the
    archive with numbers it already has under another hash: parked, never overwritten."""
    pad = await werkdag(tmp_path, profielbestand)
    store = Store(pad, sleutel(tmp_path))
    try:
        met_sleutel(store, "DELETE FROM audit WHERE id = 3")
        herbouw_keten(store)
        assert auditketen.controleer(AuditLog(store).records()).heel
    finally:
        store.sluit()
    code, uit = controleer(tmp_path)
    assert code == 1, uit
    assert eerste_breuk(uit) == 3
    assert "regel 3: wijkt af van het auditarchief (de keten is herschreven)" in uit
    assert "regel 7: staat in het auditarchief maar ontbreekt" in uit

    voor = archief(postgres, profielbestand)
    w = bouw(lees_profiel(profielbestand), tmp_path / "data" / "werkplek")
    try:
        assert (await w.dossier.klant(BERT)).waarde is not None  # row 7 of the new chain
        await w.dossier.verzender.leeg(forceer=True)
        [geparkeerd] = await w.dossier.verzender.berichten()
    finally:
        await w.aclose()
    assert geparkeerd.status == GEPARKEERD and "herschreven" in geparkeerd.laatste_fout
    assert archief(postgres, profielbestand) == voor


@pytest.mark.asyncio
async def test_een_keten_opnieuw_begonnen(tmp_path: Path, profielbestand: Path) -> None:
    """Rebuilt under a new chain id (or the store replaced): the archive's chain of this
    workstation is missing locally."""
    pad = await werkdag(tmp_path, profielbestand)
    store = Store(pad, sleutel(tmp_path))
    try:
        herbouw_keten(store, nieuwe_keten=True)
    finally:
        store.sluit()
    code, uit = controleer(tmp_path)
    assert code == 1, uit
    assert "het auditarchief kent keten" in uit and "die in de lokale opslag ontbreekt" in uit


@pytest.mark.asyncio
async def test_regels_nog_onderweg_naar_het_archief(tmp_path: Path, postgres: PostgresServer,
                                                    profielbestand: Path) -> None:
    """Rows still in the outbox are no break; the check says how many wait."""
    pad = await werkdag(tmp_path, profielbestand)
    w = bouw(lees_profiel(profielbestand), tmp_path / "data" / "werkplek")
    try:
        await bekijk(w, 1)  # four rows, not sent: no pass of the outbox ran
    finally:
        await w.aclose()
    assert len(archief(postgres, profielbestand)) == 7
    code, uit = controleer(tmp_path)
    assert code == 0, uit
    assert "7 regels van deze keten; 4 lokale regels nog niet in het archief" in uit
    assert pad.exists()


@pytest.mark.asyncio
async def test_een_onbereikbaar_archief_is_geen_ongeschonden_logboek(
        tmp_path: Path, profielbestand: Path) -> None:
    await werkdag(tmp_path, profielbestand)
    verplaats_archief(profielbestand, vrije_poort())  # a port nothing listens on
    code, uit = controleer(tmp_path)
    assert code == 1, uit
    assert "Het auditarchief (ingebouwd) is niet te lezen" in uit
    assert "De keten is daarom niet vergeleken." in uit
    assert "ongeschonden" not in uit
