"""The ``werkplek`` command as a user runs it: a real subprocess with its own user dirs."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.sleutelbos import omgeving_met_sleutelbos
from werkplek.services.opslag import SLEUTELNAAM
from werkplek.store.database import Store
from werkplek.store.models import Instelling

WERKPLEK = Path(sys.executable).parent / "werkplek"


def omgeving(tmp_path: Path) -> dict[str, str]:
    """No screen, the test's own user dirs, and a keyring in a file outside them."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    mappen = {f"XDG_{n.upper()}_HOME": str(tmp_path / n)
              for n in ("config", "data", "state", "cache")}
    return omgeving_met_sleutelbos(tmp_path / "sleutelbos.json", env) | mappen


def draai(tmp_path: Path, *args: str, scherm: bool = False) -> subprocess.CompletedProcess[str]:
    env = omgeving(tmp_path)
    if scherm:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run([str(WERKPLEK), *args], env=env, capture_output=True, text=True,
                          timeout=120, check=False, stdin=subprocess.DEVNULL)


def test_versie(tmp_path: Path) -> None:
    r = draai(tmp_path, "--version")
    assert r.returncode == 0 and r.stdout.startswith("werkplek ")


def test_zonder_beeldscherm_een_duidelijke_regel(tmp_path: Path) -> None:
    r = draai(tmp_path)
    assert r.returncode == 3
    regels = r.stderr.strip().splitlines()
    assert len(regels) == 1
    assert "geen beeldscherm" in regels[0] and "--screenshot" in regels[0]


def test_kapotte_config_noemt_bestand_en_regel(tmp_path: Path) -> None:
    kapot = tmp_path / "gemeente.toml"
    kapot.write_text('[profiel]\nnaam = "x"\n[plugins.a\n', encoding="utf-8")
    r = draai(tmp_path, "--config", str(kapot), "plugins")
    assert r.returncode == 2
    assert f"{kapot}: regel 3" in r.stderr
    assert "Traceback" not in r.stderr


def test_kapot_profiel_zonder_beeldscherm_alleen_een_regel_op_stderr(tmp_path: Path) -> None:
    """Without a screen no dialog can show: the window's start says it on one line, with
    the fix, and ends (the dialog itself: tests/ui/test_profielfout.py)."""
    kapot = tmp_path / "gemeente.toml"
    kapot.write_text('[profiel]\nnaam = "x"\nurll = "y"\n', encoding="utf-8")
    leeg = tmp_path / "leeg.toml"
    leeg.write_text('[profiel]\nnaam = "leeg"\n', encoding="utf-8")
    for pad, fout, oplossing in (
            (kapot, f"{kapot}: regel 3: [profiel] onbekende sleutel 'urll'",
             f"Verbeter regel 3 van {kapot} in een teksteditor en start Werkplek opnieuw."),
            (leeg, f"{leeg}: ontbreekt: [capabilities] Dit profiel heeft geen bronnen",
             f'Voeg in {leeg} een plugin toe en wijs de capabilities die hij levert eraan '
             'toe, bijvoorbeeld: [plugins.ingebouwd] plugin = "werkplek_embedded"')):
        r = draai(tmp_path, "--config", str(pad))
        assert r.returncode == 2
        regels = r.stderr.strip().splitlines()
        assert len(regels) == 1, r.stderr
        assert regels[0].startswith(f"werkplek: configuratiefout: {fout}")
        assert oplossing in regels[0]


