"""Helpers of the audit tests: a store with views protocolled, the attacks of someone who
holds the store's key, and ``werkplek audit ...`` as a beheerder runs it."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from tests.test_cli import WERKPLEK, omgeving
from werkplek.domain.model import KlantRef
from werkplek.services.opslag import SLEUTELNAAM, opslagpad
from werkplek.store import auditketen
from werkplek.store.database import Store
from werkplek.store.repositories import AuditLog

SLEUTEL = "0123456789abcdef" * 4
BSNS = ("999990032", "999990044", "999991589", "999992570", "999993021", "999995625")
"""Test BSNs (elfproef, test range), none of the demo data."""
BEGIN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def werkplek(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real ``werkplek`` command with the test's user dirs and file keyring."""
    return subprocess.run([str(WERKPLEK), *args], env=omgeving(tmp_path), capture_output=True,
                          text=True, timeout=180, check=False, stdin=subprocess.DEVNULL)


def demo_opslag(tmp_path: Path, profiel: str = "demo") -> Path:
    """The path of the profile's store in the user data dir the subprocesses use; its key
    (SLEUTEL) is put in their file keyring."""
    pad = opslagpad(tmp_path / "data" / "werkplek", profiel)
    pad.parent.mkdir(parents=True, exist_ok=True)
    zet_sleutel(tmp_path, profiel, SLEUTEL)
    return pad


def zet_sleutel(tmp_path: Path, profiel: str, sleutel: str) -> None:
    bestand = tmp_path / "sleutelbos.json"
    alle = json.loads(bestand.read_text()) if bestand.exists() else {}
    alle[f"werkplek/{profiel}\t{SLEUTELNAAM}"] = sleutel
    bestand.write_text(json.dumps(alle))


def schrijf_inzagen(store: Store, n: int, *, per_keer: int = 1) -> None:
    """``n`` views of persons, ``per_keer`` rows per write (one search shows several)."""
    audit = AuditLog(store)
    for i in range(0, n, per_keer):
        audit.schrijf_alle([(KlantRef.persoon(BSNS[(i + j) % len(BSNS)]), "brp")
                            for j in range(min(per_keer, n - i))],
                           medewerker="k.smit", doel="Klantcontact KCC",
                           handeling="klantbeeld", tijdstip=BEGIN + timedelta(minutes=i))


def met_sleutel(store: Store, *opdrachten: str) -> None:
    """What the same OS user with the store's key can do: drop the triggers, run the
    statements, make the triggers again, as they were."""
    with store.engine.begin() as conn:
        triggers = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = "
                                     "'trigger' AND tbl_name = 'audit'")).all()
        assert {t.name for t in triggers} == {"audit_niet_wijzigen", "audit_niet_verwijderen"}
        for t in triggers:
            conn.execute(text(f"DROP TRIGGER {t.name}"))
        for opdracht in opdrachten:
            conn.execute(text(opdracht))
        for t in triggers:
            conn.execute(text(t.sql))


def herbouw_keten(store: Store, *, nieuwe_keten: bool = False) -> None:
    """The rebuild by someone with the key and this code: renumber the rows 1, 2, 3 ... and
    compute every hash again from the chain's own start (rows before the first change keep
    their hashes), so the chain on its own is whole again."""
    records = list(AuditLog(store).records())
    keten = auditketen.nieuwe_keten() if nieuwe_keten else records[0].keten
    vorige = auditketen.beginwaarde() if nieuwe_keten else records[0].vorige or ""
    nieuw = []
    for i, oud in enumerate(records, 1):
        r = replace(oud, volgnummer=i, keten=keten, vorige=vorige)
        h = auditketen.schakel(vorige, r)
        nieuw.append(replace(r, hash=h))
        vorige = h
    opdrachten = ["DELETE FROM audit"]
    for r in nieuw:
        tijd = r.tijdstip.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        opdrachten.append(
            "INSERT INTO audit (id, tijdstip, medewerker, klant_soort, klant_nummer, doel, bron,"
            f" handeling, keten, vorige, hash) VALUES ({r.volgnummer}, '{tijd}', "
            f"'{r.medewerker}', '{r.klant_soort}', '{r.klant_nummer}', '{r.doel}', '{r.bron}', "
            f"'{r.handeling}', '{r.keten}', '{r.vorige}', '{r.hash}')")
    met_sleutel(store, *opdrachten)


def eerste_breuk(uitvoer: str) -> int | None:
    """The row ``werkplek audit controleer`` names as the first break."""
    m = re.search(r"^GESCHONDEN: regel (\d+):", uitvoer, re.MULTILINE)
    return int(m.group(1)) if m else None


def kopieer_sleutelbos(tmp_path: Path, geheimen: dict[tuple[str, str], str]) -> None:
    """Everything the in-process keyring holds (the store key, the chain's head) into the
    file keyring of the beheer commands."""
    bestand = tmp_path / "sleutelbos.json"
    alle = json.loads(bestand.read_text()) if bestand.exists() else {}
    alle |= {f"{dienst}\t{gebruiker}": waarde for (dienst, gebruiker), waarde in geheimen.items()}
    bestand.write_text(json.dumps(alle))
