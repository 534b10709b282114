"""Checklists: reading definitions, conditions, required questions and suggested products."""

from __future__ import annotations

import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from werkplek.domain.checklist import (
    Antwoord,
    Checklist,
    ChecklistFout,
    Vraag,
    Vraagsoort,
    controleer_antwoorden,
    lees_bedrag,
    lees_waarde,
    open_verplicht,
    suggesties,
    toon_waarde,
    vastleggen,
    zichtbaar,
)
from werkplek.domain.invoer import OngeldigeInvoer
from werkplek.services import checklists
from werkplek.services.profiel import lees_profiel

GOED = textwrap.dedent("""\
    id = "gezin"
    titel = "Gezin en inkomen"
    onderwerpen = ["Bijstandsuitkering"]
    levensgebeurtenissen = ["Baan kwijt"]

    [[vraag]]
    id = "werk"
    tekst = "Heeft u werk?"
    soort = "ja_nee"
    verplicht = true

    [[vraag]]
    id = "einde"
    tekst = "Wat was de laatste werkdag?"
    soort = "datum"
    verplicht = true
    als = { werk = false }

    [[vraag]]
    id = "ww"
    tekst = "Is de WW aangevraagd?"
    soort = "ja_nee"
    verplicht = true
    als = { einde = { ingevuld = true } }

    [[vraag]]
    id = "inkomen"
    tekst = "Netto inkomen per maand?"
    soort = "bedrag"
    verplicht = true

    [[vraag]]
    id = "kinderen"
    tekst = "Hoeveel kinderen?"
    soort = "getal"

    [[vraag]]
    id = "wonen"
    tekst = "Hoe woont u?"
    soort = "keuze"
    keuzes = ["Huur", "Koop"]

    [[uitkomst]]
    product = "Bijstand"
    reden = "Inkomen onder de norm."
    zaaktype = "BIJSTAND"
    kennisartikel = "bijstand"
    als = { inkomen = { hoogstens = 1500 } }

    [[uitkomst]]
    product = "Kinderbijslag"
    reden = "Er zijn kinderen."
    instantie = "SVB"
    als = { kinderen = { minstens = 1 } }

    [[uitkomst]]
    product = "Bijstand"
    reden = "Geen werk meer."
    als = { werk = false }

    [[uitkomst]]
    product = "Huurtoeslag"
    reden = "Huurwoning en laag inkomen."
    als = { wonen = "Huur", inkomen = { hoogstens = 2500 } }
    """)


@pytest.fixture
def gezin(tmp_path: Path) -> Checklist:
    pad = tmp_path / "gezin.toml"
    pad.write_text(GOED, encoding="utf-8")
    return checklists.lees(pad)


def test_voorwaarden_tonen_vragen_pas_als_ze_gelden(gezin: Checklist) -> None:
    def ids(antwoorden: dict[str, Antwoord]) -> list[str]:
        return [v.id for v in zichtbaar(gezin, antwoorden)]

    assert ids({}) == ["werk", "inkomen", "kinderen", "wonen"]
    assert ids({"werk": Antwoord(True)}) == ["werk", "inkomen", "kinderen", "wonen"]
    geen_werk = {"werk": Antwoord(False)}
    assert ids(geen_werk) == ["werk", "einde", "inkomen", "kinderen", "wonen"]
    met_einde = {**geen_werk, "einde": Antwoord(date(2026, 11, 1))}
    assert ids(met_einde)[:3] == ["werk", "einde", "ww"]
    # Hiding a question hides what hangs on it, even if it was answered.
    assert "ww" not in ids({**met_einde, "werk": Antwoord(True)})


