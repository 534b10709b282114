"""The supervisor panel at 500 agents and 20 queues, each figure beside its floor.

1. In this process (Qt offscreen): one agent's change (a new picture in which one agent
   changed state and the clock moved on) shown by the real Wachtrijpaneel and painted
   (the events processed until the dirty regions are painted), against a bare QTableView
   on a minimal model of 500 × 5 strings that changes one row and is painted; and a full
   refresh (every agent changed, every queue moved) against the bare table reset. Floor
   and figure alternate, medians. The pictures are computed beforehand by the real
   Wachtrijmonitor: in werkplek that happens on a worker thread, not on the GUI thread.
   "One agent's change" moves the picture's clock on 0.2 s each time (changes arriving at
   about five a second), so one picture in five also crosses a whole second and repaints
   the Duur column.
2. End to end on a real PostgreSQL (started like tests/postgres.py), with a day of 2,000
   calls in 20 queues already there: 500 simulated agents change state (10 a second over
   all of them) through the embedded plugin's ``meld`` — what each workstation's outbox
   calls; the local outbox itself is not part of this path — on 8 connections, while a
   supervisor process follows them with the real PluginHost, Wachtrijmonitor (LISTEN/
   NOTIFY) and Wachtrijpaneel; per change, the time from just before the write to the
   supervisor's agent table painted with it (both clocks are this machine's); p50/p95/max,
   against the floor of a bare NOTIFY from one connection heard on another. Skipped, with
   the reason, when there are no PostgreSQL binaries.

Run: `python bench/supervisor.py`; prints JSON. `main()` returns the same as a dict.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from omgeving import MAP, machine, om_en_om, p95, samenvatting

sys.path.insert(0, str(MAP))

from werkplek.domain.model import Afhandeling, Kanaal, nu
from werkplek.domain.oproep import Agentstatus
from werkplek.domain.wachtrij import (
    Afgehandeld,
    Agentstand,
    Gebeurtenissoort,
    Normen,
    Ticket,
    Wachtrijfeiten,
    Wachtrijgebeurtenis,
    Wachtrijgesprek,
)
from werkplek.services.beeld import Wachtrijbeeld
from werkplek.services.plugins import BronAntwoord, Uitkomst
from werkplek.services.wachtrij import Wachtrijmonitor

AGENTEN = int(os.environ.get("BENCH_AGENTEN", "500"))
RIJEN = tuple(f"Wachtrij {i + 1:02d}" for i in range(20))
RONDES_RIJ = int(os.environ.get("BENCH_RONDES_RIJ", "150"))
RONDES_VOL = int(os.environ.get("BENCH_RONDES_VOL", "25"))
E2E_SECONDEN = float(os.environ.get("BENCH_E2E_SECONDEN", "30"))
E2E_PER_SECONDE = float(os.environ.get("BENCH_E2E_PER_SECONDE", "10"))
"""State changes a second over all 500 agents (each agent about every 50 s)."""
GESPREKKEN_PER_RIJ = int(os.environ.get("BENCH_GESPREKKEN_PER_RIJ", "100"))
"""Calls of the day so far per queue in the end-to-end run (the monitor reads them all)."""
S = timedelta(seconds=1)


# -- 1: update and paint, in this process ----------------------------------------------------


class Dag:
    """A KCC morning: calls in 20 queues, 500 agents, tickets and contacts; moves on."""

    def __init__(self, zaad: int = 19) -> None:
        self.r = random.Random(zaad)
        self.moment = nu().replace(hour=10, minute=30, second=0, microsecond=0)
        begin = self.moment.replace(hour=8, minute=0)
        self.gesprekken: list[Wachtrijgesprek] = []
        for rij in RIJEN:
            for i in range(self.r.randint(40, 120)):
                t = begin + self.r.randint(0, 2 * 3600) * S
                wacht = self.r.uniform(1, 40) * S
                self.gesprekken.append(
                    Wachtrijgesprek(rij, t, opgehangen=t + wacht, id=f"{rij}{i}")
                    if self.r.random() < 0.1 else
                    Wachtrijgesprek(rij, t, aangenomen=t + wacht, id=f"{rij}{i}"))
        self.agenten = {f"mw{i:04d}": Agentstand(
            f"mw{i:04d}", f"Medewerker {i:04d}", self.r.choice(list(Agentstatus)),
            self.moment - self.r.randint(0, 3600) * S) for i in range(AGENTEN)}
        self.tickets = tuple(Ticket(f"Z{i:03d}", self.moment - (30 - i) * 60 * S, id=f"t{i}")
                             for i in range(12))
        self.contacten = tuple(Afgehandeld(self.r.choice(list(Kanaal)),
                                           self.r.choice(list(Afhandeling)), begin)
                               for _ in range(300))

    def verander_agent(self) -> None:
        naam = self.r.choice(sorted(self.agenten))
        a = self.agenten[naam]
        status = self.r.choice([s for s in Agentstatus if s is not a.status])
        self.agenten[naam] = replace(a, status=status, sinds=self.moment)

    def verander_alles(self) -> None:
        for naam, a in self.agenten.items():
            status = self.r.choice([s for s in Agentstatus if s is not a.status])
            self.agenten[naam] = replace(a, status=status, sinds=self.moment)
        for rij in RIJEN:
            self.gesprekken.append(Wachtrijgesprek(rij, self.moment,
                                                   id=f"{rij}@{self.moment.isoformat()}"))

    def feiten(self) -> Wachtrijfeiten:
        return Wachtrijfeiten(self.moment, tuple(self.gesprekken), self.tickets,
                              tuple(self.agenten.values()), self.contacten)


class _Bron:
    """A queue source that answers with the facts it is given."""

    def __init__(self) -> None:
        self.nu = Wachtrijfeiten(nu())

    async def feiten(self, _sinds: datetime) -> Wachtrijfeiten:
        return self.nu


class _Gastheer:
    """The part of PluginHost the monitor uses, around one in-memory source."""

    def __init__(self, bron: _Bron) -> None:
        self._bronnen = [SimpleNamespace(naam="bench", object=bron)]

    def bronnen(self, _cap: object) -> list[Any]:
        return self._bronnen

    async def roep_een(self, bron: Any, _cap: object, aanroep: Callable[[Any], Any]
                       ) -> BronAntwoord[Any]:
        return BronAntwoord(bron.naam, Uitkomst.OK, await aanroep(bron.object))


def beelden(dag: Dag, aantal: int, verander: Callable[[], None]) -> list[Wachtrijbeeld]:
    """``aantal`` pictures in a row as the monitor makes them, after ``verander`` each."""
    bron = _Bron()
    klok = [0.0]
    monitor = Wachtrijmonitor(_Gastheer(bron), Normen(), wachtrijen=RIJEN,  # type: ignore[arg-type]
                              klok=lambda: klok[0])
    lus = asyncio.new_event_loop()
    uit = []
    try:
        for _ in range(aantal):
            verander()
            bron.nu = dag.feiten()
            lus.run_until_complete(monitor.lees())
            uit.append(monitor.beeld())
            dag.moment += S / 5
            klok[0] += 0.2
    finally:
        lus.close()
    return uit


def paneel_meting() -> dict[str, Any]:
    from werkplek.ui.qt import Qt, QtCore, QtWidgets  # noqa: PLC0415 - Qt only here
    from werkplek.ui.wachtrijpaneel import Wachtrijpaneel  # noqa: PLC0415

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])

    class Kaal(QtCore.QAbstractTableModel):
        """The floor: 500 × 5 strings, nothing else."""

        def __init__(self, rijen: list[list[str]]) -> None:
            super().__init__()
            self.rijen = rijen

        def rowCount(self, _p: Any = None) -> int:  # noqa: N802 - Qt's name
            return len(self.rijen)

        def columnCount(self, _p: Any = None) -> int:  # noqa: N802
            return 5

        def data(self, i: QtCore.QModelIndex, rol: int = Qt.ItemDataRole.DisplayRole) -> Any:
            return self.rijen[i.row()][i.column()] if rol == Qt.ItemDataRole.DisplayRole \
                else None

    dag = Dag()
    r = random.Random(7)
    eerste = beelden(dag, 1, lambda: None)[0]
    een = beelden(dag, RONDES_RIJ + 1, dag.verander_agent)
    alles = beelden(dag, RONDES_VOL + 1, dag.verander_alles)

    paneel = Wachtrijpaneel()
    paneel.resize(1600, 1000)
    paneel.show()
    paneel.toon(eerste)
    kaal_model = Kaal([[f"Medewerker {i:04d}", "Beschikbaar", "10:00", "12:34", ""]
                       for i in range(AGENTEN)])
    kaal = QtWidgets.QTableView()
    kaal.setModel(kaal_model)
    kaal.resize(paneel.agenttabel.size())
    kaal.show()
    for _ in range(5):
        app.processEvents()

    def getekend(stap: Callable[[], None]) -> float:
        begin = time.perf_counter()
        stap()
        app.processEvents()  # until painted: the dirty regions of every view
        return (time.perf_counter() - begin) * 1000

    def kaal_rij() -> float:
        def stap() -> None:
            n = r.randrange(AGENTEN)
            kaal_model.rijen[n][1:4] = [r.choice(("Pauze", "In gesprek")), "10:31", "00:00"]
            kaal_model.dataChanged.emit(kaal_model.index(n, 1), kaal_model.index(n, 3))
        return getekend(stap)

    volgende = iter(een[1:])
    vol = iter(alles[1:])

    def kaal_vol() -> float:
        def stap() -> None:
            kaal_model.beginResetModel()
            kaal_model.rijen = [[f"Medewerker {i:04d}", r.choice(("Pauze", "In gesprek")),
                                 "10:31", "00:00", ""] for i in range(AGENTEN)]
            kaal_model.endResetModel()
        return getekend(stap)

    paneel.toon(een[0])
    app.processEvents()
    vloer_rij, werkplek_rij = om_en_om(kaal_rij, lambda: getekend(
        lambda: paneel.toon(next(volgende))), RONDES_RIJ)
    paneel.toon(alles[0])
    app.processEvents()
    vloer_vol, werkplek_vol = om_en_om(kaal_vol, lambda: getekend(
        lambda: paneel.toon(next(vol))), RONDES_VOL)
    paneel.close()
    kaal.close()
    return {"een_agent_ms": samenvatting(werkplek_rij), "kale_tabel_een_rij_ms":
            samenvatting(vloer_rij), "volledig_ms": samenvatting(werkplek_vol),
            "kale_tabel_volledig_ms": samenvatting(vloer_vol),
            "rondes": {"een_agent": RONDES_RIJ, "volledig": RONDES_VOL}}


# -- 2: end to end on PostgreSQL ---------------------------------------------------------------

SUPERVISOR_PROFIEL = """
[profiel]
naam = "bench"

