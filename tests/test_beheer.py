"""Beheer: the audit log is append-only and exported for the privacy officer; plugin secrets
go into the keyring with ``werkplek secrets``, never into a profile file."""

from __future__ import annotations

import csv
import io
import json
import os
import select
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import pytest
import pytest_asyncio
from sqlalchemy import text, update
from sqlalchemy.exc import IntegrityError, StatementError
from werkplek_embedded.demo import BERT_BSN

from tests.sleutelbos import BestandKeyring
from tests.test_cli import WERKPLEK, omgeving
from werkplek.app import bouw
from werkplek.domain.model import TIJDZONE, KlantRef, nu
from werkplek.services.opslag import SLEUTELNAAM, dienst, opslagpad
from werkplek.services.plugins import KeyringGeheimen
from werkplek.services.profiel import RESOURCES, ConfigFout, Profiel, lees_profiel
from werkplek.store.database import MIGRATIES, Store, maak_engine, migreer
from werkplek.store.models import AuditRegel
from werkplek.store.repositories import AuditLog

SLEUTEL = "0123456789abcdef" * 4
BERT = KlantRef.persoon(BERT_BSN)
HAVEN = KlantRef.bedrijf("90000001")
KOP = ["tijdstip", "medewerker", "bsn", "handeling", "doel", "bron"]


def werkplek(tmp_path: Path, *args: str, invoer: str = "") -> subprocess.CompletedProcess[str]:
    """The real ``werkplek`` command, with the test's user dirs and file-backed keyring."""
    return subprocess.run([str(WERKPLEK), *args], env=omgeving(tmp_path), input=invoer,
                          capture_output=True, text=True, timeout=120, check=False)


def sleutelbos_bestand(tmp_path: Path) -> dict[str, str]:
    pad = tmp_path / "sleutelbos.json"
    return json.loads(pad.read_text()) if pad.exists() else {}


def logboek(tmp_path: Path) -> str:
    pad = tmp_path / "state" / "werkplek" / "log" / "werkplek.log"
    return pad.read_text("utf-8") if pad.exists() else ""


# -- the audit log is append-only ---------------------------------------------------------------

