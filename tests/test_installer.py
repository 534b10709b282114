"""installer/ without building the bundle: the spec, the Qt allow-list, the Windows and Linux
installers and the icon agree with each other and with the project (make dist-check runs the
bundle itself)."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "werkplek.spec"
ISS = INSTALLER / "windows" / "werkplek.iss"
DESKTOP = INSTALLER / "linux" / "werkplek.desktop"
ICONS = ROOT / "resources" / "icons"
WERKPLEK = Path(sys.executable).parent / "werkplek"


def _bundel() -> ModuleType:
    spec = importlib.util.spec_from_file_location("installer_bundel", INSTALLER / "bundel.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


bundel = _bundel()


def _pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _plugins_uit_pyproject() -> dict[str, str]:
    project = _pyproject()["project"]
    assert isinstance(project, dict)
    return dict(project["entry-points"]["werkplek.plugins"])


def _spec_waarde(naam: str) -> object:
    """A literal assigned at the top level of the spec (it is Python)."""
    for knoop in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if (isinstance(knoop, ast.Assign) and len(knoop.targets) == 1
                and isinstance(knoop.targets[0], ast.Name) and knoop.targets[0].id == naam):
            return ast.literal_eval(knoop.value)
    raise AssertionError(f"{naam} staat niet in {SPEC.name}")


# -- the spec ---------------------------------------------------------------------------------

def test_spec_noemt_elke_ingebouwde_plugin() -> None:
    plugins = _spec_waarde("PLUGINS")
    assert isinstance(plugins, tuple)
    assert sorted(plugins) == sorted(_plugins_uit_pyproject())
    # Each entry point's module is a package the spec collects (pyproject's package-dir).
    setuptools = _pyproject()["tool"]
    assert isinstance(setuptools, dict)
    pakketten = setuptools["setuptools"]["package-dir"]
    for verwijzing in _plugins_uit_pyproject().values():
        assert verwijzing.split(":")[0] in pakketten


def test_spec_is_schone_python() -> None:
    """ruff reads only *.py; the spec is Python too, so it gets the same rules here."""
    ruff = Path(sys.executable).parent / "ruff"
    if not ruff.is_file():
        pytest.skip("ruff ontbreekt")
    r = subprocess.run([str(ruff), "check", "--no-cache", "-q", "--stdin-filename",
                        str(INSTALLER / "werkplek_spec.py"), "-"], cwd=ROOT,
                       input=SPEC.read_text(encoding="utf-8"), capture_output=True, text=True,
                       check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def test_spec_neemt_metadata_migraties_en_resources_mee() -> None:
    tekst = SPEC.read_text(encoding="utf-8")
    assert 'copy_metadata("werkplek")' in tekst
    for bron, doel in (('"werkplek" / "store" / "migrations"', '"werkplek/store/migrations"'),
                       ('"werkplek_embedded" / "migrations"', '"werkplek_embedded/migrations"'),
                       ('"werkplek_embedded" / "data"', '"werkplek_embedded/data"'),
                       ('ROOT / "resources"', '"resources"')):
        assert bron in tekst and doel in tekst
    # Where the code looks for them once frozen: beside its modules, RESOURCES at the top.
    for map_ in ("werkplek/store/migrations", "plugins/werkplek_embedded/migrations"):
        assert (ROOT / map_ / "script.py.mako").is_file() and (ROOT / map_ / "env.py").is_file()
    assert (ROOT / "plugins" / "werkplek_embedded" / "data").is_dir()


def test_spec_en_iss_noemen_dezelfde_bundel() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    iss = ISS.read_text(encoding="utf-8")
    assert 'programma("werkplek",' in spec and 'programma("werkplek-console",' in spec
    assert 'contents_directory="_internal"' in spec
    assert 'name="werkplek",' in spec.split("COLLECT(")[1]
    assert '#define Programma "werkplek.exe"' in iss
    assert '#define Console "werkplek-console.exe"' in iss
    assert r'#define Bundel SourcePath + "..\..\dist\werkplek"' in iss
    assert r'Source: "{#Bundel}\_internal\*"; DestDir: "{app}\_internal"' in iss
    # The version of the installer is the one the spec writes into werkplek.exe.
    assert "GetStringFileInfo(Bundel" in iss and 'StringStruct("ProductVersion", versie)' in spec


# -- the Qt allow-list ------------------------------------------------------------------------

def _qt_imports() -> set[str]:
    gevonden: set[str] = set()
    for map_ in (ROOT / "werkplek", ROOT / "plugins"):
        for bestand in map_.rglob("*.py"):
            tekst = bestand.read_text(encoding="utf-8")
            gevonden.update(re.findall(r"\bPySide6\.(Qt\w+)", tekst))
            for namen in re.findall(r"^\s*from PySide6 import ([^\n#]+)", tekst, re.MULTILINE):
                gevonden.update(n.strip(" ()") for n in namen.split(","))
    return {n for n in gevonden if n.startswith("Qt")}


def test_qt_toegestaan_is_wat_werkplek_importeert() -> None:
    assert _qt_imports() == set(bundel.QT_MODULES)
    assert set(bundel.QT_MODULES) <= bundel.QT_LIBRARIES


QT_NAMEN = {
    "libQt6Core.so.6": "QtCore", "Qt6Charts.dll": "QtCharts",
    "QtWidgets.framework": "QtWidgets", "libQt6WebEngineCore.so.6": "QtWebEngineCore",
    "libicudata.so.73": None, "libpyside6.abi3.so.6.11": None,
}

FILTER = {
    "PySide6/Qt/lib/libQt6Gui.so.6": True,
    "PySide6/Qt/lib/libQt6Pdf.so.6": False,
    "PySide6/Qt/lib/libQt6Qml.so.6": False,
    "PySide6/Qt6Core.dll": True,
    "PySide6/Qt6Quick.dll": False,
    "PySide6/QtCharts.abi3.so": True,
    "PySide6/QtWebEngineCore.pyd": False,
    "PySide6/QtOpenGL.abi3.so": False,
    "PySide6/Qt/plugins/platforms/libqxcb.so": True,
    "PySide6/Qt/plugins/platforms/libqoffscreen.so": True,
    "PySide6/Qt/plugins/platforms/libqeglfs.so": False,
    "PySide6/plugins/platforms/qwindows.dll": True,
    "PySide6/plugins/styles/qmodernwindowsstyle.dll": True,
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so": False,
    "PySide6/Qt/plugins/imageformats/libqjpeg.so": True,
    "PySide6/Qt/plugins/imageformats/libqpdf.so": False,
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so": False,
    "PySide6/Qt/plugins/tls/libqopensslbackend.so": False,
    "PySide6/Qt/translations/qtbase_nl.qm": True,
    "PySide6/Qt/translations/qtbase_de.qm": False,
    "PySide6/translations/qt_nl.qm": True,
    "libcrypto.so.3": True,
    "resources/profiles/demo.toml": True,
}


def test_qt_namen_en_filter() -> None:
    assert {b: bundel.qt_naam(b) for b in QT_NAMEN} == QT_NAMEN
    assert {p: bundel.toegestaan(p) for p in FILTER} == FILTER


def test_inventaris_noemt_wat_niet_mag(tmp_path: Path) -> None:
    for rel in ("werkplek", "_internal/PySide6/QtCore.abi3.so",
                "_internal/PySide6/Qt/lib/libQt6Core.so.6",
                "_internal/PySide6/Qt/lib/libQt6Quick.so.6",
                "_internal/PySide6/Qt/plugins/platforms/libqxcb.so",
                "_internal/PySide6/Qt/plugins/platformthemes/libqgtk3.so",
                "_internal/PySide6/Qt/translations/qtbase_nl.qm"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"")
    inv = bundel.inventaris(tmp_path)
    assert inv.ongewenst() == ["bibliotheek QtQuick", "plugin platformthemes/qgtk3"]
    assert "binding QtWidgets" in inv.ontbrekend()
    assert bundel.plugin_van(PurePosixPath("_internal/PySide6/Qt/plugins/a/libqb.so")) == (
        "a", "qb")


# -- Windows ----------------------------------------------------------------------------------

def test_iss_per_machine_startmenu_en_url_schema() -> None:
    iss = ISS.read_text(encoding="utf-8")
    assert r"DefaultDirName={autopf}\Werkplek" in iss
    assert "PrivilegesRequired=admin" in iss
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", iss, re.MULTILINE)
    assert re.search(r'^Name: "\{autoprograms\}\\Werkplek"; Filename: "\{app\}\\\{#Programma\}"',
                     iss, re.MULTILINE)
    registry = [r for r in iss.splitlines() if r.startswith("Root: HKCR")]
    assert any('Subkey: "werkplek"' in r and 'ValueName: "URL Protocol"' in r for r in registry)
    opdracht = next(r for r in registry if r'Subkey: "werkplek\shell\open\command"' in r)
    assert '"""{app}\\{#Programma}""' in opdracht and '""%1"""' in opdracht
    assert "uninsdeletekey" in next(r for r in registry if 'Subkey: "werkplek";' in r)
    assert (ISS.parent / ".." / ".." / "resources" / "icons" / "werkplek.ico").resolve().is_file()


def test_iss_stille_installatie_en_gebruikersdata_gedocumenteerd() -> None:
    iss = ISS.read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for schakelaar in ("/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/DIR=", "/PROFIEL=",
                       "/GEBRUIKERSDATA=VERWIJDEREN"):
        assert schakelaar in iss and schakelaar in readme, schakelaar
    assert "{param:PROFIEL|}" in iss and "'/GEBRUIKERSDATA=VERWIJDEREN'" in iss
    # Uninstall removes only what setup made; user data only when asked (default: no).
    assert "MB_DEFBUTTON2" in iss
    verwijderd = iss.split("[UninstallDelete]")[1].split("[Code]")[0]
    assert "localappdata" not in verwijderd.lower() and "appdata" not in verwijderd.lower()


# -- Linux ------------------------------------------------------------------------------------

def _desktop() -> configparser.SectionProxy:
    cfg = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    cfg.optionxform = str  # type: ignore[assignment,method-assign]
    cfg.read(DESKTOP, encoding="utf-8")
    return cfg["Desktop Entry"]


def test_desktopbestand() -> None:
    d = _desktop()
    assert d["Type"] == "Application" and d["Name"] == "Werkplek"
    assert d["Exec"] == "werkplek %u"
    assert "x-scheme-handler/werkplek" in d["MimeType"].split(";")
    assert d["Icon"] == "werkplek" and d["Terminal"] == "false"
    if shutil.which("desktop-file-validate"):
        r = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True,
                           text=True, check=False)
        assert r.returncode == 0 and not r.stdout.strip(), r.stdout