[medewerker]
rol = "supervisor"
naam = "Sofie Bakker"

[offline]
voorbereiden_bij_start = false

[wachtrij]
wachtrijen = {rijen}

[plugins.team]
plugin = "werkplek_embedded"
url = "{url}"

[capabilities]
wachtrij = ["team"]
"""


def supervisor_proces(url: str, uit: Path, map_: Path) -> int:
    """The supervisor's werkplek: the real host, monitor and panel on a qasync loop; writes
    a line per agent name the painted agent table newly holds, with the time."""
    from werkplek.services.plugins import PluginHost  # noqa: PLC0415
    from werkplek.services.profiel import lees_profiel  # noqa: PLC0415
    from werkplek.ui.qt import QEventLoop, QtWidgets  # noqa: PLC0415
    from werkplek.ui.wachtrijpaneel import Wachtrijpaneel  # noqa: PLC0415

    app = QtWidgets.QApplication([])
    pad = map_ / "sofie.toml"
    pad.write_text(SUPERVISOR_PROFIEL.format(url=url, rijen=json.dumps(list(RIJEN))),
                   encoding="utf-8")
    profiel = lees_profiel(pad, os_gebruiker="sofie")
    host = PluginHost.start(profiel, profiel.medewerker, map_)
    monitor = Wachtrijmonitor(host, profiel.normen, wachtrijen=profiel.wachtrijen)
    paneel = Wachtrijpaneel()
    paneel.resize(1600, 1000)
    paneel.show()
    gezien: dict[str, str] = {}
    bestand = uit.open("a", encoding="utf-8")

    def bij_beeld(beeld: Wachtrijbeeld) -> None:
        paneel.toon(beeld)
        paneel.agenttabel.viewport().repaint()  # painted now, not at the next turn
        t = time.time()
        for a in beeld.agenten:
            if gezien.get(a.medewerker) != a.naam:
                gezien[a.medewerker] = a.naam
                bestand.write(json.dumps({"naam": a.naam, "t": t}) + "\n")
        bestand.flush()

    lus = QEventLoop(app)
    asyncio.set_event_loop(lus)
    signal.signal(signal.SIGTERM, lambda *_: lus.stop())
    with contextlib.suppress(RuntimeError):  # stopped by SIGTERM
        lus.run_until_complete(monitor.volg(bij_beeld))
    return 0


class _GeenGeheimen:
    def geheim(self, _naam: str) -> str | None:
        return None


def _plugin(url: str, map_: Path) -> Any:
    from werkplek_embedded import create_plugin  # noqa: PLC0415

    from werkplek.domain.model import Medewerker, Rol  # noqa: PLC0415
    from werkplek.ports import PluginContext  # noqa: PLC0415
    return create_plugin({"url": url}, PluginContext(
        "team", "bench", map_, Medewerker("bench", "Bench", Rol.TELEFOON), _GeenGeheimen()))


def _agentstatus(i: int, volg: int, status: Agentstatus) -> Wachtrijgebeurtenis:
    t = nu()
    return Wachtrijgebeurtenis(str(uuid.uuid4()), Gebeurtenissoort.AGENTSTATUS, t,
                               medewerker=f"mw{i:04d}", naam=f"Medewerker {i:04d} #{volg}",
                               status=status, verzonden=t)


async def _vul(plugins: Sequence[Any]) -> None:
    """The day so far: every agent's state, and calls offered and answered in 20 queues."""
    await plugins[0].health()  # the schema
    r = random.Random(3)
    t = nu()
    werk = [_agentstatus(i, 0, r.choice(list(Agentstatus))) for i in range(AGENTEN)]
    for rij in RIJEN:
        for k in range(GESPREKKEN_PER_RIJ):
            gesprek = f"{rij}-{k}"
            toen = t - timedelta(seconds=r.randint(60, 7200))
            werk.append(Wachtrijgebeurtenis(str(uuid.uuid4()),
                                            Gebeurtenissoort.GESPREK_AANGEBODEN, toen,
                                            gesprek=gesprek, wachtrij=rij, verzonden=t))
            werk.append(Wachtrijgebeurtenis(
                str(uuid.uuid4()), Gebeurtenissoort.GESPREK_AANGENOMEN,
                toen + timedelta(seconds=r.randint(2, 40)), gesprek=gesprek,
                medewerker=f"mw{r.randrange(AGENTEN):04d}", verzonden=t))

    async def stuur(p: Any, deel: Sequence[Wachtrijgebeurtenis]) -> None:
        for g in deel:
            await p.meld(g)

    await asyncio.gather(*(stuur(p, werk[i::len(plugins)]) for i, p in enumerate(plugins)))