def test_verplichte_vraag_blijft_open_tot_antwoord_of_reden(gezin: Checklist) -> None:
    assert [v.id for v in open_verplicht(gezin, {})] == ["werk", "inkomen"]
    antwoorden = {"werk": Antwoord(True), "inkomen": Antwoord(None, "   ")}
    assert [v.id for v in open_verplicht(gezin, antwoorden)] == ["inkomen"]
    antwoorden["inkomen"] = Antwoord(None, "klant wil het niet zeggen")
    assert open_verplicht(gezin, antwoorden) == []
    antwoorden["werk"] = Antwoord(False)  # a new required question appears
    assert [v.id for v in open_verplicht(gezin, antwoorden)] == ["einde"]


def test_uitkomsten_stellen_producten_voor_met_alle_redenen(gezin: Checklist) -> None:
    antwoorden = {"werk": Antwoord(False), "inkomen": Antwoord(Decimal("900")),
                  "kinderen": Antwoord(2), "wonen": Antwoord("Huur")}
    s = suggesties(gezin, antwoorden)
    assert [x.product for x in s] == ["Bijstand", "Kinderbijslag", "Huurtoeslag"]
    assert s[0].redenen == ("Inkomen onder de norm.", "Geen werk meer.")
    assert s[0].startbaar and s[0].zaaktype == "BIJSTAND" and s[0].kennisartikel == "bijstand"
    assert not s[1].startbaar and s[1].instantie == "SVB"
    rijk = {**antwoorden, "inkomen": Antwoord(Decimal("2600")), "werk": Antwoord(True),
            "kinderen": Antwoord(0)}
    assert suggesties(gezin, rijk) == []


def test_vastleggen_bewaart_alleen_wat_getoond_en_ingevuld_is(gezin: Checklist) -> None:
    antwoorden = {"werk": Antwoord(True), "einde": Antwoord(date(2026, 1, 1)),
                  "inkomen": Antwoord(Decimal("1250.5")),
                  "kinderen": Antwoord(None, "niet relevant volgens klant")}
    regels = vastleggen(gezin, antwoorden)
    assert [(r.vraag_id, r.antwoord, r.niet_gevraagd) for r in regels] == [
        ("werk", "Ja", ""), ("inkomen", "€ 1.250,50", ""),
        ("kinderen", "", "niet relevant volgens klant")]
    assert regels[2].regel() == "Hoeveel kinderen? — niet gevraagd: niet relevant volgens klant"
    assert all(r.checklist == "gezin" for r in regels)


def test_een_ongeldig_antwoord_op_een_niet_verplichte_vraag_houdt_vastleggen_tegen(
        gezin: Checklist) -> None:
    antwoorden = {"werk": Antwoord(False), "einde": Antwoord(date(2026, 9, 30)),
                  "ww": Antwoord(True), "inkomen": Antwoord(Decimal(900)),
                  "kinderen": Antwoord(None, ongeldig="'twee' is geen geheel getal.")}
    assert not open_verplicht(gezin, antwoorden)  # every required question is answered
    with pytest.raises(OngeldigeInvoer) as e:
        controleer_antwoorden(gezin, antwoorden)
    assert e.value.veld == "Checklist"
    assert "‘Hoeveel kinderen?’" in e.value.bericht and "geen geheel getal" in e.value.bericht
    del antwoorden["kinderen"]  # cleared by the agent: an optional question may stay open
    controleer_antwoorden(gezin, antwoorden)


def test_een_ongeldig_antwoord_op_een_verborgen_vraag_telt_niet(gezin: Checklist) -> None:
    antwoorden = {"werk": Antwoord(True),  # "einde" is not on screen
                  "einde": Antwoord(None, ongeldig="'morgen' is geen datum.")}
    controleer_antwoorden(gezin, antwoorden)
    assert [r.vraag_id for r in vastleggen(gezin, antwoorden)] == ["werk"]


