"""Search benchmark: the kennisbank at 10,000 articles and person search at 100,000 persons.

In one process, as the app runs: the demo profile built by ``werkplek.app.bouw`` in the
environment a user has (``omgeving.gebruikersomgeving``: a fresh data folder and a real
keyring, gnome-keyring's Secret Service on a D-Bus session of the benchmark's own), so the
local store is the encrypted SQLCipher file with its key from that keyring (checked before
measuring), and every call goes through the services (kennisbank) or the plugin host
(persons), off the event loop.

Each figure stands beside its floor, measured in the same run and interleaved with it
(floor, figure, floor, figure …):
- kennisbank: typed queries (every prefix of words an agent types), one letter, and the
  empty field, each against a LIKE scan that reads every article (title and body);
- persons: each search type (BSN, name + birth date, postcode + huisnummer, phone, e-mail,
  and a Unicode name) against a BSN look-up (``persoon``); and the search as the agent has
  it, from the text typed through the services (the audit record handed to the store) into
  the main window's result list, painted (the dossier a single hit then opens is the start
  benchmark's figure, not this one).
Prints JSON; ``main()`` returns the same dict. BENCH_ARTIKELEN / BENCH_PERSONEN / BENCH_RONDES
make it smaller for a quick look.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

MAP = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(MAP))

from omgeving import (  # noqa: E402
    eis_sleutel_uit_gnome_keyring,
    gebruikersomgeving,
    sleutelbos_in_proces,
)
from werkplek_embedded.models import DigitaalAdresRij, PersoonRij  # noqa: E402

from werkplek.app import bouw  # noqa: E402
from werkplek.domain.invoer import Zoeksoort, Zoekvraag  # noqa: E402
from werkplek.domain.model import Kanaal, Kennisartikel  # noqa: E402
from werkplek.ports import Capability  # noqa: E402
from werkplek.services.profiel import RESOURCES, lees_profiel  # noqa: E402
from werkplek.store.repositories import KennisIndex  # noqa: E402

ARTIKELEN = int(os.environ.get("BENCH_ARTIKELEN", "10000"))
PERSONEN = int(os.environ.get("BENCH_PERSONEN", "100000"))
RONDES = int(os.environ.get("BENCH_RONDES", "200"))
"""Queries per kind of search (the typed queries: about this many prefixes)."""
WOORDEN = ["paspoort", "rijbewijs", "verhuizing", "afval", "parkeren", "bijstand",
           "kwijtschelding", "toeslag", "vergunning", "uittreksel", "huwelijk", "geboorte",
           "identiteitskaart", "grofvuil", "container", "wmo", "trapliften", "belasting",
           "evenement", "bouwen", "schuldhulp", "reisdocument", "verlengen", "spoed",
           "ouderen", "jeugd", "leerlingenvervoer", "subsidie", "melding", "openbare"]


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def p95(waarden: list[float]) -> float:
    geordend = sorted(waarden)
    return geordend[min(len(geordend) - 1, round(0.95 * (len(geordend) - 1)))]


def _kort(waarden: list[float]) -> dict[str, float]:
    return {"mediaan_ms": round(statistics.median(waarden), 3),
            "p95_ms": round(p95(waarden), 3), "min_ms": round(min(waarden), 3),
            "max_ms": round(max(waarden), 3), "n": len(waarden)}


def _regel(figuur: list[float], vloer: list[float], maat: str) -> dict[str, Any]:
    """A figure beside its floor; ``maat`` (p95 or mediaan) is what the ratio compares."""
    f = p95(figuur) if maat == "p95" else statistics.median(figuur)
    v = p95(vloer) if maat == "p95" else statistics.median(vloer)
    return {"werkplek": _kort(figuur), "vloer": _kort(vloer), "maat": maat,
            "verhouding_vloer_gedeeld_door_werkplek": round(v / f, 2) if f else None,
            "verhouding_werkplek_gedeeld_door_vloer": round(f / v, 2) if v else None}


async def _om_en_om(vragen: list[Any], vloer: Callable[[Any], Awaitable[object]],
                    figuur: Callable[[Any], Awaitable[object]]
                    ) -> tuple[list[float], list[float]]:
    """Floor and figure alternately per query, so a change in load hits both."""
    a: list[float] = []
    b: list[float] = []
    for v in vragen:
        t0 = time.perf_counter()
        await vloer(v)
        a.append(_ms(t0))
        t0 = time.perf_counter()
        await figuur(v)
        b.append(_ms(t0))
    return b, a


# -- kennisbank ------------------------------------------------------------------------------


def kennisartikelen(n: int) -> list[Any]:
    """``n`` articles made from the demo's own: each its own title words, shuffled paragraphs
    and some words of the whole corpus, over 200 onderwerpen."""
    bron = MAP / "plugins" / "werkplek_embedded" / "data" / "kennisartikelen.toml"
    data = tomllib.loads(bron.read_text(encoding="utf-8"))["artikel"]
    rnd = random.Random(19)
    woorden = sorted({w.strip('.,:;()"').lower() for a in data for w in a["tekst"].split()
                      if len(w) > 3})
    uit = []
    for i in range(n):
        a = data[i % len(data)]
        alineas = a["tekst"].strip().split("\n\n")
        rnd.shuffle(alineas)
        uit.append(Kennisartikel(
            f"{a['id']}-{i}", f"{a['titel']} {' '.join(rnd.sample(woorden, 2))}",
            f"{a['onderwerp']} {i % 200}", a["samenvatting"],
            "\n\n".join(alineas) + "\n\n" + " ".join(rnd.sample(woorden, 40)),
            tuple(a.get("trefwoorden", ())), ((Kanaal.TELEFOON, "Zeg: zie de website."),),
            a.get("eigenaar", ""), a.get("laatst_beoordeeld")))
    return uit


def getypte_vragen(n: int) -> list[str]:
    """What an agent types, key by key: every prefix of a word, then of a second word."""
    rnd = random.Random(7)
    vragen: list[str] = []
    while len(vragen) < n:
        eerste, tweede = rnd.sample(WOORDEN, 2)
        vragen += [eerste[:i] for i in range(1, len(eerste) + 1)]
        vragen += [f"{eerste} {tweede[:i]}" for i in range(1, min(len(tweede), 4) + 1)]
    return vragen[:n]


async def kennisbank(w: Any) -> dict[str, Any]:
    artikelen = kennisartikelen(ARTIKELEN)
    await w.werker.doe(lambda: KennisIndex(w.store).vervang("bench", artikelen))
    store = w.store

    def like(tekst: str) -> int:
        """The floor: a LIKE over title and body of every row (no index can serve it)."""
        patroon = f"%{tekst.rsplit(maxsplit=1)[-1] if tekst.strip() else 'zzzq'}%"
        with store.engine.connect() as conn:
            return len(conn.execute(text(
                "SELECT artikel_id FROM kennis_artikel WHERE titel LIKE :p OR tekst LIKE :p"),
                {"p": patroon}).all())

    async def vloer(tekst: str) -> int:
        return await w.werker.doe(lambda: like(tekst))

    async def zoek(tekst: str) -> object:
        return await w.kennis.zoek(tekst)

    for v in ("p", "pas", ""):  # warm: the pages a first query reads
        await zoek(v)
        await vloer(v)
    getypt = getypte_vragen(RONDES)
    letters = list("abcdefghijklmnoprstuvwz")
    leeg = [""] * max(20, RONDES // 10)
    uit: dict[str, Any] = {"artikelen": ARTIKELEN}
    for naam, vragen in (("getypt", getypt), ("een_letter", letters), ("leeg_veld", leeg)):
        figuur, vl = await _om_en_om(vragen, vloer, zoek)
        uit[naam] = _regel(figuur, vl, "p95" if naam != "leeg_veld" else "mediaan")
    uit["doel"] = "werkplek <= 10 ms (p95; leeg veld mediaan) en >= 10x sneller dan de LIKE-vloer"
    return uit


# -- persons ---------------------------------------------------------------------------------


def _bsn(n: int) -> str:
    """The n-th nine-digit number that passes the elfproef, from 100000000 up."""
    basis = 10_000_000 + n
    cijfers = [int(c) for c in f"{basis:08d}"]
    som = sum(c * (9 - i) for i, c in enumerate(cijfers))
    laatste = som % 11
    return f"{basis:08d}{laatste}" if laatste < 10 else _bsn(n + PERSONEN)


ACHTERNAMEN = ["Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer",
               "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "Dekker",
               "Öztürk", "Yılmaz", "Şahin", "El Amrani", "IJsselstein", "Ĳzerman", "Müller",
               "Nguyễn", "Kowalczyk", "Brouwer", "van Dijk", "Çelik", "Lindström"]


def vul_personen(plugin: Any, n: int) -> list[dict[str, Any]]:
    """``n`` persons (and a phone and e-mail for each tenth) in the embedded database."""
    rnd = random.Random(100)
    rijen = []
    for i in range(n):
        naam = rnd.choice(ACHTERNAMEN) + ("" if i % 3 else f"-{i % 997}")
        rijen.append({"bsn": _bsn(i), "voornamen": "Anna", "voorvoegsel": "",
                      "geslachtsnaam": naam,
                      "geboortedatum": date(1930, 1, 1) + timedelta(days=rnd.randrange(30_000)),
                      "straat": "Dorpsstraat", "huisnummer": str(1 + i % 300),
                      "postcode": f"{1000 + (i // 300) % 9000}{'AB'}", "woonplaats": "Demodam",
                      "geheimhouding": False})
    adressen = [{"klant_soort": "persoon", "klant_nummer": r["bsn"], "soort": soort,
                 "waarde": waarde}
                for i, r in enumerate(rijen) if i % 10 == 0
                for soort, waarde in (("telefoon", f"+3161{i:07d}"),
                                      ("email", f"p{i}@example.nl"))]
    with plugin._engine.begin() as conn:  # the plugin's own database, as a beheerder fills it
        for begin in range(0, len(rijen), 5000):
            conn.execute(insert(PersoonRij), rijen[begin:begin + 5000])
        conn.execute(insert(DigitaalAdresRij), adressen)
        conn.exec_driver_sql("ANALYZE")
    return rijen


async def personen(w: Any) -> dict[str, Any]:
    [actief] = w.host.bronnen(Capability.PERSONEN)
    await w.host.roep(Capability.PERSONEN, lambda p: p.health())  # opened and migrated
    rijen = vul_personen(actief.object, PERSONEN)
    rnd = random.Random(5)
    steekproef = [rijen[rnd.randrange(len(rijen))] for _ in range(RONDES)]
    met_adres = [(i, rijen[i]) for i in range(0, len(rijen), 10)]
    adres = [met_adres[rnd.randrange(len(met_adres))] for _ in range(RONDES)]
    unicode = [r for r in rijen if r["geslachtsnaam"] in {"Öztürk", "IJsselstein", "Şahin"}]
    soorten: dict[str, list[Zoekvraag]] = {
        "bsn": [Zoekvraag(Zoeksoort.BSN, r["bsn"]) for r in steekproef],
        "naam_geboortedatum": [Zoekvraag(Zoeksoort.NAAM_GEBOORTEDATUM, r["geslachtsnaam"],
                                         r["geboortedatum"]) for r in steekproef],
        "unicode_naam_gevouwen": [Zoekvraag(Zoeksoort.NAAM_GEBOORTEDATUM, {
            "Öztürk": "ozturk", "IJsselstein": "Ĳsselstein", "Şahin": "SAHIN"}[
                r["geslachtsnaam"]], r["geboortedatum"])
            for r in rnd.sample(unicode, min(RONDES, len(unicode)))],
        "postcode_huisnummer": [Zoekvraag(Zoeksoort.POSTCODE_HUISNUMMER, r["postcode"],
                                          huisnummer=r["huisnummer"]) for r in steekproef],
        "telefoon": [Zoekvraag(Zoeksoort.TELEFOON, f"+3161{i:07d}") for i, _ in adres],
        "email": [Zoekvraag(Zoeksoort.EMAIL, f"p{i}@example.nl") for i, _ in adres],
    }
    bsns = [r["bsn"] for r in steekproef]

    async def zoek(vraag: Zoekvraag) -> list[Any]:
        [antw] = await w.host.roep(Capability.PERSONEN, lambda p: p.zoek_personen(vraag))
        if not antw.ok or not antw.waarde:
            raise RuntimeError(f"{vraag.soort}: niets gevonden ({antw.melding})")
        return antw.waarde

    teller = iter(range(10**9))

    async def vloer(_vraag: Zoekvraag) -> object:
        bsn = bsns[next(teller) % len(bsns)]
        [antw] = await w.host.roep(Capability.PERSONEN, lambda p: p.persoon(bsn))
        return antw.waarde

    for v in soorten.values():  # warm
        await zoek(v[0])
    uit: dict[str, Any] = {"personen": PERSONEN}
    for naam, vragen in soorten.items():
        figuur, vl = await _om_en_om(vragen, vloer, zoek)
        uit[naam] = _regel(figuur, vl, "p95")
    # As the agent has it: the text typed, through the services (with the audit record handed
    # to the store), into the window's result list, painted.
    getypt = [t for r in steekproef for t in (
        r["bsn"], f"{r['postcode'][:4]} {r['postcode'][4:]} {r['huisnummer']}",
        *([f"{r['geslachtsnaam']} {r['geboortedatum']:%d-%m-%Y}"]
          if "-" not in r["geslachtsnaam"] else []))]
    zoek_in_venster = venster_zoekt(w)
    figuur, vl = [], []
    for tekst in getypt:  # floor and figure alternately, as _om_en_om does
        t0 = time.perf_counter()
        await vloer(tekst)
        vl.append(_ms(t0))
        t0 = time.perf_counter()
        deel = await zoek_in_venster(tekst)
        figuur.append(_ms(t0))
        # The record is written while the list paints; the next query comes after it, at
        # an agent's pace, so that neither the next floor nor figure pays for this one.
        await deel.vastgelegd
    uit["getypt_tot_getekend"] = _regel(figuur, vl, "p95")
    uit["doel"] = ("elke zoeksoort p95 <= 5 ms, ook getypt tot getekend; Unicode-namen "
                   "gevonden")
    return uit


def venster_zoekt(w: Any) -> Callable[[str], Awaitable[Any]]:
    """The main window's search, from the typed text to the painted list of results."""
    from werkplek.app import voorkant_van  # noqa: PLC0415 - Qt only for this part
    from werkplek.ui.hoofdvenster import Hoofdvenster  # noqa: PLC0415
    from werkplek.ui.qt import QtWidgets  # noqa: PLC0415

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    # The window as it stands before its services are up: no background work of its own
    # competes here; its result list is the one the agent sees.
    venster = Hoofdvenster(voorkant_van(w.profiel, w.indeling.pad.parent),
                           asyncio.get_running_loop())
    venster.resize(1366, 768)
    venster.show()
    app.processEvents()

    async def zoek(tekst: str) -> Any:
        deel = await w.dossier.zoek(w.dossier.zoekvraag(tekst))
        if not deel.waarde:
            raise RuntimeError("getypt zoeken vond niets")
        venster._toon_resultaten(deel)
        venster.resultaten.viewport().repaint()  # painted now, not at the next event loop turn
        return deel

    return zoek