def test_een_qt_platform_zonder_zijn_beeldscherm_telt_als_geen_beeldscherm(
        tmp_path: Path) -> None:
    """QT_QPA_PLATFORM=xcb without DISPLAY: Qt would abort; werkplek says it on one line."""
    kapot = tmp_path / "gemeente.toml"
    kapot.write_text('[profiel]\nnaam = "x"\nurll = "y"\n', encoding="utf-8")
    for platform in ("xcb", "wayland", "wayland;xcb"):
        env = omgeving(tmp_path) | {"QT_QPA_PLATFORM": platform}
        for args, code in (([], 3), (["--config", str(kapot)], 2)):
            r = subprocess.run([str(WERKPLEK), *args], env=env, capture_output=True,
                               text=True, timeout=120, check=False, stdin=subprocess.DEVNULL)
            assert r.returncode == code, (platform, args, r.stderr)
            assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_checklists_controleert_de_bestanden_voor_de_beheerder(tmp_path: Path) -> None:
    r = draai(tmp_path, "checklists")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "werkloos-scheiding" in r.stdout and "GEWEIGERD" not in r.stdout
    eigen = tmp_path / "eigen"
    eigen.mkdir()
    (eigen / "stuk.toml").write_text('id = "stuk"\ntitel = "Stuk"\nonderwerpen = ["X"]\n\n'
                                     '[[vraag]]\nid = "a"\ntekst = "A?"\nsoort = "kleur"\n',
                                     encoding="utf-8")
    profiel = tmp_path / "p.toml"
    profiel.write_text('[checklists]\nmappen = ["eigen"]\n', encoding="utf-8")
    r = draai(tmp_path, "--config", str(profiel), "checklists")
    assert r.returncode == 1
    assert f"GEWEIGERD: {eigen / 'stuk.toml'}: regel 8: onbekende soort 'kleur'" in r.stdout
    assert "werkloos-scheiding" in r.stdout  # the others still load


def test_plugins_toont_ontdekking_capabilities_en_gezondheid(tmp_path: Path) -> None:
    r = draai(tmp_path, "plugins")
    assert r.returncode == 0, r.stderr
    assert "werkplek_embedded" in r.stdout
    assert "Profiel: demo (Gemeente Demodam)" in r.stdout
    assert "capabilities in profiel: personen, bedrijven, zaken, klantcontacten, kennis" in (
        r.stdout)
    assert "gezondheid: in orde" in r.stdout


def test_onbekend_profiel(tmp_path: Path) -> None:
    r = draai(tmp_path, "--profile", "nergens", "plugins")
    assert r.returncode == 2
    assert "Profiel 'nergens' niet gevonden" in r.stderr


@pytest.mark.gui
def test_schermafbeelding_van_berts_dossier(tmp_path: Path) -> None:
    uit = tmp_path / "uit.png"
    r = draai(tmp_path, "--screenshot", str(uit), "--open", "999993653")
    assert r.returncode == 0, r.stderr
    assert uit.stat().st_size > 20_000
    from werkplek.ui.qt import QtGui

    beeld = QtGui.QImage(str(uit))
    assert (beeld.width(), beeld.height()) == (1600, 1000)
    kleuren = {beeld.pixel(x, y) for x in range(0, 1600, 7) for y in range(0, 1000, 7)}
    assert len(kleuren) > 50  # a filled screen, not a blank one
    assert "999993653" not in r.stdout + r.stderr
    logboek = (tmp_path / "state" / "werkplek" / "log" / "werkplek.log").read_text("utf-8")
    assert "Lokale opslag geopend" in logboek and "999993653" not in logboek


@pytest.mark.gui
def test_schermafbeelding_in_gesprek_op_1366(tmp_path: Path) -> None:
    uit = tmp_path / "gesprek.png"
    r = draai(tmp_path, "--screenshot", str(uit), "--open", "999993653", "--grootte",
              "1366x768", "--onderwerp", "Paspoort", "--in-gesprek")
    assert r.returncode == 0, r.stderr
    from werkplek.ui.qt import QtGui

    beeld = QtGui.QImage(str(uit))
    assert (beeld.width(), beeld.height()) == (1366, 768)


@pytest.mark.parametrize(("opties", "fout"), [
    (["--grootte", "groot"], "geen grootte als 1366x768"),
    (["--onderwerp", "Paspoort"], "--onderwerp hoort bij --screenshot"),
    (["--in-gesprek"], "--in-gesprek hoort bij --screenshot"),
])
def test_opties_van_de_schermafbeelding(tmp_path: Path, opties: list[str], fout: str) -> None:
    r = draai(tmp_path, *opties, "plugins")
    assert r.returncode == 2
    assert fout in r.stderr


def test_schermafbeelding_met_onbekend_onderwerp(tmp_path: Path) -> None:
    r = draai(tmp_path, "--screenshot", str(tmp_path / "x.png"), "--open", "999993653",
              "--onderwerp", "Ruimtevaart")
    assert r.returncode == 2
    assert "onbekend onderwerp 'Ruimtevaart'" in r.stderr
    assert not (tmp_path / "x.png").exists()