async def _verander(plugins: Sequence[Any]) -> dict[str, float]:
    """500 agents change state at random, E2E_PER_SECONDE a second over all of them; the
    time before each write, by the name the change gives the agent."""
    r = random.Random(5)
    verzonden: dict[str, float] = {}
    volg = [0] * AGENTEN
    taken: set[asyncio.Task[None]] = set()
    wachtrij: list[asyncio.Queue[Wachtrijgebeurtenis]] = [asyncio.Queue() for _ in plugins]

    async def werker(p: Any, rij: asyncio.Queue[Wachtrijgebeurtenis]) -> None:
        while True:
            g = await rij.get()
            verzonden[g.naam] = time.time()
            await p.meld(g)

    for p, rij in zip(plugins, wachtrij, strict=True):
        taken.add(asyncio.create_task(werker(p, rij)))
    einde = time.monotonic() + E2E_SECONDEN
    try:
        while time.monotonic() < einde:
            await asyncio.sleep(r.expovariate(E2E_PER_SECONDE))
            i = r.randrange(AGENTEN)
            volg[i] += 1
            wachtrij[i % len(plugins)].put_nowait(
                _agentstatus(i, volg[i], r.choice(list(Agentstatus))))
        await asyncio.sleep(3.0)  # the last ones arrive
    finally:
        for taak in taken:
            taak.cancel()
        await asyncio.gather(*taken, return_exceptions=True)
    return verzonden


