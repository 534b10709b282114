"""Start-up benchmark: werkplek with Bert's dossier open, against a bare QMainWindow.

Each variant runs in a fresh process (offscreen), several times; the figures are the
median wall time to a painted window and the peak RSS, and their ratio to the floor that
the bare window sets in the same run. Prints JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RONDES = int(os.environ.get("BENCH_RONDES", "5"))

KAAL = r"""
import resource, sys, time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("werkplek")); w.resize(1600, 1000); w.show()
w.grab()
print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

WERKPLEK = r"""
import resource, sys, time
t0 = time.perf_counter()
from werkplek.cli import main
uit = sys.argv[1]
code = main(["--screenshot", uit, "--open", "999993653"])
assert code == 0, code
print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def meet(code: str, omgeving: dict[str, str], *args: str) -> tuple[float, int]:
    r = subprocess.run([sys.executable, "-c", code, *args], env=omgeving, capture_output=True,
                       text=True, timeout=120, check=True)
    tijd, rss = r.stdout.strip().splitlines()[-1].split()
    return float(tijd), int(rss)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        omgeving = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
                    "XDG_DATA_HOME": f"{tmp}/data", "XDG_CONFIG_HOME": f"{tmp}/config",
                    "XDG_STATE_HOME": f"{tmp}/state"}
        uit = str(Path(tmp) / "b.png")
        meet(WERKPLEK, omgeving, uit)  # first start creates and seeds the demo database
        kaal = [meet(KAAL, omgeving) for _ in range(RONDES)]
        wp = [meet(WERKPLEK, omgeving, uit) for _ in range(RONDES)]
    kaal_t = statistics.median(t for t, _ in kaal)
    kaal_m = statistics.median(m for _, m in kaal)
    wp_t = statistics.median(t for t, _ in wp)
    wp_m = statistics.median(m for _, m in wp)
    print(json.dumps({
        "rondes": RONDES,
        "vloer_kaal_venster_s": round(kaal_t, 3),
        "vloer_kaal_venster_rss_kib": kaal_m,
        "werkplek_dossier_geopend_s": round(wp_t, 3),
        "werkplek_rss_kib": wp_m,
        "verhouding_tijd": round(wp_t / kaal_t, 2),
        "verhouding_geheugen": round(wp_m / kaal_m, 2),
    }, indent=2))


if __name__ == "__main__":
    main()
