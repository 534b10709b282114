"""Durable audit without a keyring: views of persons are sealed to the privacy officer's
public key in an append-only file that the workstation cannot read back; without that key
(and without a keyring) persons are not shown at all. Never an audit in memory only."""

from __future__ import annotations

import base64
import csv
import io
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from werkplek_embedded.demo import BERT_BSN, HAVEN_KVK

from tests.audit.hulp import BEGIN, BSNS, SLEUTEL, demo_opslag, eerste_breuk, werkplek
from werkplek.app import bouw
from werkplek.domain.model import KlantRef, nu
from werkplek.services.dossier import GEEN_AUDIT
from werkplek.services.profiel import ConfigFout, lees_profiel
from werkplek.store import auditbestand
from werkplek.store.auditbestand import Auditbestand, auditbestandpad, kop_pad
from werkplek.store.database import Store
from werkplek.store.repositories import AuditLog

BERT = KlantRef.persoon(BERT_BSN)
HAVEN = KlantRef.bedrijf(HAVEN_KVK)

PROFIEL = """\
[profiel]
naam = "balie"
gemeente = "Gemeente Demodam"

[plugins.ingebouwd]
plugin = "werkplek_embedded"
demo = true

[capabilities]
personen = ["ingebouwd"]
bedrijven = ["ingebouwd"]
zaken = ["ingebouwd"]
klantcontacten = ["ingebouwd"]
{audit}"""


def profiel_met(tmp_path: Path, publieke_sleutel: str | None) -> Path:
    pad = tmp_path / "config" / "werkplek" / "profielen" / "balie.toml"
    pad.parent.mkdir(parents=True, exist_ok=True)
    audit = f'\n[audit]\npublieke_sleutel = "{publieke_sleutel}"\n' if publieke_sleutel else ""
    pad.write_text(PROFIEL.format(audit=audit), encoding="utf-8")
    return pad


def sleutelpaar(tmp_path: Path, naam: str = "privacy-officer.key") -> tuple[Path, str]:
    """A key pair made as the privacy officer makes it: ``werkplek audit sleutelpaar``."""
    prive = tmp_path / naam
    r = werkplek(tmp_path, "audit", "sleutelpaar", "--output", str(prive))
    assert r.returncode == 0, r.stderr
    publiek = r.stdout.split('publieke_sleutel = "')[1].split('"')[0]
    return prive, publiek


@pytest.fixture
def geen_sleutelbos() -> None:
    """No usable keyring on this computer: the store lives in memory."""
    keyring.set_keyring(fail.Keyring())


def test_sleutelpaar_maakt_een_privesleutel_alleen_voor_de_eigenaar(tmp_path: Path) -> None:
    prive, publiek = sleutelpaar(tmp_path)
    assert prive.stat().st_mode & 0o777 == 0o600
    assert len(base64.b64decode(publiek)) == 32
    auditbestand.lees_prive_sleutel(prive)  # reads back as a private key
    r = werkplek(tmp_path, "audit", "sleutelpaar", "--output", str(prive))
    assert r.returncode == 2 and "bestaat al" in r.stderr  # never over an existing key
    lees_profiel(profiel_met(tmp_path, publiek), os_gebruiker="agent")


@pytest.mark.parametrize("sleutel", ["geen-base64!", "AAAA",
                                     base64.b64encode(b"x" * 31).decode()])
def test_een_profiel_met_een_onbruikbare_publieke_sleutel(tmp_path: Path, sleutel: str) -> None:
    pad = profiel_met(tmp_path, sleutel)
    with pytest.raises(ConfigFout, match=r"regel 16: \[audit.publieke_sleutel\] is geen "
                                         "publieke sleutel"):
        lees_profiel(pad, os_gebruiker="agent")