def test_url_zoals_de_desktop_en_windows_hem_geven(tmp_path: Path) -> None:
    """``werkplek URL`` and ``werkplek -- URL`` are accepted: without a screen werkplek gets
    as far as saying so (exit 3); a bad URL would be refused with exit 2."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    env.update({f"XDG_{n.upper()}_HOME": str(tmp_path / n)
                for n in ("config", "data", "state", "cache")})
    for argumenten in (["werkplek://pop?phone=0612345678"],
                       ["--", "werkplek://pop?phone=%2B31612345678&line=14010"]):
        r = subprocess.run([str(WERKPLEK), *argumenten], env=env, capture_output=True,
                           text=True, timeout=60, check=False, stdin=subprocess.DEVNULL)
        assert r.returncode == 3, r.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make ontbreekt")
def test_install_desktop_voor_de_gebruiker(tmp_path: Path) -> None:
    if not ((ROOT / "dist" / "werkplek" / "werkplek").is_file()
            or (ROOT / ".venv" / "bin" / "werkplek").is_file()):
        pytest.skip("geen werkplek om naar te verwijzen (make dist of .venv)")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    r = subprocess.run(["make", "-s", "install-desktop"], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=60, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    geinstalleerd = tmp_path / "data" / "applications" / "werkplek.desktop"
    exec_ = next(r for r in geinstalleerd.read_text(encoding="utf-8").splitlines()
                 if r.startswith("Exec="))
    assert re.fullmatch(r'Exec="/.+/werkplek" %u', exec_)
    hicolor = tmp_path / "data" / "icons" / "hicolor"
    assert (hicolor / "scalable" / "apps" / "werkplek.svg").is_file()
    assert (hicolor / "256x256" / "apps" / "werkplek.png").is_file()
    if shutil.which("desktop-file-validate"):
        v = subprocess.run(["desktop-file-validate", str(geinstalleerd)], capture_output=True,
                           text=True, check=False)
        assert v.returncode == 0, v.stdout


# -- the icon ---------------------------------------------------------------------------------

def test_pictogram_svg_png_en_ico() -> None:
    wortel = ET.parse(ICONS / "werkplek.svg").getroot()
    assert wortel.tag.endswith("svg") and wortel.get("viewBox") == "0 0 256 256"
    png = (ICONS / "werkplek.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (256, 256)
    ico = (ICONS / "werkplek.ico").read_bytes()
    gereserveerd, soort, aantal = struct.unpack("<HHH", ico[:6])
    assert (gereserveerd, soort) == (0, 1)
    maten = {ico[6 + 16 * i] or 256 for i in range(aantal)}
    assert {16, 32, 48, 256} <= maten


# -- make and CI ------------------------------------------------------------------------------

def test_make_en_ci() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for doel in ("dist", "dist-check", "install-desktop"):
        assert re.search(rf"^{doel}:", makefile, re.MULTILINE), doel
    assert "installer/werkplek.spec" in makefile and "installer/dist_check.py" in makefile
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    volgorde = [ci.index(f'make {d} PYTHON="$PYTHON"') for d in ("test", "dist", "dist-check")]
    assert volgorde == sorted(volgorde)
    extra = _pyproject()["project"]
    assert isinstance(extra, dict)
    assert any(e.startswith("pyinstaller") for e in extra["optional-dependencies"]["dist"])