@pytest.mark.parametrize(("soort", "tekst", "verwacht"), [
    (Vraagsoort.JA_NEE, "ja", True), (Vraagsoort.JA_NEE, "Nee", False),
    (Vraagsoort.GETAL, "3", 3), (Vraagsoort.DATUM, "01-02-2026", date(2026, 2, 1)),
    (Vraagsoort.BEDRAG, "1.250,50", Decimal("1250.50")),
    (Vraagsoort.BEDRAG, "€ 900,-", Decimal("900")),
    (Vraagsoort.BEDRAG, "1250.5", Decimal("1250.5")),
    (Vraagsoort.BEDRAG, "12.000", Decimal("12000")),
    (Vraagsoort.TEKST, "  iets  ", "iets"), (Vraagsoort.TEKST, "   ", None),
])
def test_antwoorden_lezen(soort: Vraagsoort, tekst: str, verwacht: object) -> None:
    assert lees_waarde(Vraag("v", "V?", soort), tekst) == verwacht


@pytest.mark.parametrize(("soort", "tekst", "melding"), [
    (Vraagsoort.GETAL, "twee", "geen geheel getal"),
    (Vraagsoort.GETAL, "2,5", "geen geheel getal"),
    (Vraagsoort.BEDRAG, "veel", "geen bedrag"),
    (Vraagsoort.BEDRAG, "-5", "geen bedrag"),
    (Vraagsoort.BEDRAG, "1,234", "geen bedrag"),
    (Vraagsoort.DATUM, "morgen", "geen datum"),
    (Vraagsoort.DATUM, "31-02-2026", "geen bestaande datum"),
    (Vraagsoort.JA_NEE, "misschien", "Kies ja of nee"),
])
def test_verkeerd_type_geeft_melding_bij_het_veld(soort: Vraagsoort, tekst: str,
                                                 melding: str) -> None:
    with pytest.raises(OngeldigeInvoer) as e:
        lees_waarde(Vraag("inkomen", "V?", soort), tekst)
    assert melding in e.value.bericht and e.value.veld == "inkomen"


@given(st.decimals(min_value=0, max_value=99_999_999, places=2))
def test_getoond_bedrag_leest_terug_als_hetzelfde(bedrag: Decimal) -> None:
    assert lees_bedrag(toon_waarde(bedrag), "b") == bedrag
    assert toon_waarde(bedrag).startswith("€ ")


def _fout(tmp_path: Path, tekst: str) -> str:
    pad = tmp_path / "fout.toml"
    pad.write_text(textwrap.dedent(tekst), encoding="utf-8")
    with pytest.raises(ChecklistFout) as e:
        checklists.lees(pad)
    assert str(pad) in e.value.reden
    return e.value.reden


KOP = 'id = "x"\ntitel = "X"\nonderwerpen = ["Paspoort"]\n'


def test_onbekende_soort_wordt_geweigerd_met_regel(tmp_path: Path) -> None:
    reden = _fout(tmp_path, KOP + '\n[[vraag]]\nid = "a"\ntekst = "A?"\nsoort = "ja_nee"\n'
                  '\n[[vraag]]\nid = "b"\ntekst = "B?"\nsoort = "kleur"\n')
    assert "regel 13:" in reden and "onbekende soort 'kleur'" in reden and "ja_nee" in reden


def test_voorwaarde_op_ontbrekende_vraag_wordt_geweigerd(tmp_path: Path) -> None:
    reden = _fout(tmp_path, KOP + '\n[[vraag]]\nid = "a"\ntekst = "A?"\nsoort = "ja_nee"\n'
                  'als = { b = true }\n')
    assert "regel 9:" in reden and "vraag 'b', die niet bestaat" in reden


def test_kring_van_voorwaarden_wordt_geweigerd(tmp_path: Path) -> None:
    reden = _fout(tmp_path, KOP + """
        [[vraag]]
        id = "a"
        tekst = "A?"
        soort = "ja_nee"
        als = { c = true }

        [[vraag]]
        id = "b"
        tekst = "B?"
        soort = "ja_nee"
        als = { a = true }

        [[vraag]]
        id = "c"
        tekst = "C?"
        soort = "ja_nee"
        als = { b = true }
        """)
    assert "kring: a → c → b → a" in reden and "regel 9:" in reden