@pytest.mark.asyncio
@pytest.mark.usefixtures("geen_sleutelbos")
async def test_zonder_sleutelbos_gaan_inzagen_versleuteld_naar_het_auditbestand(
        tmp_path: Path) -> None:
    prive, publiek = sleutelpaar(tmp_path)
    profiel = lees_profiel(profiel_met(tmp_path, publiek), os_gebruiker="testagent")
    data = tmp_path / "data" / "werkplek"
    w = bouw(profiel, data)
    try:
        assert not w.store.versleuteld  # no keyring: the store is in memory
        klant = await w.dossier.klant(BERT)
        assert klant.waarde is not None and klant.meldingen == []
        zoek = await w.dossier.zoek(w.dossier.zoekvraag("3011AB 12"))
        assert len(zoek.waarde) == 3
        await w.dossier.leg_vast(BERT, "bsn_getoond")
        await w.dossier.klant(HAVEN)
    finally:
        await w.aclose()
    pad = auditbestandpad(data, "balie")
    inhoud = pad.read_bytes()
    assert pad.stat().st_mode & 0o777 == 0o600 and kop_pad(pad).stat().st_mode & 0o777 == 0o600
    assert len(inhoud.splitlines()) == 6  # klantbeeld, three search results, BSN, company
    # The workstation cannot read it back: no BSN, no name, no action in plain text.
    for geheim in (BERT_BSN.encode(), b"testagent", b"klantbeeld", b"bsn_getoond"):
        assert geheim not in inhoud and geheim not in kop_pad(pad).read_bytes()

    zonder = werkplek(tmp_path, "audit", "export", "--since", "2020-01-01", "--profile", "balie")
    assert zonder.returncode == 1 and zonder.stdout == ""
    assert f"versleuteld in {pad}" in zonder.stderr and "--private-key" in zonder.stderr

    r = werkplek(tmp_path, "audit", "export", "--since", "2020-01-01", "--profile", "balie",
                 "--private-key", str(prive))
    assert r.returncode == 0, r.stderr
    rijen = list(csv.reader(io.StringIO(r.stdout, newline="")))
    assert rijen[0] == ["tijdstip", "medewerker", "bsn", "handeling", "doel", "bron"]
    assert sorted((rij[1], rij[2], rij[3]) for rij in rijen[1:]) == sorted([
        ("testagent", BERT_BSN, "klantbeeld"), ("testagent", BERT_BSN, "bsn_getoond"),
        *(("testagent", bsn, "zoekresultaat") for bsn in (BERT_BSN, "999990019", "999990020"))])
    assert HAVEN_KVK not in r.stdout  # companies are not in the export of persons

    c = werkplek(tmp_path, "audit", "controleer", "--profile", "balie",
                 "--private-key", str(prive))
    assert c.returncode == 0, c.stdout + c.stderr
    assert f"Auditbestand {pad}: 6 auditregels" in c.stdout

    ander, _ = sleutelpaar(tmp_path, "ander.key")  # not the key the rows were sealed to
    c = werkplek(tmp_path, "audit", "controleer", "--profile", "balie", "--private-key",
                 str(ander))
    assert c.returncode == 1 and "niet te openen met deze sleutel" in c.stdout


@pytest.mark.asyncio
@pytest.mark.usefixtures("geen_sleutelbos")
async def test_zonder_sleutelbos_en_zonder_publieke_sleutel_geen_personen(
        tmp_path: Path) -> None:
    profiel = lees_profiel(profiel_met(tmp_path, None), os_gebruiker="testagent")
    data = tmp_path / "data" / "werkplek"
    w = bouw(profiel, data)
    try:
        klant = await w.dossier.klant(BERT)
        assert klant.waarde is None and klant.meldingen == [GEEN_AUDIT]
        assert (await w.dossier.klant(BERT, uit_cache=True)).waarde is None
        zoek = await w.dossier.zoek(w.dossier.zoekvraag(BERT_BSN))
        assert zoek.waarde == [] and GEEN_AUDIT in zoek.meldingen
        adres = await w.dossier.zoek(w.dossier.zoekvraag("3011AB 12"))
        assert all(r.klant.soort.value == "bedrijf" for r in adres.waarde)
        zaken = await w.dossier.zaken(BERT)
        historie = await w.dossier.contacthistorie(BERT)
        assert (zaken.waarde, historie.waarde) == ([], [])
        assert zaken.meldingen == historie.meldingen == [GEEN_AUDIT]
        # A company is no person: it is shown.
        assert (await w.dossier.klant(HAVEN)).waarde is not None
    finally:
        await w.aclose()
    assert "sleutelbos" in GEEN_AUDIT and "[audit] publieke_sleutel" in GEEN_AUDIT
    assert not auditbestandpad(data, "balie").exists()


def _bestand_met_regels(tmp_path: Path, n: int) -> tuple[Path, Path]:
    prive, publiek = sleutelpaar(tmp_path)
    pad = auditbestandpad(tmp_path / "data" / "werkplek", "balie")
    bestand = Auditbestand(pad, auditbestand.lees_publieke_sleutel(publiek))
    for i in range(n):
        bestand.schrijf_alle([(KlantRef.persoon(BSNS[i % len(BSNS)]), "brp")],
                             medewerker="k.smit", doel="Klantcontact KCC",
                             handeling="klantbeeld", tijdstip=nu())
    profiel_met(tmp_path, publiek)
    return pad, prive


def _controleer(tmp_path: Path, prive: Path) -> tuple[int, str]:
    r = werkplek(tmp_path, "audit", "controleer", "--profile", "balie", "--private-key",
                 str(prive))
    return r.returncode, r.stdout + r.stderr


def test_het_auditbestand_ongeschonden_en_na_een_herstart(tmp_path: Path) -> None:
    pad, prive = _bestand_met_regels(tmp_path, 5)
    assert _controleer(tmp_path, prive)[0] == 0
    gelezen = auditbestand.lees(pad, auditbestand.lees_prive_sleutel(prive))
    assert [r.volgnummer for r in gelezen.records] == [1, 2, 3, 4, 5]
    assert len({r.keten for r in gelezen.records}) == 1  # each write went on from the head