def test_schermafbeelding_met_fout_nummer(tmp_path: Path) -> None:
    r = draai(tmp_path, "--screenshot", str(tmp_path / "x.png"), "--open", "123456789")
    assert r.returncode == 2
    assert "elfproef" in r.stderr
    assert not (tmp_path / "x.png").exists()


class Venster:
    """A real werkplek window in a subprocess (offscreen), followed through its log."""

    def __init__(self, tmp_path: Path) -> None:
        self.env = omgeving(tmp_path) | {"QT_QPA_PLATFORM": "offscreen"}
        self.logboek = tmp_path / "state" / "werkplek" / "log" / "werkplek.log"
        self.proces = subprocess.Popen([str(WERKPLEK)], env=self.env, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def log(self) -> str:
        return self.logboek.read_text("utf-8") if self.logboek.exists() else ""

    def wacht_op(self, tekst: str) -> None:
        deadline = time.monotonic() + 60  # a guard against hanging, not a timing check
        while tekst not in self.log():
            assert self.proces.poll() is None, self.proces.communicate()
            assert time.monotonic() < deadline, f"niet in het logboek: {tekst}"
            time.sleep(0.05)

    def sluit(self) -> str:
        """TERM, as a session ending does; returns stderr after the process has ended."""
        try:
            self.proces.send_signal(signal.SIGTERM)
            return self.proces.communicate(timeout=60)[1]
        finally:
            if self.proces.poll() is None:
                self.proces.kill()
                self.proces.communicate()


@pytest.mark.gui
def test_term_sluit_netjes_af_en_bewaart_de_indeling(tmp_path: Path) -> None:
    venster = Venster(tmp_path)
    try:
        venster.wacht_op("Bronnen verbonden")
    finally:
        fout = venster.sluit()
    proces, logboek = venster.proces, venster.logboek
    assert proces.returncode == 0, fout
    log = logboek.read_text("utf-8")
    assert "Venster gesloten" in log
    # The window first; the encrypted store (and the plugins) are opened behind it.
    assert log.index("Venster geopend") < log.index("Lokale opslag geopend") < log.index(
        "Bronnen verbonden")
    pad = tmp_path / "data" / "werkplek" / "werkplek-demo.db"
    with pytest.raises(sqlite3.DatabaseError), sqlite3.connect(pad) as db:
        db.execute("SELECT sleutel FROM instelling").fetchall()  # encrypted: not without key
    sleutel = json.loads((tmp_path / "sleutelbos.json").read_text())[
        f"werkplek/demo\t{SLEUTELNAAM}"]
    store = Store(pad, sleutel)
    try:
        assert store.sessie().scalars(select(Instelling)).all() is not None  # with its key
    finally:
        store.sluit()
    # The layout (no personal data) is in a file of its own: the window reads it at once.
    indelingen = list((tmp_path / "data" / "werkplek").glob("venster-demo-*.indeling"))
    assert len(indelingen) == 1 and indelingen[0].read_text("ascii").strip()


@pytest.mark.gui
def test_term_terwijl_de_bronnen_nog_verbonden_worden(tmp_path: Path) -> None:
    """The window shows before the store and the plugins are up; closed in that moment,
    werkplek still waits for them, closes them, and ends with 0."""
    venster = Venster(tmp_path)
    try:
        venster.wacht_op("Venster geopend")
    finally:
        fout = venster.sluit()
    assert venster.proces.returncode == 0, fout
    log = venster.logboek.read_text("utf-8")
    assert "Venster gesloten" in log
    assert "Traceback" not in log + fout


@pytest.mark.gui
def test_een_werkplek_per_gebruiker_neemt_de_pop_van_de_softphone_over(tmp_path: Path) -> None:
    venster = Venster(tmp_path)

    def werkplek(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(WERKPLEK), *args], env=venster.env, capture_output=True,
                              text=True, timeout=120, check=False, stdin=subprocess.DEVNULL)

    try:
        venster.wacht_op("Venster geopend")
        pop = werkplek("pop", "--phone", "+31 20 123 4567", "--line", "14010")
        assert pop.returncode == 0 and "overgenomen" in pop.stdout, pop.stderr
        venster.wacht_op("Oproep: 1 klant met dit nummer")
        url = werkplek("werkplek://pop?phone=anonymous")
        assert url.returncode == 0 and "overgenomen" in url.stdout
        venster.wacht_op("Oproep: geen bruikbaar nummer")
        tweede = werkplek()
        assert tweede.returncode == 0 and "overgenomen" in tweede.stdout
        assert venster.log().count("Venster geopend") == 1  # no second window
    finally:
        fout = venster.sluit()
    assert venster.proces.returncode == 0, fout
    assert "1234567" not in venster.log()  # a caller's number is personal data


