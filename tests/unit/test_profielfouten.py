"""Profile and checklist errors a beheerder can act on: file, line, the nearest valid key,
and a profile without sources refused; every profile and checklist we ship still loads."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from werkplek.app import laad_profiel
from werkplek.domain.checklist import ChecklistFout
from werkplek.domain.model import Medewerker, Rol
from werkplek.ports import PluginContext
from werkplek.services import checklists
from werkplek.services.plugins import instellingen_per_plugin, ontdek
from werkplek.services.profiel import (
    RESOURCES,
    ConfigFout,
    controleer_bronnen,
    controleer_plugins,
    lees_profiel,
)

ROOT = Path(__file__).resolve().parents[2]
INGEBOUWD = ("werkplek_baresip", "werkplek_brp", "werkplek_caldav", "werkplek_embedded",
             "werkplek_kvk", "werkplek_openklant", "werkplek_zgw")
BRON = ('\n[plugins.ingebouwd]\nplugin = "werkplek_embedded"\n\n'
        '[capabilities]\nzaken = ["ingebouwd"]\n')


def fout_bij(tmp_path: Path, inhoud: str) -> ConfigFout:
    """The error starting a window on this profile gives (as ``werkplek`` does)."""
    pad = tmp_path / "gemeente.toml"
    pad.write_text(inhoud, encoding="utf-8")
    with pytest.raises(ConfigFout) as e:
        laad_profiel(None, pad, venster=True)
    return e.value


@pytest.mark.parametrize(("inhoud", "regel", "verwacht"), [
    ('[profiel]\nnaam = "x"\ngemeete = "Y"\n', 3,
     "[profiel] onbekende sleutel 'gemeete'. Bedoelde u ‘gemeente’?"),
    ('[profiel]\nnaam = "x"\ntelefon = "14 020"\n', 3, "Bedoelde u ‘telefoon’?"),
    ('[profile]\nnaam = "x"\n', 1, "onbekende tabel 'profile'. Bedoelde u ‘profiel’?"),
    ('[medewerkers.kees]\nnam = "K. Smit"\n', 2,
     "[medewerkers.kees] onbekende sleutel 'nam'. Bedoelde u ‘naam’?"),
    ('[audit]\npublieke_sleutl = ""\n', 2, "Bedoelde u ‘publieke_sleutel’?"),
    ('[offline]\nbewaartermijn = 7\n', 2, "Bedoelde u ‘bewaartermijn_dagen’?"),
    ('[telefonie]\nlijnen = []\nnawerk_max = 30\n', 3, "Bedoelde u ‘nawerk_max_seconden’?"),
    ('[normen]\nfcr = 0.8\nalarm_na = 5\n', 3, "Bedoelde u ‘alarm_na_minuten’?"),
    ('[wachtrij]\nnaam = "A"\nwachtrij = ["B"]\n', 3, "Bedoelde u ‘wachtrijen’?"),
    (BRON + 'persoon = ["ingebouwd"]\n', 7,
     "[capabilities.persoon] onbekende capability 'persoon'. Bedoelde u ‘personen’?"),
    ('[plugins.kvk]\nplugin = "werkplek_kvk"\nurll = "https://api.kvk.nl"\n', 3,
     "[plugins.kvk] onbekende instelling 'urll' van werkplek_kvk. Bedoelde u ‘url’?"),
    ('[plugins.zaken]\nplugin = "werkplek_zgw"\nzaken_url = "https://z"\n'
     "kvk_nummer_in_rollen = true\n", 4, "Bedoelde u ‘kvk_nummer_in_rol’?"),
    ('[plugins.zaken]\nplugin = "werkplek_zgww"\n', 2,
     "[plugins.zaken] onbekende plugin 'werkplek_zgww'. Bedoelde u ‘werkplek_zgw’?"),
    ('[plugins.brp]\nplugin = "werkplek_brp"\n'
     'doelbinding = { raadplegen = "A", zoekn = "B" }\n', 3,
     "onbekende instelling 'zoekn' in doelbinding van werkplek_brp. Bedoelde u ‘zoeken’?"),
    ('[plugins.agenda]\nplugin = "werkplek_caldav"\nurl = "https://a"\n\n'
     '[[plugins.agenda.agenda]]\nid = "a"\nslotdur_minuten = 30\n', 7,
     "onbekende instelling 'slotdur_minuten' in agenda van werkplek_caldav. "
     "Bedoelde u ‘slotduur_minuten’?"),
])
def test_onbekende_sleutel_noemt_regel_en_de_dichtstbijzijnde(
        tmp_path: Path, inhoud: str, regel: int, verwacht: str) -> None:
    fout = fout_bij(tmp_path, inhoud + ("" if "capabilities" in inhoud else BRON))
    assert fout.bestand == tmp_path / "gemeente.toml"
    assert fout.regel == regel
    assert verwacht in fout.reden
    assert str(fout).startswith(f"{fout.bestand}: regel {regel}: ")
    assert fout.kop == f"Fout in het profiel {fout.bestand}, regel {regel}."


def test_zonder_dichtbije_sleutel_worden_de_bekende_genoemd(tmp_path: Path) -> None:
    fout = fout_bij(tmp_path, '[profiel]\nkleur = "blauw"\n' + BRON)
    assert "onbekende sleutel 'kleur'; bekend zijn: gemeente, locatie, naam, telefoon, " \
           "timeout_seconden." in fout.reden
    fout = fout_bij(tmp_path, '[plugins.zaken]\nplugin = "iets_heel_anders"\n')
    assert "onbekende plugin 'iets_heel_anders'; geïnstalleerd zijn: " in fout.reden
    assert "werkplek_zgw" in fout.reden
    assert "installeer de plugin" in fout.oplossing


def test_een_plugin_zonder_verklaring_wordt_niet_op_sleutels_gecontroleerd(
        tmp_path: Path, testplugins: Path) -> None:
    pad = tmp_path / "p.toml"
    pad.write_text('[plugins.kapot]\nplugin = "kapotte_zaken"\nwat_dan_ook = 1\n\n'
                   '[capabilities]\nzaken = ["kapot"]\n', encoding="utf-8")
    instellingen = instellingen_per_plugin(ontdek())
    assert instellingen["kapotte_zaken"] is None
    controleer_plugins(lees_profiel(pad), instellingen)  # no error: nothing to check against


def test_de_controle_laadt_alleen_de_plugins_van_het_profiel() -> None:
    """A pop handed to the running window must not wait for every plugin's imports."""
    code = ("import sys\nfrom werkplek.app import laad_profiel\n"
            "laad_profiel('demo', None, venster=True)\n"
            "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith('werkplek_')}))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=120, check=False, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "['werkplek_embedded']"


def test_syntaxfout_met_regel_kolom_en_wat_te_doen(tmp_path: Path) -> None:
    fout = fout_bij(tmp_path, '[profiel]\nnaam = "x"\n[plugins.a\nplugin = "b"\n')
    assert (fout.regel, fout.kolom) == (3, 11)
    assert fout.kop == f"Fout in het profiel {fout.bestand}, regel 3, kolom 11."
    assert fout.reden.startswith("Ongeldige TOML: ")
    assert fout.oplossing == (f"Verbeter regel 3 van {fout.bestand} in een teksteditor en "
                              "start Werkplek opnieuw.")
    regel = fout.als_een_regel()
    assert "\n" not in regel
    assert regel.startswith(f"{fout.bestand}: regel 3, kolom 11: ongeldige TOML: ")
    assert regel.endswith(fout.oplossing)


def test_verkeerd_type_en_geheim_noemen_regel_en_oplossing(tmp_path: Path) -> None:
    fout = fout_bij(tmp_path, '[profiel]\nnaam = "x"\ntimeout_seconden = "snel"\n' + BRON)
    assert fout.regel == 3 and "moet een getal tussen 0.1 en 120 zijn" in fout.reden
    fout = fout_bij(tmp_path, '[plugins.kvk]\nplugin = "werkplek_kvk"\nurl = "https://k"\n'
                              'api_sleutel = "geheim"\n')
    assert fout.regel == 4
    assert fout.oplossing.startswith("Haal de regel weg en zet het geheim in de sleutelbos")
    assert fout.als_een_regel().count("werkplek secrets set") == 1
    assert "geheim\"" not in fout.als_een_regel()


def test_een_profiel_zonder_bronnen_wordt_geweigerd(tmp_path: Path) -> None:
    fout = fout_bij(tmp_path, '[profiel]\nnaam = "leeg"\ngemeente = "Leegdam"\n')
    assert fout.kop == f"Het profiel {fout.bestand} heeft geen bronnen."
    assert fout.regel is None
    assert "geen bronnen" in fout.reden
    assert '[plugins.ingebouwd]\nplugin = "werkplek_embedded"' in fout.oplossing
    assert '[capabilities]\npersonen = ["ingebouwd"]' in fout.oplossing
    # Plugins without capabilities are no source either; the line points at [capabilities].
    fout = fout_bij(tmp_path, '[plugins.ingebouwd]\nplugin = "werkplek_embedded"\n\n'
                              "[capabilities]\n")
    assert fout.regel == 4 and "geen bronnen" in fout.reden


def test_zonder_venster_mag_een_profiel_zonder_bronnen(tmp_path: Path) -> None:
    """``werkplek checklists`` checks a profile's checklists, sources or not."""
    pad = tmp_path / "p.toml"
    pad.write_text('[checklists]\nmappen = []\n', encoding="utf-8")
    assert laad_profiel(None, pad).capabilities == {}
    with pytest.raises(ConfigFout):
        controleer_bronnen(lees_profiel(pad))


# -- everything we ship still loads ------------------------------------------------------


@pytest.mark.parametrize("pad", sorted((RESOURCES / "profiles").glob("*.toml")),
                         ids=lambda p: p.name)
def test_meegeleverde_profielen_laden(pad: Path) -> None:
    profiel = laad_profiel(None, pad, venster=True)
    assert profiel.capabilities


def toml_blokken(md: Path) -> list[tuple[int, str]]:
    """The ```toml blocks of a Markdown file, with the line each starts on."""
    tekst = md.read_text(encoding="utf-8")
    return [(tekst[:m.start()].count("\n") + 2, re.sub(r"(?m)^  ", "", m[1]))
            for m in re.finditer(r"```toml\n(.*?)```", tekst, flags=re.DOTALL)]


def profielvoorbeelden() -> list[tuple[str, str]]:
    uit = []
    for md in (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))):
        for regel, blok in toml_blokken(md):
            if "[[vraag]]" not in blok:  # a checklist, not a profile
                uit.append((f"{md.name}:{regel}", blok))
    return uit


