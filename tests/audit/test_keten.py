"""The audit log's hash chain on the real SQLCipher store, checked by ``werkplek audit
controleer`` as a beheerder runs it: 0 on an untouched log, 1 naming the first broken row
after a row is changed or removed by someone who holds the store's key."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from tests.audit.hulp import (
    SLEUTEL,
    demo_opslag,
    eerste_breuk,
    herbouw_keten,
    met_sleutel,
    schrijf_inzagen,
    werkplek,
)
from werkplek.domain.model import KlantRef, nu
from werkplek.store import auditketen
from werkplek.store.database import MIGRATIES, Store, maak_engine, migreer, schema_versie
from werkplek.store.repositories import AuditLog


def test_elke_regel_is_geketend_aan_de_vorige(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db", SLEUTEL)
    try:
        schrijf_inzagen(store, 7, per_keer=3)
        regels = list(AuditLog(store).records())
    finally:
        store.sluit()
    assert [r.volgnummer for r in regels] == list(range(1, 8))
    assert len({r.keten for r in regels}) == 1 and regels[0].keten
    assert regels[0].vorige is not None and len(regels[0].vorige) == 64  # a random start
    for eerder, r in itertools.pairwise(regels):
        assert r.vorige == eerder.hash
    for r in regels:
        assert r.hash == auditketen.schakel(r.vorige or "", r)
    rapport = auditketen.controleer(regels)
    assert rapport.heel and rapport.kop == (7, regels[-1].hash)


def test_een_ongeschonden_logboek_geeft_0(tmp_path: Path) -> None:
    store = Store(demo_opslag(tmp_path), SLEUTEL)
    schrijf_inzagen(store, 12, per_keer=2)
    store.sluit()
    r = werkplek(tmp_path, "audit", "controleer")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Lokale opslag: 12 auditregels" in r.stdout
    assert r.stdout.rstrip().endswith("Het auditlogboek is ongeschonden.")
    # Standalone: it says what it cannot see.
    assert "Geen auditarchief in dit profiel" in r.stdout


def test_een_gewijzigde_regel_in_het_midden(tmp_path: Path) -> None:
    store = Store(demo_opslag(tmp_path), SLEUTEL)
    try:
        schrijf_inzagen(store, 10)
        met_sleutel(store, "UPDATE audit SET handeling = 'zoekresultaat' WHERE id = 6")
        assert [r.handeling for r in AuditLog(store).records()][5] == "zoekresultaat"
    finally:
        store.sluit()
    r = werkplek(tmp_path, "audit", "controleer")
    assert r.returncode == 1, r.stdout + r.stderr
    assert eerste_breuk(r.stdout) == 6
    assert "regel 6: de inhoud klopt niet met de hash (de regel is gewijzigd)" in r.stdout


def test_een_gewijzigd_tijdstip_of_een_gewijzigde_medewerker(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db", SLEUTEL)
    try:
        schrijf_inzagen(store, 5)
        met_sleutel(store, "UPDATE audit SET tijdstip = '2026-03-02 09:03:00.000001' "
                           "WHERE id = 4", "UPDATE audit SET medewerker = 'x' WHERE id = 5")
        rapport = auditketen.controleer(AuditLog(store).records())
    finally:
        store.sluit()
    assert [b.volgnummer for b in rapport.breuken] == [4, 5]


def test_regels_verwijderd_na_het_weghalen_en_terugzetten_van_de_trigger(
        tmp_path: Path) -> None:
    """The issue's scenario: the same OS user with the key drops the trigger, deletes rows
    and makes the trigger again; start and export see nothing wrong, the check does."""
    store = Store(demo_opslag(tmp_path), SLEUTEL)
    try:
        schrijf_inzagen(store, 10)
        met_sleutel(store, "DELETE FROM audit WHERE id IN (4, 5, 6)")
        with pytest.raises(IntegrityError, match="alleen-toevoegen"), \
                store.engine.begin() as conn:  # the trigger is back
            conn.execute(text("DELETE FROM audit"))
        assert len(list(AuditLog(store).records())) == 7
    finally:
        store.sluit()
    export = werkplek(tmp_path, "audit", "export", "--since", "2026-03-01")
    assert export.returncode == 0 and len(export.stdout.splitlines()) == 8  # nothing to see
    r = werkplek(tmp_path, "audit", "controleer")
    assert r.returncode == 1, r.stdout + r.stderr
    assert eerste_breuk(r.stdout) == 7
    assert "regel 7: de regels 4–6 ervoor ontbreken (verwijderd)" in r.stdout


def test_de_eerste_regels_verwijderd(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db", SLEUTEL)
    try:
        schrijf_inzagen(store, 4)
        met_sleutel(store, "DELETE FROM audit WHERE id <= 2")
        rapport = auditketen.controleer(AuditLog(store).records())
    finally:
        store.sluit()
    assert [(b.volgnummer, b.reden) for b in rapport.breuken] == [
        (3, "de regels 1–2 ervoor ontbreken (verwijderd)")]


def test_een_verwijderde_regel_vervangen_door_een_verzonnen_regel(tmp_path: Path) -> None:
    """Deleting row 3 and inserting another row 3 (a different person) in its place, with a
    hash computed correctly over its own start: it does not chain to row 2."""
    store = Store(tmp_path / "s.db", SLEUTEL)
    try:
        schrijf_inzagen(store, 5)
        r3 = list(AuditLog(store).records())[2]
        nep = auditketen.Auditrecord(3, r3.tijdstip, r3.medewerker, "persoon", "999990007",
                                     r3.doel, r3.bron, r3.handeling, r3.keten, "0" * 64)
        h = auditketen.schakel("0" * 64, nep)
        met_sleutel(store, "DELETE FROM audit WHERE id = 3",
                    "INSERT INTO audit (id, tijdstip, medewerker, klant_soort, klant_nummer, "
                    "doel, bron, handeling, keten, vorige, hash) SELECT 3, '2026-03-02 "
                    f"09:02:00.000000', 'k.smit', 'persoon', '999990007', 'Klantcontact KCC', "
                    f"'brp', 'klantbeeld', '{r3.keten}', '{'0' * 64}', '{h}'")
        rapport = auditketen.controleer(AuditLog(store).records())
    finally:
        store.sluit()
    assert [b.volgnummer for b in rapport.breuken] == [3, 4]
    assert "sluit niet aan" in rapport.breuken[0].reden


def test_zonder_teamdatabase_blijft_een_afgeknipt_of_herbouwd_logboek_onzichtbaar(
        tmp_path: Path) -> None:
    """The chain on its own is whole again after the tail is cut or the whole chain is
    rebuilt: that takes the head kept elsewhere (keyring, team database; other tests)."""
    store = Store(tmp_path / "s.db", SLEUTEL)
    try:
        schrijf_inzagen(store, 8)
        met_sleutel(store, "DELETE FROM audit WHERE id > 6")
        assert auditketen.controleer(AuditLog(store).records()).heel
        met_sleutel(store, "DELETE FROM audit WHERE id = 3")
        assert not auditketen.controleer(AuditLog(store).records()).heel
        herbouw_keten(store)
        rapport = auditketen.controleer(AuditLog(store).records())
    finally:
        store.sluit()
    assert rapport.heel and rapport.regels == 5


def test_regels_van_voor_de_keten_worden_bij_de_migratie_geketend(tmp_path: Path) -> None:
    pad = demo_opslag(tmp_path)
    engine = maak_engine(pad, SLEUTEL)
    migreer(engine, MIGRATIES, "0004")
    with engine.begin() as conn:
        for minuut in range(3):
            conn.execute(text(
                "INSERT INTO audit (tijdstip, medewerker, klant_soort, klant_nummer, doel, bron,"
                " handeling) VALUES (:t, 'a.jansen', 'persoon', '999990032', "
                "'Klantcontact KCC', 'brp', 'klantbeeld')"),
                {"t": f"2025-01-15 10:0{minuut}:00.000000"})
    engine.dispose()
    store = Store(pad, SLEUTEL)  # migrates to 0005, as every start does
    try:
        AuditLog(store).schrijf(medewerker="a.jansen", klant=KlantRef.persoon("999990044"),
                                doel="Klantcontact KCC", bron="brp", handeling="klantbeeld",
                                tijdstip=nu())
        regels = list(AuditLog(store).records())
        assert AuditLog(store).voor_keten() == 3
    finally:
        store.sluit()
    assert [r.volgnummer for r in regels] == [1, 2, 3, 4]
    assert all(r.hash for r in regels) and regels[3].vorige == regels[2].hash
    r = werkplek(tmp_path, "audit", "controleer")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "De regels 1–3 bestonden al vóór de hashketen" in r.stdout


def test_de_migratie_terug_en_weer_heen_houdt_de_triggers(tmp_path: Path) -> None:
    pad = tmp_path / "s.db"
    store = Store(pad, SLEUTEL)
    schrijf_inzagen(store, 3)
    store.sluit()
    engine = maak_engine(pad, SLEUTEL)
    try:
        terug_naar(engine, "0004")  # down: 0004 is before the chain (and the newer tables)
        assert schema_versie(engine) == "0004"
        with engine.connect() as conn:
            namen = {r[0] for r in conn.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
            assert namen == {"audit_niet_wijzigen", "audit_niet_verwijderen"}
            assert conn.execute(text("SELECT count(*) FROM audit")).scalar() == 3
    finally:
        engine.dispose()
    store = Store(pad, SLEUTEL)  # and up again: the rows are chained anew
    try:
        assert auditketen.controleer(AuditLog(store).records()).heel
        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(text("UPDATE audit SET bron = 'x'"))
    finally:
        store.sluit()


def test_processen_die_tegelijk_schrijven_nummeren_nooit_dezelfde_regel(tmp_path: Path) -> None:
    """Six processes writing audit rows to one store at once: each takes the write lock
    before it reads the last row, so every row is written and the chain does not fork."""
    pad = tmp_path / "s.db"
    Store(pad, SLEUTEL).sluit()
    code = ("import sys; from pathlib import Path; "
            "from tests.audit.hulp import SLEUTEL, schrijf_inzagen; "
            "from werkplek.store.database import Store; "
            "s = Store(Path(sys.argv[1]), SLEUTEL); schrijf_inzagen(s, 40); s.sluit()")
    wortel = Path(__file__).resolve().parents[2]
    processen = [subprocess.Popen([sys.executable, "-c", code, str(pad)], cwd=wortel,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(6)]
    for p in processen:
        _, fout = p.communicate(timeout=120)
        assert p.returncode == 0, fout
    store = Store(pad, SLEUTEL)
    try:
        rapport = auditketen.controleer(AuditLog(store).records())
    finally:
        store.sluit()
    assert rapport.heel and rapport.regels == 240


def test_regels_zonder_hash_uit_een_berging_van_een_oudere_opslag(tmp_path: Path) -> None:
    """A salvage of a store older than the chain carries rows over without a hash: they are
    named, and the chain starts after them; a row without a hash after the chain began is
    a break (nobody writes such a row)."""
    store = Store(tmp_path / "s.db", SLEUTEL)
    try:
        with store.engine.begin() as conn:
            for i in (1, 2):
                conn.execute(text(
                    "INSERT INTO audit (id, tijdstip, medewerker, klant_soort, klant_nummer, "
                    "doel, bron, handeling) VALUES (:i, '2025-01-15 10:00:00.000000', "
                    "'a.jansen', 'persoon', '999990032', 'Klantcontact KCC', 'brp', "
                    "'klantbeeld')"), {"i": i})
        schrijf_inzagen(store, 3)
        rapport = auditketen.controleer(AuditLog(store).records())
        assert rapport.heel and rapport.zonder_hash == 2 and rapport.kop is not None
        assert rapport.kop[0] == 5
        with store.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO audit (id, tijdstip, medewerker, klant_soort, klant_nummer, doel, "
                "bron, handeling) VALUES (6, '2026-03-02 10:00:00.000000', 'x', 'persoon', "
                "'999990044', 'Klantcontact KCC', 'brp', 'klantbeeld')"))
        rapport = auditketen.controleer(AuditLog(store).records())
    finally:
        store.sluit()
    assert [(b.volgnummer, b.reden) for b in rapport.breuken] == [
        (6, "de regel heeft geen hash")]


def terug_naar(engine: Engine, revisie: str) -> None:
    """Alembic's downgrade of the workstation store (werkplek itself only ever goes up)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIES))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revisie)
