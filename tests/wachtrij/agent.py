"""A werkplek workstation without a window, for tests: werkplek's own services (the queue
reports, the outbox, the embedded plugin) in a process of their own, driven by one JSON
command per line on stdin; one JSON answer per line on stdout.

    python -m tests.wachtrij.agent --config PROFIEL --data MAP

Commands: {"doe": "status", "status": "pauze"}, {"doe": "gesprek", "fase": "binnenkomend",
"gesprek": "c1"}, {"doe": "ticket", "afspraak_over_minuten": -1}, {"doe": "volgende"},
{"doe": "stand"}, {"doe": "stop"}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from werkplek.app import bouw
from werkplek.domain.model import Kanaal, nu
from werkplek.domain.oproep import Agentstatus, Gespreksfase, Gespreksgebeurtenis, oproep
from werkplek.services.profiel import lees_profiel


def antwoord(**velden: Any) -> None:
    print(json.dumps(velden), flush=True)


async def draai(config: Path, data: Path) -> int:
    w = bouw(lees_profiel(config), data)
    verzenden = asyncio.create_task(w.dossier.verzender.draai())
    loop = asyncio.get_running_loop()
    try:
        antwoord(klaar="start", medewerker=w.profiel.medewerker.gebruikersnaam)
        while regel := await loop.run_in_executor(None, sys.stdin.readline):
            opdracht = json.loads(regel)
            doe = opdracht["doe"]
            if doe == "status":
                status = Agentstatus(opdracht["status"])
                w.wachtrij.wijzig(status, Kanaal(opdracht["kanaal"])
                                  if opdracht.get("kanaal") else None)
            elif doe == "gesprek":
                w.wachtrij.gesprek(Gespreksgebeurtenis(
                    opdracht["gesprek"], Gespreksfase(opdracht["fase"]),
                    oproep("+31201234567", opdracht.get("lijn", "")), "", nu()))
            elif doe == "ticket":
                minuten = opdracht.get("afspraak_over_minuten")
                antw = await w.wachtrij.geef_ticket(
                    afspraak=None if minuten is None else nu() + timedelta(minutes=minuten))
                antwoord(klaar=doe, ok=antw.ok, ticket=antw.waarde.nummer if antw.waarde else
                         None, melding=antw.melding)
                continue
            elif doe == "volgende":
                antw2 = await w.wachtrij.volgende_klant()
                if antw2.ok:
                    w.wachtrij.wijzig(Agentstatus.IN_GESPREK, Kanaal.BALIE)
                antwoord(klaar=doe, ok=antw2.ok, melding=antw2.melding,
                         ticket=antw2.waarde.nummer if antw2.waarde else None)
                await w.wachtrij.leeg_rij()
                continue
            elif doe == "stand":
                stand = await w.dossier.verzender.vernieuw_stand()
                antwoord(klaar=doe, wachtend=stand.wachtend, geparkeerd=stand.geparkeerd)
                continue
            elif doe == "stop":
                break
            await w.wachtrij.leeg_rij()  # into the outbox, and out when the source is there
            antwoord(klaar=doe)
    finally:
        verzenden.cancel()
        await asyncio.gather(verzenden, return_exceptions=True)
        await w.aclose()
    antwoord(klaar="stop")
    return 0


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--config", type=Path, required=True)
    p.add_argument("--data", type=Path, required=True)
    args = p.parse_args()
    return asyncio.run(draai(args.config, args.data))


if __name__ == "__main__":
    sys.exit(main())