def test_er_zijn_voorbeelden_om_te_controleren() -> None:
    assert len(profielvoorbeelden()) >= 8


@pytest.mark.parametrize(("waar", "blok"), profielvoorbeelden(), ids=lambda x: str(x)[:40])
def test_voorbeelden_in_readme_en_docs_hebben_geen_onbekende_sleutels(
        tmp_path: Path, waar: str, blok: str) -> None:
    pad = tmp_path / "voorbeeld.toml"
    pad.write_text(blok, encoding="utf-8")
    try:
        controleer_plugins(lees_profiel(pad, os_gebruiker="agent"),
                           instellingen_per_plugin(ontdek()))
    except ConfigFout as e:  # a placeholder value ("Vx3…=") may be refused, a key may not
        assert "onbekende" not in str(e), f"{waar}: {e}"


def test_meegeleverde_checklists_laden_zonder_fout() -> None:
    geladen = checklists.laad([checklists.STANDAARD])
    assert geladen.fouten == []
    assert len(geladen.alle) == len(list(checklists.STANDAARD.glob("*.toml")))


def test_checklistvoorbeeld_in_docs_heeft_geen_onbekende_sleutels(tmp_path: Path) -> None:
    blokken = [b for _, b in toml_blokken(ROOT / "docs" / "checklists.md") if "[[vraag]]" in b]
    assert blokken
    for blok in blokken:
        tomllib.loads(blok)
        pad = tmp_path / "voorbeeld.toml"
        pad.write_text(blok, encoding="utf-8")
        try:
            checklists.lees(pad)
        except ChecklistFout as e:  # the example's condition names a question not shown
            assert "onbekende sleutel" not in e.reden, e.reden