@pytest.mark.gui
def test_de_lijn_kiest_de_gemeente(tmp_path: Path) -> None:
    """A shared service centre: the dialled line opens the caller in that gemeente's window."""
    profielen = tmp_path / "config" / "werkplek" / "profielen"
    profielen.mkdir(parents=True)
    demo = (Path(__file__).resolve().parents[1] / "resources" / "profiles" / "demo.toml")
    (profielen / "havenstad.toml").write_text(
        demo.read_text("utf-8").replace('naam = "demo"', 'naam = "havenstad"')
        + '\n[telefonie]\nlijnen = ["010 400 1000"]\n', encoding="utf-8")
    venster = Venster(tmp_path)  # the demo profile's window
    haven: subprocess.Popen[str] | None = None
    try:
        venster.wacht_op("Venster geopend")
        # No window runs for Havenstad yet: this pop starts it, with the caller.
        haven = subprocess.Popen(
            [str(WERKPLEK), "pop", "--phone", "+31 20 123 4567", "--line", "010-4001000"],
            env=venster.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        venster.wacht_op("Opdracht pop voor profiel havenstad")
        venster.wacht_op("Oproep: 1 klant met dit nummer")
        tweede = subprocess.run(
            [str(WERKPLEK), "pop", "--phone", "+31 20 123 4567", "--line", "+31104001000"],
            env=venster.env, capture_output=True, text=True, timeout=120, check=False,
            stdin=subprocess.DEVNULL)
        assert tweede.returncode == 0 and "overgenomen" in tweede.stdout, tweede.stderr
        deadline = time.monotonic() + 60  # a guard against hanging, not a timing check
        while venster.log().count("Opdracht pop voor profiel havenstad") < 2:
            assert time.monotonic() < deadline, venster.log()
            time.sleep(0.05)
        assert venster.log().count("Venster geopend") == 2  # demo and Havenstad, no third
        assert "Opdracht pop voor profiel demo" not in venster.log()
    finally:
        if haven is not None:
            haven.send_signal(signal.SIGTERM)
            try:
                haven.communicate(timeout=60)
            finally:
                if haven.poll() is None:
                    haven.kill()
                    haven.communicate()
        fout = venster.sluit()
    assert venster.proces.returncode == 0, fout
    assert haven.returncode == 0


def test_pop_zonder_nummer_en_onbekende_opdrachten(tmp_path: Path) -> None:
    r = draai(tmp_path, "pop", scherm=True)
    assert r.returncode == 2 and "werkplek pop --phone NUMMER" in r.stderr
    r = draai(tmp_path, "bel")
    assert r.returncode == 2 and "onbekende opdracht 'bel'" in r.stderr
    r = draai(tmp_path, "werkplek://bel?phone=1", scherm=True)
    assert r.returncode == 2 and "werkplek://pop?phone=NUMMER" in r.stderr


def test_schermafbeelding_met_een_onbekende_instelling_stopt_zonder_dialoog(
        tmp_path: Path) -> None:
    """The plugins' settings are checked on the worker thread while the window is made; for
    a screenshot a refused profile gives the stderr line and 2, and no dialog that would wait
    offscreen for someone to close it."""
    pad = tmp_path / "gemeente.toml"
    pad.write_text('[plugins.ingebouwd]\nplugin = "werkplek_embedded"\ndemo = true\n'
                   'urll = "x"\n\n[capabilities]\npersonen = ["ingebouwd"]\n', encoding="utf-8")
    r = draai(tmp_path, "--config", str(pad), "--screenshot", str(tmp_path / "x.png"))
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(f"werkplek: configuratiefout: {pad}: regel 4:"), r.stderr
    assert "urll" in r.stderr
    assert not (tmp_path / "x.png").exists()
