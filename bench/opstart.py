"""Start-up: werkplek popping Bert's dossier, against a bare QMainWindow, in the same run.

Each round starts the bare window and werkplek in fresh processes, one after the other (the
floor first, then the figure, round after round). werkplek runs as an agent has it: the
encrypted store with its key in a real keyring, the demo profile, compiled bytecode, a store
that already exists. It starts with `werkplek pop --phone 06-12345678`, as the softphone
starts it when Bert calls, and reports its phases itself (werkplek/ui/fasen.py): the first
paint of the window, and the first paint of the dossier. Peak RSS is the process's VmHWM at
that moment. Run: `python bench/opstart.py`; prints JSON.
"""

from __future__ import annotations

import compileall
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from omgeving import MAP, gebruikersomgeving, machine, samenvatting

RONDES = int(os.environ.get("BENCH_RONDES", "7"))

KAAL = r"""
import json, os, sys, time
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication([])
w = QMainWindow()
w.setCentralWidget(QLabel("werkplek"))
w.resize(1600, 1000)

def hwm():
    for r in Path("/proc/self/status").read_text().splitlines():
        if r.startswith("VmHWM:"):
            return int(r.split()[1])

class Fasen(QObject):
    def eventFilter(self, bron, e):
        if e.type() == QEvent.Type.Paint and bron is w:
            regel = {"t": time.time(), "rss_kib": hwm()}
            with open(os.environ["WERKPLEK_FASEN"], "a") as f:
                for fase in ("venster", "dossier"):
                    f.write(json.dumps({"fase": fase, **regel}) + "\n")
            QTimer.singleShot(0, app.quit)
        return False

fasen = Fasen()
w.installEventFilter(fasen)
w.show()
app.exec()
"""


def draai(opdracht: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Start a process, wait for its two phases, stop it; seconds from the start to each."""
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl", delete=False) as f:
        pad = Path(f.name)
    try:
        begin = time.time()
        proces = subprocess.Popen(opdracht, env=env | {"WERKPLEK_FASEN": str(pad)},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
        fasen: dict[str, dict[str, float]] = {}
        for _ in range(6000):  # at most a minute
            if pad.stat().st_size:
                fasen = {r["fase"]: r for r in map(json.loads, pad.read_text().splitlines())}
            if "dossier" in fasen or proces.poll() is not None:
                break
            time.sleep(0.01)
        if "dossier" not in fasen:
            proces.kill()
            fout = proces.communicate(timeout=30)[1].decode(errors="replace")
            raise RuntimeError(f"{opdracht[-3:]} bereikte het dossier niet:\n{fout[-2000:]}")
        proces.send_signal(signal.SIGTERM)  # closes as the agent would
        try:
            proces.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proces.pid, signal.SIGKILL)
            proces.communicate()
        return {"venster_s": fasen["venster"]["t"] - begin,
                "dossier_s": fasen["dossier"]["t"] - begin,
                "rss_mib": fasen["dossier"]["rss_kib"] / 1024}
    finally:
        pad.unlink(missing_ok=True)


def main() -> dict[str, Any]:
    compileall.compile_dir(MAP / "werkplek", quiet=1)
    compileall.compile_dir(MAP / "plugins", quiet=1)
    kaal = [sys.executable, "-c", KAAL]
    werkplek = [sys.executable, "-m", "werkplek", "pop", "--phone", "06-12345678"]
    with gebruikersomgeving() as env:
        draai(werkplek, env)  # the first start makes the store and the demo database
        vloer: list[dict[str, Any]] = []
        figuur: list[dict[str, Any]] = []
        for _ in range(RONDES):
            vloer.append(draai(kaal, env))
            figuur.append(draai(werkplek, env))
    uit: dict[str, Any] = {"rondes": RONDES, "machine": machine()}
    for sleutel, naam in (("venster_s", "eerste venster"), ("dossier_s", "dossier getekend"),
                          ("rss_mib", "piek-RSS")):
        v = samenvatting([r[sleutel] for r in vloer])
        f = samenvatting([r[sleutel] for r in figuur])
        uit[sleutel] = {"naam": naam, "vloer": v, "werkplek": f,
                        "verhouding": f["mediaan"] / v["mediaan"]}
    uit["rijen"] = [
        rij("eerste venster getoond", uit["venster_s"], "s", 2.5),
        rij("dossier van Bert getekend (pop)", uit["dossier_s"], "s", 4.0),
        rij("piek-RSS bij het dossier", uit["rss_mib"], "MiB", 2.2),
    ]
    return uit


def rij(wat: str, meting: dict[str, Any], eenheid: str, doel: float) -> dict[str, Any]:
    """One row of docs/benchmarks.md: the figure beside its floor, and the target ratio."""
    return {"wat": wat, "werkplek": f"{meting['werkplek']['mediaan']:.3g} {eenheid}",
            "vloer": f"{meting['vloer']['mediaan']:.3g} {eenheid} (kaal venster)",
            "verhouding": f"{meting['verhouding']:.1f}×", "doel": f"≤ {doel}×",
            "gehaald": meting["verhouding"] <= doel}


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