# -- checklists: unknown keys with the nearest valid one ---------------------------------

CHECKLIST = ('id = "x"\ntitel = "X"\nonderwerpen = ["X"]\n\n[[vraag]]\nid = "a"\n'
             'tekst = "A?"\nsoort = "ja_nee"\n\n[[vraag]]\nid = "b"\ntekst = "B?"\n'
             'soort = "ja_nee"\n\n[[uitkomst]]\nproduct = "P"\nreden = "R"\nals = { a = true }\n')


@pytest.mark.parametrize(("van", "naar", "regel", "verwacht"), [
    ('titel = "X"', 'titl = "X"', 2, "onbekende sleutel 'titl'. Bedoelde u ‘titel’?"),
    ('tekst = "B?"', 'tekts = "B?"', 12,
     "onbekende sleutel 'tekts' in een vraag. Bedoelde u ‘tekst’?"),
    ('reden = "R"', 'redenen = "R"', 17,
     "onbekende sleutel 'redenen' in een uitkomst. Bedoelde u ‘reden’?"),
    ('soort = "ja_nee"\n\n[[uitkomst]]', 'soort = "ja_nee"\nkleur = "rood"\n\n[[uitkomst]]', 14,
     "onbekende sleutel 'kleur' in een vraag; bekend zijn: als, hulp, id, keuzes, soort, "
     "tekst, verplicht."),
])
def test_onbekende_sleutel_in_een_checklist(tmp_path: Path, van: str, naar: str, regel: int,
                                             verwacht: str) -> None:
    pad = tmp_path / "x.toml"
    pad.write_text(CHECKLIST, encoding="utf-8")
    assert checklists.lees(pad).id == "x"
    pad.write_text(CHECKLIST.replace(van, naar), encoding="utf-8")
    with pytest.raises(ChecklistFout) as e:
        checklists.lees(pad)
    assert e.value.reden == f"{pad}: regel {regel}: {verwacht}"


# -- each plugin declares exactly the settings it reads ---------------------------------


