"""Profiles: the demo profile, and config errors that name file and line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from werkplek.domain.model import Rol
from werkplek.domain.wachtrij import Normen
from werkplek.ports import Capability
from werkplek.services.profiel import ConfigFout, lees_profiel, profiel_voor_lijn, zoek_profiel


def test_zonder_configuratie_start_het_demoprofiel() -> None:
    pad = zoek_profiel(None, None)
    profiel = lees_profiel(pad, os_gebruiker="bert")
    assert profiel.naam == "demo"
    assert profiel.capabilities[Capability.ZAKEN] == ("ingebouwd",)
    assert profiel.medewerker.gebruikersnaam == "bert"
    assert profiel.medewerker.rol is Rol.TELEFOON


def test_profiel_in_de_configmap_gaat_voor(eigen_mappen: Path) -> None:
    map_ = eigen_mappen / "config" / "werkplek" / "profielen"
    map_.mkdir(parents=True)
    (map_ / "demo.toml").write_text('[profiel]\nnaam = "demo"\ngemeente = "Eigen"\n')
    assert lees_profiel(zoek_profiel("demo", None)).gemeente == "Eigen"


def test_medewerker_en_rol_uit_het_profiel(tmp_path: Path) -> None:
    pad = tmp_path / "p.toml"
    pad.write_text('[medewerker]\nrol = "balie"\n\n[medewerkers.kees]\nnaam = "K. Smit"\n'
                   'gebruikersnaam = "k.smit"\nrol = "supervisor"\n', encoding="utf-8")
    assert lees_profiel(pad, os_gebruiker="anna").medewerker.rol is Rol.BALIE
    kees = lees_profiel(pad, os_gebruiker="kees").medewerker
    assert (kees.naam, kees.gebruikersnaam, kees.rol) == ("K. Smit", "k.smit", Rol.SUPERVISOR)


@pytest.mark.parametrize(("inhoud", "verwacht"), [
    ('[profiel]\nnaam = "x"\n\n[plugins.a\nplugin = "b"\n', "regel 4"),
    ('[profiel]\nnaam = "x"\ntimeout_seconden = "snel"\n', "regel 3"),
    ('[plugins.a]\nplugin = "werkplek_embedded"\n\n[capabilities]\nvliegen = ["a"]\n',
     "regel 5: [capabilities.vliegen] onbekende capability"),
    ('[plugins.a]\nplugin = "werkplek_embedded"\n\n[capabilities]\nzaken = ["b"]\n',
     "regel 5: [capabilities.zaken] verwijst naar plugin 'b'"),
    ('[plugins.a]\ndemo = true\n', "regel 1: [plugins.a] mist"),
    ('[medewerker]\nrol = "baas"\n', "regel 2: [medewerker.rol] onbekende rol 'baas'"),
])
def test_kapot_configbestand_noemt_bestand_en_regel(tmp_path: Path, inhoud: str,
                                                    verwacht: str) -> None:
    pad = tmp_path / "kapot.toml"
    pad.write_text(inhoud, encoding="utf-8")
    with pytest.raises(ConfigFout) as e:
        lees_profiel(pad)
    assert str(e.value).startswith(f"{pad}: ")
    assert verwacht in str(e.value)


def test_niet_bestaand_of_onleesbaar_profiel(tmp_path: Path) -> None:
    with pytest.raises(ConfigFout, match="niet gevonden"):
        zoek_profiel("bestaatniet", None)
    with pytest.raises(ConfigFout, match="bestaat niet"):
        zoek_profiel(None, tmp_path / "weg.toml")
    binair = tmp_path / "bin.toml"
    binair.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ConfigFout, match="geen UTF-8"):
        lees_profiel(binair)


def _profiel_met_lijnen(map_: Path, naam: str, lijnen: str) -> Path:
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / f"{naam}.toml"
    pad.write_text(f'[profiel]\nnaam = "{naam}"\ngemeente = "Gemeente {naam}"\n\n'
                   f"[telefonie]\nlijnen = {lijnen}\n", encoding="utf-8")
    return pad


def test_de_gekozen_lijn_kiest_het_profiel(eigen_mappen: Path) -> None:
    map_ = eigen_mappen / "config" / "werkplek" / "profielen"
    haven = _profiel_met_lijnen(map_, "havenstad", '["010 400 1000", "14 010"]')
    polder = _profiel_met_lijnen(map_, "polderdam", '["+31 20 555 0000"]')
    (map_ / "kapot.toml").write_text("[telefonie\n", encoding="utf-8")  # skipped, not fatal
    assert profiel_voor_lijn("+31104001000") == haven
    assert profiel_voor_lijn("14010") == haven
    assert profiel_voor_lijn("020-5550000") == polder
    assert profiel_voor_lijn("0800 1234") is None
    assert profiel_voor_lijn("anonymous") is None
    assert lees_profiel(haven).lijnen == ("+31104001000", "+3114010")


@pytest.mark.parametrize("lijnen", ['"14 010"', "[14010]", '["geen nummer"]'])
def test_lijnen_die_geen_nummers_zijn(tmp_path: Path, lijnen: str) -> None:
    pad = _profiel_met_lijnen(tmp_path, "fout", lijnen)
    with pytest.raises(ConfigFout, match=r"telefonie\.lijnen"):
        lees_profiel(pad)



def test_normen_en_wachtrijen_uit_het_profiel(tmp_path: Path) -> None:
    pad = tmp_path / "p.toml"
    pad.write_text(
        '[wachtrij]\nnaam = "Algemeen"\nper_lijn = { "14 020" = "Burgerzaken" }\n'
        'wachtrijen = ["Belastingen"]\ngeluid = true\n\n'
        '[normen]\nfcr = 0.85\nservicelevel = [{ drempel_seconden = 30, aandeel = 0.9 }]\n'
        'gemiddelde_wachttijd_seconden = 10\nalarm_na_minuten = 2\n', encoding="utf-8")
    p = lees_profiel(pad)
    assert (p.wachtrij, p.wachtrij_per_lijn, p.wachtrijen, p.alarm_geluid) == (
        "Algemeen", {"+3114020": "Burgerzaken"}, ("Belastingen",), True)
    assert p.normen.fcr == 0.85
    assert p.normen.drempels == (timedelta(seconds=30),)
    assert p.normen.servicelevels[0].aandeel == 0.9
    assert p.normen.gemiddelde_wachttijd == timedelta(seconds=10)
    assert p.normen.alarm_na == timedelta(minutes=2)
    assert p.normen.korte_ophanger == Normen().korte_ophanger  # not set: the default


def test_zonder_normen_gelden_die_van_het_ontwerp(tmp_path: Path) -> None:
    pad = tmp_path / "p.toml"
    pad.write_text('[profiel]\nnaam = "x"\n', encoding="utf-8")
    p = lees_profiel(pad)
    assert p.normen == Normen()
    assert (p.wachtrij, p.wachtrij_per_lijn, p.wachtrijen, p.alarm_geluid) == (
        "Telefoon", {}, (), False)


@pytest.mark.parametrize(("inhoud", "verwacht"), [
    ("[normen]\nfcr = 80\n", "[normen.fcr] moet een getal van 0 tot en met 1 zijn (0.97 is 97%)"),
    ("[normen]\nservicelevel = [{ drempel = 20 }]\n", "[normen.servicelevel] is een lijst"),
    ("[normen]\nservicelevel = [{ drempel_seconden = 3, aandeel = 0.9 }]\n",
     "korte ophangers mag niet boven een drempel"),
    ("[normen]\nalarm_na_minuten = -1\n", "[normen.alarm_na_minuten]"),
    ('[wachtrij]\nper_lijn = { "geen nummer" = "X" }\n', "[wachtrij.per_lijn] bevat een lijn"),
    ("[wachtrij]\ngeluid = 1\n", "[wachtrij.geluid] is true of false"),
])
def test_kapotte_normen_noemen_het_veld(tmp_path: Path, inhoud: str, verwacht: str) -> None:
    pad = tmp_path / "p.toml"
    pad.write_text(inhoud, encoding="utf-8")
    with pytest.raises(ConfigFout) as e:
        lees_profiel(pad)
    assert verwacht in str(e.value)


@pytest.mark.parametrize(("naam", "rol"), [("demo", Rol.TELEFOON), ("demo-balie", Rol.BALIE),
                                           ("demo-supervisor", Rol.SUPERVISOR)])
def test_de_demoprofielen_per_rol(naam: str, rol: Rol) -> None:
    profiel = lees_profiel(zoek_profiel(naam, None), os_gebruiker="bert")
    assert (profiel.naam, profiel.medewerker.rol) == (naam, rol)
    assert profiel.capabilities[Capability.WACHTRIJ] == ("ingebouwd",)
