"""GUI-thread stalls: how late a 5 ms timer fires while the agent works, against idle.

A real werkplek window (offscreen) on the encrypted store with a real keyring goes through
the journeys an agent makes: open Bert by phone number, search a name, type in the
kennisbank, register a contact, send the outbox. Meanwhile a 5 ms timer on the GUI thread
records how late each tick came; the floor is the same timer on the same window, idle, for
as long, measured alternately in the same run. Run: `python bench/haperingen.py`.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from omgeving import gebruikersomgeving, machine

from werkplek.app import bouw, diensten_van, voorkant_van
from werkplek.services.profiel import RESOURCES, lees_profiel
from werkplek.ui.hoofdvenster import Hoofdvenster
from werkplek.ui.qt import QEventLoop, QtCore, QtWidgets
from werkplek.ui.toepassing import AfvalInHoofdthread

RONDES = int(os.environ.get("BENCH_RONDES", "5"))
TIK_MS = 5


def binnen() -> None:
    """In the user's environment: the window, the timer, the journeys."""
    app = QtWidgets.QApplication([])
    app.setQuitOnLastWindowClosed(False)  # the loop ends when the journeys do
    afval = AfvalInHoofdthread(app)  # the collector as werkplek runs it: in the GUI thread
    loop = QEventLoop(app)
    asyncio.set_event_loop(loop)
    profiel = lees_profiel(RESOURCES / "profiles" / "demo.toml")
    w = bouw(profiel)
    p = w.profiel
    diensten = diensten_van(w, replace(voorkant_van(p, w.indeling.pad.parent), demo=True))

    laat: list[float] = []
    vorige = [time.perf_counter()]

    def tik() -> None:
        nu = time.perf_counter()
        laat.append(max(0.0, (nu - vorige[0]) * 1000 - TIK_MS))
        vorige[0] = nu

    klok = QtCore.QTimer()
    klok.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
    klok.timeout.connect(tik)

    async def meet(werk: Any) -> list[float]:
        laat.clear()
        vorige[0] = time.perf_counter()
        klok.start(TIK_MS)
        await werk()
        klok.stop()
        return list(laat)

    async def reis(venster: Hoofdvenster) -> None:
        venster.zoek_tekst("0612345678")
        await venster.taken.wacht()
        venster.zoek_tekst("Burger 14-03-1980")
        await venster.taken.wacht()
        for letter in "paspoort verlengen":
            venster.kennisbank.zoekveld.setText(venster.kennisbank.zoekveld.text() + letter)
            await asyncio.sleep(0.03)
        await venster.taken.wacht()
        cm = venster.contactmoment
        cm.vraag.setPlainText("Wanneer is mijn paspoort klaar?")
        cm.antwoord.setPlainText("Over twee werkdagen.")
        venster.registreer()
        await venster.taken.wacht()
        await venster.d.dossier.verzender.leeg()
        await venster.taken.wacht()

    async def hoofd() -> dict[str, Any]:
        venster = Hoofdvenster(diensten, asyncio.get_running_loop())
        venster.resize(1600, 1000)
        venster.show()
        await venster.taken.wacht()
        gc.freeze()  # as werkplek does once its services are up (werkplek/ui/toepassing.py)
        duur: list[float] = []
        vloer: list[float] = []
        figuur: list[float] = []
        for _ in range(RONDES):
            begin = time.perf_counter()
            figuur += await meet(lambda: reis(venster))
            duur.append(time.perf_counter() - begin)
            vloer += await meet(lambda: asyncio.sleep(duur[-1]))
        await venster.taken.stop()
        venster.close()
        await w.aclose()
        return {"vloer": vloer, "werkplek": figuur}

    with loop:
        uitkomst = loop.run_until_complete(hoofd())
    afval.stop()
    print(json.dumps(uitkomst))


def samenvat(laat: list[float]) -> dict[str, float]:
    geordend = sorted(laat)
    return {"max_ms": geordend[-1], "p99_ms": geordend[int(0.99 * (len(geordend) - 1))],
            "tikken": len(geordend)}


def main() -> dict[str, Any]:
    with gebruikersomgeving() as env:
        r = subprocess.run([sys.executable, __file__, "--binnen"], env=env, check=True,
                           capture_output=True, text=True, timeout=900)
    ruw = json.loads(r.stdout.strip().splitlines()[-1])
    vloer, werkplek = samenvat(ruw["vloer"]), samenvat(ruw["werkplek"])
    return {"rondes": RONDES, "machine": machine(), "vloer": vloer, "werkplek": werkplek,
            "rijen": [
                {"wat": "langste hapering van de GUI-thread (5 ms-klok, de reizen)",
                 "werkplek": f"{werkplek['max_ms']:.1f} ms",
                 "vloer": f"{vloer['max_ms']:.1f} ms (stil)", "verhouding": "—",
                 "doel": "≤ 32 ms", "gehaald": werkplek["max_ms"] <= 32},
                {"wat": "p99 hapering van de GUI-thread",
                 "werkplek": f"{werkplek['p99_ms']:.1f} ms",
                 "vloer": f"{vloer['p99_ms']:.1f} ms (stil)", "verhouding": "—",
                 "doel": "≤ 16 ms", "gehaald": werkplek["p99_ms"] <= 16},
            ]}


if __name__ == "__main__":
    if "--binnen" in sys.argv:
        binnen()
    else:
        print(json.dumps(main(), indent=2))
