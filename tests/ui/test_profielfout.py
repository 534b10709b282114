"""A broken or empty profile, started as from the desktop menu: a dialog with the file, the
line and the fix, the same on one stderr line, and a non-zero exit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from werkplek import cli
from werkplek.ui.qt import QtCore, QtWidgets


@pytest.fixture
def vang_dialoog() -> Iterator[dict[str, str]]:
    """While the test runs: once a modal message box is up, note what it says and close it
    as the user would."""
    gezien: dict[str, str] = {}

    def kijk() -> None:
        doos = QtWidgets.QApplication.activeModalWidget()
        if isinstance(doos, QtWidgets.QMessageBox) and not gezien:
            gezien.update(titel=doos.windowTitle(), tekst=doos.text(),
                          uitleg=doos.informativeText(), naam=doos.accessibleName())
            knop = doos.button(QtWidgets.QMessageBox.StandardButton.Close)
            assert knop is not None
            gezien["knop"] = knop.text()
            knop.click()

    timer = QtCore.QTimer()
    timer.timeout.connect(kijk)
    timer.start(10)
    yield gezien
    timer.stop()


def test_onbekende_sleutel_toont_een_dialoog_met_bestand_regel_en_oplossing(
        qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        vang_dialoog: dict[str, str]) -> None:
    pad = tmp_path / "gemeente.toml"
    pad.write_text('[plugins.kvk]\nplugin = "werkplek_kvk"\nurll = "https://api.kvk.nl"\n\n'
                   '[capabilities]\nbedrijven = ["kvk"]\n', encoding="utf-8")
    gezien = vang_dialoog
    assert cli.main(["--config", str(pad)]) == 2
    assert gezien["titel"] == gezien["naam"] == "Werkplek kan niet starten"
    assert gezien["knop"] == "Sluiten"
    assert gezien["tekst"] == f"Fout in het profiel {pad}, regel 3."
    assert gezien["uitleg"] == (
        "[plugins.kvk] onbekende instelling 'urll' van werkplek_kvk. Bedoelde u ‘url’?\n\n"
        f"Wat te doen: Verbeter regel 3 van {pad} in een teksteditor en start Werkplek "
        "opnieuw.")
    fout = capsys.readouterr().err
    assert fout == (f"werkplek: configuratiefout: {pad}: regel 3: [plugins.kvk] onbekende "
                    "instelling 'urll' van werkplek_kvk. Bedoelde u ‘url’? Verbeter regel 3 "
                    f"van {pad} in een teksteditor en start Werkplek opnieuw.\n")


def test_syntaxfout_in_de_dialoog_met_regel_en_kolom(qtbot: QtBot, tmp_path: Path,
                                                    vang_dialoog: dict[str, str]) -> None:
    pad = tmp_path / "gemeente.toml"
    pad.write_text('[profiel]\nnaam = "x"\n[plugins.a\n', encoding="utf-8")
    gezien = vang_dialoog
    assert cli.main(["--config", str(pad)]) == 2
    assert gezien["tekst"] == f"Fout in het profiel {pad}, regel 3, kolom 11."
    assert gezien["uitleg"].startswith("Ongeldige TOML: ")


def test_leeg_profiel_zegt_dat_er_geen_bronnen_zijn(
        qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        vang_dialoog: dict[str, str]) -> None:
    pad = tmp_path / "leeg.toml"
    pad.write_text('[profiel]\nnaam = "leeg"\ngemeente = "Leegdam"\n', encoding="utf-8")
    gezien = vang_dialoog
    assert cli.main(["--config", str(pad)]) == 2
    assert gezien["tekst"] == f"Het profiel {pad} heeft geen bronnen."
    assert "Dit profiel heeft geen bronnen" in gezien["uitleg"]
    assert ('Wat te doen: Voeg in ' in gezien["uitleg"]
            and '[plugins.ingebouwd]\nplugin = "werkplek_embedded"' in gezien["uitleg"])
    regels = capsys.readouterr().err.splitlines()
    assert len(regels) == 1 and "heeft geen bronnen" in regels[0] and "[plugins.ingebouwd]" in (
        regels[0])


def test_een_opdracht_voor_scripts_toont_geen_dialoog(
        qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        vang_dialoog: dict[str, str]) -> None:
    pad = tmp_path / "gemeente.toml"
    pad.write_text('[profiel]\nnaam = "x"\ngemeete = "Y"\n', encoding="utf-8")
    gezien = vang_dialoog
    assert cli.main(["--config", str(pad), "plugins"]) == 2
    assert gezien == {}  # a dialog would have held main() until it was seen and closed
    assert "Bedoelde u ‘gemeente’?" in capsys.readouterr().err
