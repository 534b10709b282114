"""Three werkplek processes on one real PostgreSQL: a telephone agent whose clock runs an hour
ahead, a counter agent, and a supervisor following `werkplek wachtrijen --volg --json`. The
supervisor sees the agents' states, calls and tickets through LISTEN/NOTIFY; PostgreSQL
restarts in the middle, the supervisor shows "geen verbinding", and what the agents did
during the outage arrives from their outboxes."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.postgres import PostgresServer, pg_bin
from tests.sleutelbos import omgeving_met_sleutelbos

WERKPLEK = Path(sys.executable).parent / "werkplek"
WACHTEN = 90.0
"""Seconds to wait for a figure: a guard against hanging, not a time check."""

pytestmark = pytest.mark.skipif(pg_bin() is None, reason="PostgreSQL is niet geïnstalleerd")


def profiel(url: str) -> str:
    return f"""
[profiel]
naam = "team"
gemeente = "Gemeente Demodam"
locatie = "Stadskantoor"

[medewerkers.anna]
rol = "telefoon"
naam = "Anna de Vries"

[medewerkers.bram]
rol = "balie"
naam = "Bram Jansen"

[medewerkers.sofie]
rol = "supervisor"
naam = "Sofie Bakker"

[offline]
voorbereiden_bij_start = false

[wachtrij]
naam = "Burgerzaken"

[plugins.team]
plugin = "werkplek_embedded"
url = "{url}"
timeout_seconden = 3

[capabilities]
wachtrij = ["team"]
klantcontacten = ["team"]
"""


class Proces:
    """A subprocess whose stdout lines are collected by a thread, as JSON."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.p = subprocess.Popen(args, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        self.regels: list[dict[str, Any]] = []
        self._lezer = threading.Thread(target=self._lees, daemon=True)
        self._lezer.start()

    def _lees(self) -> None:
        assert self.p.stdout is not None
        for regel in self.p.stdout:
            self.regels.append(json.loads(regel))

    def wacht(self, voorwaarde: Callable[[dict[str, Any]], bool], van: int = 0
              ) -> dict[str, Any]:
        """The first line from index ``van`` on that meets ``voorwaarde``."""
        einde = time.monotonic() + WACHTEN
        while time.monotonic() < einde:
            for r in self.regels[van:]:
                if voorwaarde(r):
                    return r
            if self.p.poll() is not None and not self._lezer.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"niet gezien; laatste regels: {self.regels[-3:]}; "
                             f"stderr: {self.fout()}")

    def fout(self) -> str:
        if self.p.poll() is None:
            return "(loopt nog)"
        return self.p.stderr.read() if self.p.stderr else ""

    def doe(self, **opdracht: Any) -> dict[str, Any]:
        assert self.p.stdin is not None
        van = len(self.regels)
        self.p.stdin.write(json.dumps(opdracht) + "\n")
        self.p.stdin.flush()
        return self.wacht(lambda r: r.get("klaar") == opdracht["doe"], van)

    def stop(self) -> None:
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGINT)
            try:
                self.p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        for stroom in (self.p.stdin, self.p.stdout, self.p.stderr):
            if stroom is not None:
                stroom.close()


@pytest.fixture
def team(tmp_path: Path) -> Iterator[tuple[PostgresServer, Callable[..., Proces]]]:
    processen: list[Proces] = []
    with PostgresServer() as pg:
        url = pg.maak_database("team")
        pad = tmp_path / "team.toml"
        pad.write_text(profiel(url), encoding="utf-8")
        sleutelbos = tmp_path / "sleutelbos.json"

        def start(gebruiker: str, *args: str, klok: str = "") -> Proces:
            thuis = tmp_path / gebruiker
            env = omgeving_met_sleutelbos(sleutelbos) | {
                "USER": gebruiker, "LOGNAME": gebruiker, "QT_QPA_PLATFORM": "offscreen",
                **{f"XDG_{n.upper()}_HOME": str(thuis / n) for n in ("config", "data", "state")}}
            voor: list[str] = []
            if klok:  # a workstation whose clock is wrong: libfaketime moves its wall clock
                env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
                voor = [str(shutil.which("faketime")), "-f", klok]
            if args[:1] == ("agent",):
                opdracht = [sys.executable, "-m", "tests.wachtrij.agent", "--config", str(pad),
                            "--data", str(thuis / "data" / "werkplek")]
            else:
                opdracht = [str(WERKPLEK), "--config", str(pad), *args]
            proces = Proces([*voor, *opdracht], env)
            processen.append(proces)
            return proces

        try:
            yield pg, start
        finally:
            for p in processen:
                p.stop()