def test_de_database_weigert_wijzigen_en_verwijderen_van_auditregels(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db", SLEUTEL)
    try:
        AuditLog(store).schrijf(medewerker="a.jansen", klant=BERT, doel="Klantcontact KCC",
                                bron="ingebouwd", handeling="klantbeeld", tijdstip=nu())
        for opdracht in ("UPDATE audit SET medewerker = 'iemand anders'",
                         "UPDATE audit SET tijdstip = '2000-01-01 00:00:00.000000'",
                         "DELETE FROM audit",
                         f"DELETE FROM audit WHERE klant_nummer = '{BERT_BSN}'"):
            with pytest.raises(IntegrityError, match="alleen-toevoegen"), \
                    store.engine.begin() as conn:
                conn.execute(text(opdracht))
        with pytest.raises(IntegrityError, match="auditregel verwijderen is niet toegestaan"), \
                store.sessie() as s, s.begin():
            s.delete(s.get_one(AuditRegel, 1))
        with pytest.raises(IntegrityError, match="auditregel wijzigen"), \
                store.sessie() as s, s.begin():
            s.execute(update(AuditRegel).values(bron="x"))
        [regel] = AuditLog(store).van_klant(BERT)
        assert (regel.medewerker, regel.bron) == ("a.jansen", "ingebouwd")
    finally:
        store.sluit()


def test_een_bestaande_opslag_krijgt_de_migratie_en_houdt_zijn_auditregels(
        tmp_path: Path) -> None:
    """A store made before 0004 kept Amsterdam wall time without offset; now it is UTC."""
    pad = tmp_path / "oud.db"
    engine = maak_engine(pad, SLEUTEL)
    migreer(engine, MIGRATIES, "0003")
    with engine.begin() as conn:
        for tijd in ("2025-01-15 10:00:00.000000", "2025-07-15 10:00:00.000000"):
            conn.execute(text(
                "INSERT INTO audit (tijdstip, medewerker, klant_soort, klant_nummer, doel, bron,"
                " handeling) VALUES (:t, 'a.jansen', 'persoon', :bsn, 'Klantcontact KCC',"
                " 'ingebouwd', 'klantbeeld')"), {"t": tijd, "bsn": BERT_BSN})
        conn.execute(text("UPDATE audit SET bron = 'nog toegestaan'"))  # no trigger yet
    engine.dispose()
    store = Store(pad, SLEUTEL)  # migrates, as every start does
    try:
        regels = AuditLog(store).van_klant(BERT)
        assert [r.tijdstip for r in regels] == [datetime(2025, 1, 15, 9, tzinfo=UTC),
                                                datetime(2025, 7, 15, 8, tzinfo=UTC)]
        assert {r.bron for r in regels} == {"nog toegestaan"}
        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit"))
        assert len(AuditLog(store).van_klant(BERT)) == 2
    finally:
        store.sluit()


def test_een_tijdstip_zonder_tijdzone_wordt_niet_bewaard(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db", SLEUTEL)
    try:
        with pytest.raises(StatementError, match="zonder tijdzone"):
            AuditLog(store).schrijf(medewerker="a", klant=BERT, doel="d", bron="b",
                                    handeling="h", tijdstip=datetime(2025, 1, 1))  # noqa: DTZ001
        assert AuditLog(store).van_klant(BERT) == []
    finally:
        store.sluit()


# -- werkplek audit export ----------------------------------------------------------------------

@pytest_asyncio.fixture
async def opslag_met_inzagen(demo_profiel: Profiel, tmp_path: Path) -> datetime:
    """The demo profile's own store, made by werkplek's services: Bert's dossier opened and
    searched, plus protocol lines at chosen moments. Its key is put in the file keyring the
    werkplek subprocesses use. Returns when Bert's dossier was opened (Amsterdam time)."""
    w = bouw(demo_profiel, tmp_path / "data" / "werkplek")
    try:
        bekeken = nu()
        assert (await w.dossier.klant(BERT)).waarde is not None
        await w.dossier.zoek(w.dossier.zoekvraag(BERT_BSN))
        audit = AuditLog(w.store)
        for tijdstip, klant in (
                (datetime(2025, 3, 29, 23, 59, 59, tzinfo=TIJDZONE), BERT),  # before --since
                (datetime(2025, 3, 30, 0, 0, tzinfo=TIJDZONE), BERT),  # winter time, +01:00
                (datetime(2025, 3, 30, 12, 0, tzinfo=TIJDZONE), BERT),  # summer time, +02:00
                (datetime(2025, 3, 30, 12, 0, tzinfo=TIJDZONE), HAVEN)):  # a company
            await w.werker.doe(lambda t=tijdstip, k=klant: audit.schrijf(
                medewerker="k.smit", klant=k, doel="Klantcontact KCC", bron="brp",
                handeling="klantbeeld", tijdstip=t))
        sleutel = keyring.get_password(dienst("demo"), SLEUTELNAAM)
    finally:
        await w.aclose()
    assert sleutel is not None
    (tmp_path / "sleutelbos.json").write_text(json.dumps({f"werkplek/demo\t{SLEUTELNAAM}":
                                                          sleutel}))
    return bekeken


@pytest.mark.asyncio
async def test_audit_export_schrijft_de_inzagen_als_csv(
        opslag_met_inzagen: datetime, tmp_path: Path) -> None:
    r = werkplek(tmp_path, "audit", "export", "--since", "2025-03-30")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    rijen = list(csv.reader(io.StringIO(r.stdout, newline="")))
    assert rijen[0] == KOP
    # Oldest first; from 00:00 Amsterdam time on the day given; each moment with its offset.
    assert rijen[1:3] == [
        ["2025-03-30T00:00:00+01:00", "k.smit", BERT_BSN, "klantbeeld", "Klantcontact KCC", "brp"],
        ["2025-03-30T12:00:00+02:00", "k.smit", BERT_BSN, "klantbeeld", "Klantcontact KCC", "brp"],
    ]
    eigen = rijen[3:]  # what opening and searching Bert's dossier protocolled
    assert sorted(rij[1:] for rij in eigen) == [
        ["testagent", BERT_BSN, "klantbeeld", "Klantcontact KCC", "ingebouwd"],
        ["testagent", BERT_BSN, "zoekresultaat", "Klantcontact KCC", "Werkplek (ingebouwd)"],
    ]
    for rij in eigen:
        tijd = datetime.fromisoformat(rij[0])
        assert tijd.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
        assert tijd.utcoffset() == opslag_met_inzagen.utcoffset()
        assert abs(tijd - opslag_met_inzagen) < timedelta(minutes=5)
    assert "90000001" not in r.stdout  # companies are not in the officer's export of persons
    assert BERT_BSN not in logboek(tmp_path)
    assert "Auditlogboek geëxporteerd: 4 regels" in logboek(tmp_path)

    later = werkplek(tmp_path, "audit", "export", "--since",
                     (opslag_met_inzagen + timedelta(days=1)).date().isoformat())
    assert later.returncode == 0 and later.stdout.splitlines() == [",".join(KOP)]


@pytest.mark.asyncio
async def test_audit_export_naar_een_bestand(opslag_met_inzagen: datetime,
                                             tmp_path: Path) -> None:
    uit = tmp_path / "export" / "audit.csv"
    uit.parent.mkdir()
    r = werkplek(tmp_path, "audit", "export", "--since", "2025-03-30", "--profile", "demo",
                 "--output", str(uit))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"4 auditregels vanaf 30-03-2025 geschreven naar {uit}."
    assert BERT_BSN not in r.stdout + r.stderr
    with uit.open(encoding="utf-8", newline="") as f:
        rijen = list(csv.reader(f))
    assert rijen[0] == KOP and len(rijen) == 5
    assert uit.stat().st_mode & 0o077 == 0  # it holds BSNs: for its owner only


@pytest.mark.parametrize("datum", ["2025-13-01", "30-03-2025", "2025-02-30", "gisteren", ""])
def test_audit_export_met_een_foute_datum(tmp_path: Path, datum: str) -> None:
    r = werkplek(tmp_path, "audit", "export", "--since", datum)
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.strip() == (f"werkplek: --since {datum!r} is geen geldige datum; schrijf "
                                "JJJJ-MM-DD, bijvoorbeeld 2025-01-31.")


def test_audit_export_zonder_opslag_of_zonder_sleutel(tmp_path: Path) -> None:
    r = werkplek(tmp_path, "audit", "export", "--since", "2025-01-01")
    assert r.returncode == 1 and r.stdout == ""
    pad = opslagpad(tmp_path / "data" / "werkplek", "demo")
    assert f"Er is geen lokale opslag van profiel 'demo': {pad} bestaat niet" in r.stderr
    assert not pad.exists()  # the export makes no store

    Store(pad, SLEUTEL).sluit()  # a store whose key is not in the keyring
    r = werkplek(tmp_path, "audit", "export", "--since", "2025-01-01")
    assert r.returncode == 1 and r.stdout == ""
    assert "ontbreekt in de sleutelbos (dienst werkplek/demo, gebruiker opslag.sleutel)" in (
        r.stderr)
    assert sleutelbos_bestand(tmp_path) == {}  # no new key made ...
    assert pad.exists() and not list(pad.parent.glob("*.beschadigd-*"))  # ... nothing moved

    (tmp_path / "sleutelbos.json").write_text(json.dumps(
        {f"werkplek/demo\t{SLEUTELNAAM}": "f" * 64}))
    r = werkplek(tmp_path, "audit", "export", "--since", "2025-01-01")
    assert r.returncode == 1
    assert f"De opslag {pad} is niet te openen: het bestand is niet te openen met de sleutel" in (
        r.stderr)
    assert "Traceback" not in r.stderr


# -- werkplek secrets ---------------------------------------------------------------------------

AGENDA = """\
[profiel]
naam = "Rotterdam"

[plugins.agenda]
plugin = "werkplek_caldav"
url = "https://agenda.gemeente.example"
gebruiker = "kcc"
{extra}
[[plugins.agenda.agenda]]
id = "mdewit"
naam = "M. de Wit"
pad = "/kcc/mdewit/"
onderwerpen = ["Bijstandsuitkering"]

[capabilities]
agenda = ["agenda"]
"""


def profiel_in_configmap(tmp_path: Path, extra: str = "") -> Path:
    pad = tmp_path / "config" / "werkplek" / "profielen" / "kcc.toml"
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(AGENDA.format(extra=extra), encoding="utf-8")
    return pad


def test_secrets_set_bewaart_het_geheim_waar_de_plugin_het_leest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    profiel_in_configmap(tmp_path)
    waarde = "Zeer-geheim 42!"
    r = werkplek(tmp_path, "secrets", "set", "kcc", "agenda", "wachtwoord", invoer=f"{waarde}\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == (
        "Geheim 'wachtwoord' van plugin agenda (profiel Rotterdam) is opgeslagen in de "
        "sleutelbos (dienst werkplek/Rotterdam, gebruiker agenda.wachtwoord).")
    assert "Zeer-geheim" not in r.stdout + r.stderr + logboek(tmp_path)
    assert sleutelbos_bestand(tmp_path) == {"werkplek/Rotterdam\tagenda.wachtwoord": waarde}
    # Read back the way the plugin host hands it to the plugin: profile name, plugin name.
    monkeypatch.setenv("WERKPLEK_TEST_SLEUTELBOS", str(tmp_path / "sleutelbos.json"))
    keyring.set_keyring(BestandKeyring())
    profiel = lees_profiel(tmp_path / "config" / "werkplek" / "profielen" / "kcc.toml")
    assert KeyringGeheimen(profiel.naam, "agenda").geheim("wachtwoord") == waarde

    r = werkplek(tmp_path, "secrets", "delete", "kcc", "agenda", "wachtwoord")
    assert r.returncode == 0, r.stderr
    assert "is gewist uit de sleutelbos" in r.stdout
    assert sleutelbos_bestand(tmp_path) == {}
    r = werkplek(tmp_path, "secrets", "delete", "kcc", "agenda", "wachtwoord")
    assert r.returncode == 1 and "Er staat geen geheim 'wachtwoord'" in r.stderr


def test_secrets_set_vraagt_op_een_terminal_zonder_te_tonen(tmp_path: Path) -> None:
    """On a real terminal (a pty that is the process's controlling terminal) the value is
    asked for without echo: what is typed does not come back on the screen."""
    profiel_in_configmap(tmp_path)
    hoofd, terminal = os.openpty()
    # A new session whose controlling terminal is the pty, then werkplek in it.
    starter = ("import os, sys; os.setsid(); fd = os.open(sys.argv[1], os.O_RDWR); "
               "[os.dup2(fd, i) for i in (0, 1, 2)]; os.execv(sys.argv[2], sys.argv[2:])")
    proces = subprocess.Popen(
        [sys.executable, "-c", starter, os.ttyname(terminal), str(WERKPLEK),
         "secrets", "set", "kcc", "agenda", "wachtwoord"],
        env=omgeving(tmp_path), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    scherm = b""
    try:
        # The test keeps its end of the terminal open too, so reading never fails early.
        deadline = time.monotonic() + 60  # a guard against hanging, not a timing check
        getypt = False
        while time.monotonic() < deadline:
            if not getypt and b"(profiel Rotterdam): " in scherm:
                os.write(hoofd, b"tik-ik-in\n")
                getypt = True
            klaar, _, _ = select.select([hoofd], [], [], 0.2)
            if klaar:
                scherm += os.read(hoofd, 4096)
            elif proces.poll() is not None:
                break
        assert proces.wait(timeout=60) == 0, scherm
    finally:
        os.close(terminal)
        os.close(hoofd)
        if proces.poll() is None:
            proces.kill()
            proces.wait()
    tekst = scherm.decode()
    assert "Geheim 'wachtwoord' van plugin agenda (profiel Rotterdam): " in tekst
    assert "is opgeslagen in de sleutelbos" in tekst
    assert "tik-ik-in" not in tekst
    assert sleutelbos_bestand(tmp_path) == {"werkplek/Rotterdam\tagenda.wachtwoord": "tik-ik-in"}


@pytest.mark.parametrize("backend", ["keyring.backends.null.Keyring",
                                     "tests.offline.test_sleutelbos.OnbekendBestand"])
def test_secrets_set_weigert_een_sleutelbos_buiten_de_lijst(tmp_path: Path, backend: str) -> None:
    """A backend not on werkplek's list (here one that writes a plain file) gets nothing."""
    profiel_in_configmap(tmp_path)
    r = subprocess.run([str(WERKPLEK), "secrets", "set", "kcc", "agenda", "wachtwoord"],
                       env=omgeving(tmp_path) | {"PYTHON_KEYRING_BACKEND": backend},
                       input="Zeer-geheim\n", capture_output=True, text=True, timeout=120,
                       check=False)
    assert r.returncode == 1, r.stderr
    assert backend in r.stderr and "Het geheim is niet opgeslagen." in r.stderr
    assert "Traceback" not in r.stderr
    assert sleutelbos_bestand(tmp_path) == {}  # nothing reached the file


def test_secrets_set_weigert_onbekend_profiel_plugin_en_lege_waarde(tmp_path: Path) -> None:
    profiel_in_configmap(tmp_path)
    r = werkplek(tmp_path, "secrets", "set", "nergens", "agenda", "wachtwoord", invoer="x\n")
    assert r.returncode == 2 and "Profiel 'nergens' niet gevonden" in r.stderr
    r = werkplek(tmp_path, "secrets", "set", "kcc", "agnda", "wachtwoord", invoer="x\n")
    assert r.returncode == 2
    assert "heeft geen plugin 'agnda'; de plugins van dit profiel: agenda." in r.stderr
    r = werkplek(tmp_path, "secrets", "set", "kcc", "agenda", "wachtwoord", invoer="")
    assert r.returncode == 2 and "Het geheim is leeg; er is niets opgeslagen." in r.stderr
    r = werkplek(tmp_path, "secrets", "set", "kcc", "opslag", "sleutel", invoer="x\n")
    assert r.returncode == 2  # never over the store's own key
    assert sleutelbos_bestand(tmp_path) == {}


# -- a secret in a profile is refused -----------------------------------------------------------

@pytest.mark.parametrize(("extra", "sleutel", "waar"), [
    ('wachtwoord = "geheim"', "wachtwoord", "wachtwoord"),
    ('klantsleutel = "k-3f9a"', "klantsleutel", "klantsleutel"),
    ('client_secret = "abc"', "client_secret", "client_secret"),
    ('API-Key = "abc"', "API-Key", "API-Key"),
    ("pincode_token = 1234", "pincode_token", "pincode_token"),
    ('auth.access_token = "abc"', "access_token", "auth.access_token"),
])
def test_een_profiel_met_een_geheim_wordt_geweigerd(tmp_path: Path, extra: str, sleutel: str,
                                                    waar: str) -> None:
    pad = profiel_in_configmap(tmp_path, extra + "\n")
    with pytest.raises(ConfigFout) as e:
        lees_profiel(pad, os_gebruiker="agent")
    assert str(e.value) == (
        f"{pad}: regel 8: [plugins.agenda] {waar} is een geheim en hoort niet in een "
        "profielbestand. Haal de regel weg en zet het geheim in de sleutelbos met: "
        f"werkplek secrets set kcc agenda {sleutel}")


def test_het_geheim_in_een_profiel_naar_de_sleutelbos(tmp_path: Path) -> None:
    """What the beheerder does with the message: secrets set, then remove the line."""
    pad = profiel_in_configmap(tmp_path, 'wachtwoord = "uit-het-profiel"\n')
    r = werkplek(tmp_path, "--profile", "kcc", "plugins")
    assert r.returncode == 2
    assert "werkplek secrets set kcc agenda wachtwoord" in r.stderr
    assert "uit-het-profiel" not in r.stderr + r.stdout
    r = werkplek(tmp_path, "secrets", "set", "kcc", "agenda", "wachtwoord",
                 invoer="uit-het-profiel\n")
    assert r.returncode == 0, r.stderr
    assert f"Haal nu wachtwoord weg uit [plugins.agenda] in {pad}" in r.stdout
    assert sleutelbos_bestand(tmp_path) == {
        "werkplek/Rotterdam\tagenda.wachtwoord": "uit-het-profiel"}


def test_een_profiel_buiten_de_configmap_wordt_met_zijn_bestand_genoemd(tmp_path: Path) -> None:
    pad = tmp_path / "andere map" / "gemeente.toml"
    pad.parent.mkdir()
    pad.write_text('[plugins.zaken]\nplugin = "werkplek_zgw"\nurl = "https://z.example"\n'
                   'timeout_seconden = 3\n\n[plugins.klanten]\nplugin = "werkplek_openklant"\n'
                   'gebruik_token = true\nwachtwoord = ""\ntoken = "t0k3n"\n', encoding="utf-8")
    with pytest.raises(ConfigFout) as e:
        lees_profiel(pad, os_gebruiker="agent")
    assert str(e.value).startswith(f"{pad}: regel 10: [plugins.klanten] token is een geheim")
    assert str(e.value).endswith(f"werkplek secrets set '{pad}' klanten token")
    r = werkplek(tmp_path, "secrets", "set", str(pad), "klanten", "token", invoer="t0k3n\n")
    assert r.returncode == 0, r.stderr
    assert sleutelbos_bestand(tmp_path) == {"werkplek/gemeente\tklanten.token": "t0k3n"}


def test_gewone_instellingen_en_de_meegeleverde_profielen_blijven_geldig(tmp_path: Path) -> None:
    pad = profiel_in_configmap(tmp_path, 'gebruik_token = true\nwachtwoord = ""\n'
                                         'sleutelnaam = "agenda.wachtwoord"\n')
    assert lees_profiel(pad, os_gebruiker="agent").plugins["agenda"].config["gebruiker"] == "kcc"
    for profiel in (RESOURCES / "profiles").glob("*.toml"):
        lees_profiel(profiel, os_gebruiker="agent")