class Opname(dict[str, Any]):
    """A plugin's table that notes every key the plugin looks at (get, [], in)."""

    def __init__(self, data: Mapping[str, Any], gelezen: set[str], voor: str = "") -> None:
        super().__init__({k: self._wikkel(v, gelezen, f"{voor}{k}.") for k, v in data.items()})
        self._gelezen, self._voor = gelezen, voor

    @staticmethod
    def _wikkel(waarde: Any, gelezen: set[str], voor: str) -> Any:
        if isinstance(waarde, dict):
            return Opname(waarde, gelezen, voor)
        if isinstance(waarde, list):
            return [Opname(w, gelezen, voor) if isinstance(w, dict) else w for w in waarde]
        return waarde

    def get(self, sleutel: str, standaard: Any = None) -> Any:  # type: ignore[override]
        self._gelezen.add(f"{self._voor}{sleutel}")
        return super().get(sleutel, standaard)

    def __getitem__(self, sleutel: str) -> Any:
        self._gelezen.add(f"{self._voor}{sleutel}")
        return super().__getitem__(sleutel)

    def __contains__(self, sleutel: object) -> bool:
        self._gelezen.add(f"{self._voor}{sleutel}")
        return super().__contains__(sleutel)


VOLLEDIG: dict[str, dict[str, Any]] = {
    "werkplek_baresip": {"ctrl_tcp": "127.0.0.1:4444", "bel_uri": "sip:{nummer}@pbx.example"},
    "werkplek_brp": {"url": "https://brp.example/haalcentraal/api/brp", "bronnaam": "BRP",
                     "doelbinding": {"raadplegen": "A", "zoeken": "B"}, "verwerking": "KCC",
                     "oin": "0" * 20, "api_sleutel_kopregel": "X-API-KEY"},
    "werkplek_caldav": {"url": "https://agenda.example", "gebruiker": "kcc", "bronnaam": "A",
                        "agenda": [{"id": "a", "naam": "A", "pad": "/kcc/a/",
                                    "onderwerpen": ["X"], "locatie": "L", "werkdagen": [0, 1],
                                    "begin": "09:00", "einde": "17:00",
                                    "pauzes": [["12:00", "12:30"]], "slotduur_minuten": 30,
                                    "voorlooptijd_uren": 2}]},
    "werkplek_embedded": {"bronnaam": "Demo", "demo": True, "url": "", "database": "DB"},
    "werkplek_kvk": {"url": "https://api.kvk.nl", "zoeken_url": "https://k.example/api/v2",
                     "basisprofiel_url": "https://k.example/api/v1",
                     "resultaten_per_pagina": 10, "max_resultaten": 20},
    "werkplek_openklant": {"url": "https://ok.example/klantinteracties/api/v1",
                           "bronnaam": "OK", "taal": "nld", "kanalen": {"telefoon": "Telefoon"},
                           "medewerker_register": "obj", "medewerker_soort_object_id": "idf",
                           "zaak_register": "openzaak"},
    "werkplek_zgw": {"zaken_url": "https://z.example/zaken/api/v1",
                     "catalogi_url": "https://z.example/catalogi/api/v1", "client_id": "kcc",
                     "catalogus": "https://z.example/catalogi/api/v1/catalogussen/1",
                     "zaaktypen": ["PASPOORT"], "bronorganisatie": "002220647",
                     "verantwoordelijke_organisatie": "002220647",
                     "zaaknummer_voorvoegsel": "KCC", "kvk_nummer_in_rol": False},
}


class GeenGeheimen:
    def geheim(self, naam: str) -> str | None:
        return None


@pytest.mark.asyncio
@pytest.mark.parametrize("plugin", INGEBOUWD)
async def test_elke_plugin_verklaart_precies_de_instellingen_die_hij_leest(
        tmp_path: Path, plugin: str) -> None:
    """A setting a plugin reads but does not declare would be refused as unknown; one it
    declares but no longer reads would be accepted and do nothing."""
    gevonden = ontdek()[plugin]
    assert gevonden.fabriek is not None and gevonden.instellingen is not None
    gelezen: set[str] = set()
    config = {k: str(tmp_path / "e.db") if v == "DB" else v
              for k, v in VOLLEDIG[plugin].items()} | {"timeout_seconden": 5.0}
    context = PluginContext(naam="p", profiel="t", data_dir=tmp_path,
                            medewerker=Medewerker("agent", "Agent", Rol.TELEFOON),
                            geheimen=GeenGeheimen())
    obj = gevonden.fabriek(Opname(config, gelezen), context)
    await obj.aclose()
    assert gelezen == set(gevonden.instellingen)


def test_elke_ingebouwde_plugin_staat_in_de_controle() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert set(pyproject["project"]["entry-points"]["werkplek.plugins"]) == set(INGEBOUWD)