# -- the run ---------------------------------------------------------------------------------


async def _meet() -> dict[str, Any]:
    profiel = lees_profiel(RESOURCES / "profiles" / "demo.toml", os_gebruiker="bench")
    with tempfile.TemporaryDirectory(prefix="werkplek-bench-zoeken-") as tmp:
        w = bouw(profiel, Path(tmp) / "data")
        try:
            if not w.store.versleuteld or w.store.pad is None:
                raise RuntimeError("geen versleutelde opslag: de sleutelbos werd niet gebruikt")
            eis_sleutel_uit_gnome_keyring(w.store.pad, profiel.naam)
            return {"kennisbank": await kennisbank(w), "personen": await personen(w),
                    "sleutelbos": "Secret Service (gnome-keyring), eigen D-Bus-sessie"}
        finally:
            await w.aclose()


def main() -> dict[str, Any]:
    # A home and a keyring of its own: the user's config, data and keyring are never touched.
    with gebruikersomgeving() as env, sleutelbos_in_proces(env):
        uitslag = asyncio.run(_meet())
    uitslag["machine"] = {"cpus": os.cpu_count(), "belasting": list(os.getloadavg()),
                          "tijd": time.strftime("%Y-%m-%d %H:%M %Z")}
    uitslag["rijen"] = rijen(uitslag)
    return uitslag