def agent(stand: dict[str, Any], wie: str) -> dict[str, Any] | None:
    return next((a for a in stand["agenten"] if a["medewerker"] == wie), None)


def rij(stand: dict[str, Any], naam: str) -> dict[str, Any]:
    return next((w for w in stand["wachtrijen"] if w["naam"] == naam),
                {"aangeboden": 0, "beantwoord": 0, "opgehangen": 0, "wachtend": 0})


@pytest.mark.timeout(600)
@pytest.mark.skipif(shutil.which("faketime") is None, reason="faketime is niet geïnstalleerd")
def test_supervisor_ziet_twee_agenten_ook_na_een_herstart_van_postgres(
        team: tuple[PostgresServer, Callable[..., Proces]]) -> None:
    pg, start = team
    supervisor = start("sofie", "wachtrijen", "--volg", "--json")
    supervisor.wacht(lambda s: s["verbonden"])
    anna = start("anna", "agent", klok="+1h")
    bram = start("bram", "agent")
    for a in (anna, bram):
        a.wacht(lambda r: r.get("klaar") == "start")

    # Anna answers a call; Bram's counter issues three tickets and calls the next one: the
    # appointment whose time has come goes first.
    anna.doe(doe="status", status="beschikbaar")
    anna.doe(doe="gesprek", fase="binnenkomend", gesprek="gesprek-1")
    anna.doe(doe="gesprek", fase="aangenomen", gesprek="gesprek-1")
    anna.doe(doe="status", status="in_gesprek", kanaal="telefoon")
    assert [bram.doe(doe="ticket")["ticket"], bram.doe(doe="ticket")["ticket"],
            bram.doe(doe="ticket", afspraak_over_minuten=-1)["ticket"]] == ["Z001", "Z002",
                                                                           "A001"]
    assert bram.doe(doe="volgende")["ticket"] == "A001"

    stand = supervisor.wacht(lambda s: (
        (a := agent(s, "anna")) is not None and a["status"] == "in_gesprek"
        and (b := agent(s, "bram")) is not None and b["status"] == "in_gesprek"
        and rij(s, "Burgerzaken")["beantwoord"] == 1 and s["balie"]["wachtend"] == ["Z001",
                                                                                    "Z002"]))
    a = agent(stand, "anna")
    assert a is not None and a["kanaal"] == "telefoon" and a["naam"] == "Anna de Vries"
    assert agent(stand, "bram")["kanaal"] == "balie"  # type: ignore[index]
    # Anna's clock runs an hour ahead; her state's time is on the database's clock.
    scheef = datetime.fromisoformat(stand["moment"]) - datetime.fromisoformat(a["sinds"])
    assert timedelta(0) <= scheef < timedelta(minutes=10), scheef
    assert rij(stand, "Burgerzaken")["aangeboden"] == 1

    # PostgreSQL goes down: the supervisor says so, and the agents work on.
    van = len(supervisor.regels)
    pg.stop()
    supervisor.wacht(lambda s: not s["verbonden"], van)
    anna.doe(doe="status", status="beschikbaar")
    anna.doe(doe="gesprek", fase="binnenkomend", gesprek="gesprek-2")
    anna.doe(doe="gesprek", fase="beeindigd", gesprek="gesprek-2")  # the caller hung up
    anna.doe(doe="status", status="pauze")
    assert anna.doe(doe="stand")["wachtend"] == 4  # kept in her outbox, not lost
    volgende = bram.doe(doe="volgende")  # calling a ticket needs the database's answer
    assert not volgende["ok"] and volgende["melding"]

    # Back: the supervisor reconnects, and the outage's events arrive from the outbox.
    van = len(supervisor.regels)
    pg.start()
    stand = supervisor.wacht(lambda s: (
        s["verbonden"] and rij(s, "Burgerzaken")["opgehangen"] == 1
        and (a := agent(s, "anna")) is not None and a["status"] == "pauze"), van)
    assert rij(stand, "Burgerzaken")["aangeboden"] == 2
    assert rij(stand, "Burgerzaken")["beantwoord"] == 1
    assert stand["balie"]["wachtend"] == ["Z001", "Z002"]
    assert anna.doe(doe="stand")["wachtend"] == 0
    assert bram.doe(doe="volgende")["ticket"] == "Z001"
    supervisor.wacht(lambda s: s["balie"]["wachtend"] == ["Z002"], van)
    for p in (anna, bram):
        p.doe(doe="stop")
    supervisor.stop()
    assert supervisor.p.returncode == 0, supervisor.fout()
    assert all(p.p.wait(timeout=30) == 0 for p in (anna, bram))