def test_dubbel_vraag_id_wordt_geweigerd(tmp_path: Path) -> None:
    reden = _fout(tmp_path, KOP + '\n[[vraag]]\nid = "a"\ntekst = "A?"\nsoort = "tekst"\n'
                  '\n[[vraag]]\nid = "a"\ntekst = "Nog eens?"\nsoort = "tekst"\n')
    assert "regel 11:" in reden and "vraag-id 'a' komt twee keer voor" in reden


@pytest.mark.parametrize(("regels", "melding"), [
    ('als = { a = "ja" }', "verwacht true of false"),
    ('als = { k = "Paars" }', "'Paars' is geen van de keuzes"),
    ('als = { a = { minstens = 1 } }', "'minstens' kan hier niet"),
    ('als = {}', "een uitkomst heeft een voorwaarde nodig"),
])
def test_verkeerde_uitkomstvoorwaarde_wordt_geweigerd(tmp_path: Path, regels: str,
                                                     melding: str) -> None:
    reden = _fout(tmp_path, KOP + '\n[[vraag]]\nid = "a"\ntekst = "A?"\nsoort = "ja_nee"\n'
                  '\n[[vraag]]\nid = "k"\ntekst = "K?"\nsoort = "keuze"\nkeuzes = ["Rood", '
                  '"Blauw"]\n\n[[uitkomst]]\nproduct = "P"\nreden = "R"\n' + regels + "\n")
    assert melding in reden and "regel 19:" in reden


def test_ongeldige_toml_noemt_de_regel(tmp_path: Path) -> None:
    reden = _fout(tmp_path, KOP + '\n[[vraag]]\nid = "a\n')
    assert "regel 6:" in reden and "ongeldige TOML" in reden


def test_een_fout_bestand_laat_de_andere_laden_en_profiel_vervangt(tmp_path: Path) -> None:
    standaard = tmp_path / "standaard"
    standaard.mkdir()
    (standaard / "gezin.toml").write_text(GOED, encoding="utf-8")
    (standaard / "kapot.toml").write_text(KOP + '\n[[vraag]]\nid = "a"\ntekst = "A?"\n'
                                          'soort = "kleur"\n', encoding="utf-8")
    (standaard / "zz-dubbel.toml").write_text(GOED, encoding="utf-8")
    eigen = tmp_path / "eigen"
    eigen.mkdir()
    (eigen / "gezin.toml").write_text(GOED.replace('"Gezin en inkomen"', '"Ons gezin"'),
                                      encoding="utf-8")
    profiel = tmp_path / "p.toml"
    profiel.write_text('[checklists]\nmappen = ["eigen"]\n', encoding="utf-8")

    alleen_standaard = checklists.laad([standaard])
    assert list(alleen_standaard.alle) == ["gezin"]
    assert alleen_standaard.alle["gezin"].titel == "Gezin en inkomen"
    assert len(alleen_standaard.fouten) == 2
    assert "kapot.toml: regel 8:" in alleen_standaard.fouten[0]
    assert "zz-dubbel.toml: regel 1: id 'gezin' wordt al gebruikt door gezin.toml" in (
        alleen_standaard.fouten[1])

    mappen = lees_profiel(profiel).checklist_mappen
    assert mappen == (eigen.resolve(),)
    met_profiel = checklists.laad([standaard, *mappen])
    assert met_profiel.alle["gezin"].titel == "Ons gezin"
    assert met_profiel.voor_onderwerp("bijstandsuitkering") is met_profiel.alle["gezin"]
    assert met_profiel.voor_onderwerp("Baan kwijt") is met_profiel.alle["gezin"]
    assert met_profiel.voor_onderwerp("Paspoort") is None


def test_de_meegeleverde_checklists_laden_zonder_fouten() -> None:
    geladen = checklists.laad([checklists.STANDAARD])
    assert geladen.fouten == []
    assert {"werkloos-scheiding", "wmo-zelfstandig-wonen", "verhuizing", "paspoort-id-kaart",
            "bedrijf-milieu-vergunningen"} <= set(geladen.alle)