def rijen(uitslag: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of docs/benchmarks.md (bench/alles.py)."""
    uit = []
    kennis = uitslag["kennisbank"]
    for sleutel, wat in (("getypt", "getypte vraag, p95"), ("een_letter", "één letter, p95"),
                         ("leeg_veld", "leeg veld, mediaan")):
        r = kennis[sleutel]
        maat = "p95_ms" if r["maat"] == "p95" else "mediaan_ms"
        f, v = r["werkplek"][maat], r["vloer"][maat]
        uit.append({"wat": f"kennisbank, {kennis['artikelen']} artikelen: {wat}",
                    "werkplek": f"{f:.2f} ms", "vloer": f"{v:.2f} ms (LIKE over elke rij)",
                    "verhouding": f"{v / f:.0f}× sneller", "doel": "≤ 10 ms, ≥ 10× sneller",
                    "gehaald": f <= 10 and v / f >= 10})
    personen = uitslag["personen"]
    for sleutel, r in personen.items():
        if not isinstance(r, dict) or "werkplek" not in r:
            continue
        f, v = r["werkplek"]["p95_ms"], r["vloer"]["p95_ms"]
        uit.append({"wat": f"personen, {personen['personen']}: {sleutel.replace('_', ' ')}, p95",
                    "werkplek": f"{f:.2f} ms", "vloer": f"{v:.2f} ms (BSN opzoeken)",
                    "verhouding": f"{f / v:.1f}×", "doel": "≤ 5 ms", "gehaald": f <= 5})
    return uit


if __name__ == "__main__":
    print(json.dumps(main(), indent=2, ensure_ascii=False))