def _notify_vloer(pg: Any, database: str, n: int = 200) -> list[float]:
    """A bare NOTIFY in one connection's transaction, heard by another connection (ms)."""
    import psycopg  # noqa: PLC0415

    kwargs = {"host": "127.0.0.1", "port": pg.poort, "user": "postgres", "dbname": database}
    uit = []
    with psycopg.connect(autocommit=True, **kwargs) as luister, \
            psycopg.connect(**kwargs) as schrijf:
        luister.execute("LISTEN bench_vloer")
        for i in range(n):
            begin = time.perf_counter()
            with schrijf.transaction():
                schrijf.execute("SELECT pg_notify('bench_vloer', %s)", (str(i),))
            next(luister.notifies(timeout=10, stop_after=1))
            uit.append((time.perf_counter() - begin) * 1000)
    return uit


def eind_tot_eind() -> dict[str, Any]:
    from tests.postgres import PostgresServer, pg_bin  # noqa: PLC0415

    if pg_bin() is None:
        return {"overgeslagen": "Geen PostgreSQL gevonden onder /usr/lib/postgresql/*/bin: "
                                "installeer het Debian-pakket postgresql om dit te meten."}
    with PostgresServer() as pg, tempfile.TemporaryDirectory(prefix="werkplek-bench-") as tmp:
        map_ = Path(tmp)
        pg.maak_database("bench")
        # The user in the query, not as the URL's user: no keyring look-up for a password.
        url = f"postgresql+psycopg://127.0.0.1:{pg.poort}/bench?user=postgres"
        vloer = _notify_vloer(pg, "bench")

        async def vul() -> None:
            plugins = [_plugin(url, map_ / f"vul{i}") for i in range(4)]
            try:
                await _vul(plugins)
            finally:
                for p in plugins:
                    await p.aclose()

        for i in range(8):
            (map_ / f"vul{i}").mkdir()
            (map_ / f"agent{i}").mkdir()
        asyncio.run(vul())

        uit = map_ / "getekend.jsonl"
        uit.touch()
        (map_ / "sofie").mkdir()
        proces = subprocess.Popen(
            [sys.executable, __file__, "--supervisor", url, str(uit), str(map_ / "sofie")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            env=os.environ | {"QT_QPA_PLATFORM": "offscreen"})
        try:
            for _ in range(1200):  # the first picture with every agent: at most 2 minutes
                if sum(1 for _ in uit.open(encoding="utf-8")) >= AGENTEN or \
                        proces.poll() is not None:
                    break
                time.sleep(0.1)
            if proces.poll() is not None:
                raise RuntimeError("supervisor gestopt: " + (proces.stderr.read().decode()
                                                             if proces.stderr else ""))
            time.sleep(1.0)  # LISTEN is issued

            async def verander() -> dict[str, float]:
                plugins = [_plugin(url, map_ / f"agent{i}") for i in range(8)]
                try:
                    for p in plugins:
                        await p.health()
                    return await _verander(plugins)
                finally:
                    for p in plugins:
                        await p.aclose()

            verzonden = asyncio.run(verander())
        finally:
            proces.send_signal(signal.SIGTERM)
            try:
                proces.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proces.kill()
                proces.wait()
        getekend = {r["naam"]: r["t"] for r in map(json.loads,
                                                   uit.read_text(encoding="utf-8").splitlines())}
        vertraging = [(getekend[n] - t) * 1000 for n, t in verzonden.items() if n in getekend]
        if not vertraging:
            raise RuntimeError("geen enkele wijziging getekend")
        return {
            "wijzigingen": len(verzonden), "getekend": len(vertraging),
            "per_seconde": E2E_PER_SECONDE, "seconden": E2E_SECONDEN,
            "gesprekken_vandaag": GESPREKKEN_PER_RIJ * len(RIJEN),
            "vertraging_ms": samenvatting(vertraging) | {"p95": p95(vertraging)},
            "vloer_notify_ms": samenvatting(vloer) | {"p95": p95(vloer)},
        }


# -- the whole ------------------------------------------------------------------------------


def _rij(wat: str, werkplek: float, vloer: float | None, doel: float, vloer_wat: str = ""
         ) -> dict[str, Any]:
    return {"wat": wat, "werkplek": f"{werkplek:.2f} ms",
            "vloer": "—" if vloer is None else f"{vloer:.2f} ms{vloer_wat}",
            "verhouding": "—" if not vloer else f"{werkplek / vloer:.1f}×",
            "doel": f"≤ {doel:g} ms", "gehaald": werkplek <= doel}


def main() -> dict[str, Any]:
    uitslag: dict[str, Any] = {"machine": machine(), "agenten": AGENTEN,
                               "wachtrijen": len(RIJEN)}
    uitslag["paneel"] = p = paneel_meting()
    rijen = [
        _rij("supervisor, 500 agenten / 20 wachtrijen: één agent wijzigt (bijwerken en "
             "tekenen)", p["een_agent_ms"]["mediaan"], p["kale_tabel_een_rij_ms"]["mediaan"],
             2, " (kale tabel, één rij)"),
        _rij("supervisor: volledig nieuw beeld (bijwerken en tekenen)",
             p["volledig_ms"]["mediaan"], p["kale_tabel_volledig_ms"]["mediaan"], 16,
             " (kale tabel, alles nieuw)"),
    ]
    try:
        e = eind_tot_eind()
    except Exception as fout:
        e = {"fout": f"{type(fout).__name__}: {fout}"}
    uitslag["eind_tot_eind"] = e
    if "vertraging_ms" in e:
        rijen.append(_rij("statuswijziging van een agent tot getekend bij de supervisor, p95 "
                          f"({AGENTEN} agenten op PostgreSQL)", e["vertraging_ms"]["p95"],
                          e["vloer_notify_ms"]["p95"], 100, " (kale NOTIFY, p95)"))
    else:
        rijen.append({"wat": "statuswijziging tot getekend bij de supervisor, p95",
                      "werkplek": e.get("overgeslagen") or e.get("fout", "mislukt"),
                      "vloer": "—", "verhouding": "—", "doel": "≤ 100 ms", "gehaald": False})
    uitslag["rijen"] = rijen
    return uitslag


if __name__ == "__main__":
    if sys.argv[1:2] == ["--supervisor"]:
        sys.exit(supervisor_proces(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])))
    print(json.dumps(main(), indent=2, ensure_ascii=False))