def test_een_regel_uit_het_midden_van_het_auditbestand(tmp_path: Path) -> None:
    pad, prive = _bestand_met_regels(tmp_path, 6)
    regels = pad.read_bytes().splitlines(keepends=True)
    pad.write_bytes(b"".join(regels[:2] + regels[4:]))
    code, uit = _controleer(tmp_path, prive)
    assert code == 1 and eerste_breuk(uit) == 5, uit
    assert "de regels 3–4 ervoor ontbreken" in uit


def test_een_gewijzigde_regel_in_het_auditbestand(tmp_path: Path) -> None:
    pad, prive = _bestand_met_regels(tmp_path, 4)
    regels = pad.read_bytes().splitlines(keepends=True)
    ruw = bytearray(base64.b64decode(regels[1].strip()))
    ruw[-20] ^= 1
    regels[1] = base64.b64encode(bytes(ruw)) + b"\n"
    pad.write_bytes(b"".join(regels))
    code, uit = _controleer(tmp_path, prive)
    assert code == 1 and eerste_breuk(uit) == 2, uit
    assert "regel 2 van het bestand is niet te openen" in uit


def test_de_laatste_regels_van_het_auditbestand_afgeknipt(tmp_path: Path) -> None:
    """Whoever cuts the tail cannot make the head file name the new last row: they cannot
    read it, so not compute its hash."""
    pad, prive = _bestand_met_regels(tmp_path, 6)
    regels = pad.read_bytes().splitlines(keepends=True)
    pad.write_bytes(b"".join(regels[:4]))
    code, uit = _controleer(tmp_path, prive)
    assert code == 1 and eerste_breuk(uit) == 5, uit
    assert "noemt regel 6, maar het bestand houdt op bij regel 4" in uit
    kop_pad(pad).unlink()  # and the head file removed too
    code, uit = _controleer(tmp_path, prive)
    assert code == 1 and "kopbestand" in uit and "ontbreekt" in uit


def test_processen_die_tegelijk_in_het_auditbestand_schrijven(tmp_path: Path) -> None:
    """Each writer holds the file's lock from reading the head to writing it: no fork."""
    prive, publiek = sleutelpaar(tmp_path)
    pad = auditbestandpad(tmp_path / "data" / "werkplek", "balie")
    code = ("import sys; from pathlib import Path; from datetime import UTC, datetime; "
            "from werkplek.domain.model import KlantRef; "
            "from werkplek.store.auditbestand import Auditbestand, lees_publieke_sleutel; "
            "b = Auditbestand(Path(sys.argv[1]), lees_publieke_sleutel(sys.argv[2])); "
            "[b.schrijf_alle([(KlantRef.persoon('999990032'), 'brp')], medewerker='k', "
            "doel='d', handeling='h', tijdstip=datetime.now(UTC)) for _ in range(30)]")
    wortel = Path(__file__).resolve().parents[2]
    processen = [subprocess.Popen([sys.executable, "-c", code, str(pad), publiek], cwd=wortel,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(4)]
    for p in processen:
        _, fout = p.communicate(timeout=120)
        assert p.returncode == 0, fout
    gelezen = auditbestand.lees(pad, auditbestand.lees_prive_sleutel(prive))
    assert gelezen.rapport.heel, gelezen.rapport.breuken[:3]
    assert gelezen.rapport.regels == 120


def test_de_export_voegt_opslag_en_auditbestand_op_tijd_samen(tmp_path: Path) -> None:
    """A workstation that had no keyring for a while, then one: both logs, one export."""
    prive, publiek = sleutelpaar(tmp_path)
    profiel_met(tmp_path, publiek)
    data = tmp_path / "data" / "werkplek"
    bestand = Auditbestand(auditbestandpad(data, "balie"),
                           auditbestand.lees_publieke_sleutel(publiek))
    store = Store(demo_opslag(tmp_path, "balie"), SLEUTEL)
    try:
        for minuut, bsn in enumerate(BSNS[:4]):
            doel = bestand if minuut % 2 == 0 else AuditLog(store)
            doel.schrijf_alle([(KlantRef.persoon(bsn), "brp")], medewerker="k.smit",
                              doel="Klantcontact KCC", handeling="klantbeeld",
                              tijdstip=BEGIN + timedelta(minutes=minuut))
    finally:
        store.sluit()
    r = werkplek(tmp_path, "audit", "export", "--since", "2026-03-01", "--profile", "balie",
                 "--private-key", str(prive))
    assert r.returncode == 0, r.stderr
    rijen = list(csv.reader(io.StringIO(r.stdout, newline="")))[1:]
    assert [rij[2] for rij in rijen] == list(BSNS[:4])  # in time order, from both
    assert werkplek(tmp_path, "audit", "controleer", "--profile", "balie", "--private-key",
                    str(prive)).returncode == 0
