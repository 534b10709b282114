"""What every benchmark shares: the user's environment, interleaved rounds, and medians.

A figure is only meaningful beside its floor measured in the same run, on the same load:
the rounds alternate floor and figure (A B A B …) and both are summarised alike.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MAP = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(MAP / "installer"))

from dist_check import geheime_dienst, omgeving  # noqa: E402 - the installer's own check


def samenvatting(waarden: list[float]) -> dict[str, float]:
    """Median with min and max, in the unit the values have."""
    return {"mediaan": statistics.median(waarden), "min": min(waarden), "max": max(waarden),
            "n": len(waarden)}


def p95(waarden: list[float]) -> float:
    geordend = sorted(waarden)
    return geordend[min(len(geordend) - 1, round(0.95 * (len(geordend) - 1)))]


def om_en_om(vloer: Callable[[], float], figuur: Callable[[], float], rondes: int
             ) -> tuple[list[float], list[float]]:
    """Floor and figure alternately, so a change in the machine's load hits both."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(rondes):
        a.append(vloer())
        b.append(figuur())
    return a, b


def machine() -> dict[str, Any]:
    return {"machine": platform.node(), "systeem": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(), "python": platform.python_version(),
            "belasting": list(os.getloadavg()), "tijd": time.strftime("%Y-%m-%d %H:%M %Z")}


@contextmanager
def gebruikersomgeving() -> Iterator[dict[str, str]]:
    """A fresh data folder and a real keyring (gnome-keyring on a D-Bus session of its own):
    werkplek then keeps its store encrypted with SQLCipher, as on an agent's desktop."""
    with tempfile.TemporaryDirectory(prefix="werkplek-bench-") as tmp, \
            geheime_dienst(Path(tmp)) as bus:
        for map_ in ("home", "runtime"):
            (Path(tmp) / map_).mkdir(mode=0o700, exist_ok=True)
        yield omgeving(Path(tmp)) | bus
