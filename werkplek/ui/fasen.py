"""Start-up phases for the benchmark: when the window first painted, and when the first
dossier did. Only with ``WERKPLEK_FASEN`` set (a file to append JSON lines to)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from werkplek.ui.qt import QtCore

if TYPE_CHECKING:
    from werkplek.ui.hoofdvenster import Hoofdvenster

OMGEVING = "WERKPLEK_FASEN"


class Fasen(QtCore.QObject):
    """Writes ``{"fase": ..., "t": wall clock, "rss_kib": peak so far}`` once per phase."""

    def __init__(self, pad: Path, venster: Hoofdvenster) -> None:
        super().__init__(venster)
        self.pad = pad
        self.venster = venster
        self.gezien: set[str] = set()
        venster.installEventFilter(self)
        venster.klantbeeld.naam.installEventFilter(self)

    def eventFilter(self, bron: QtCore.QObject, gebeurtenis: QtCore.QEvent) -> bool:
        if gebeurtenis.type() == QtCore.QEvent.Type.Paint:
            if bron is self.venster:
                self._fase("venster")
            elif self.venster.klantbeeld.klant is not None:
                self._fase("dossier")
        return False

    def _fase(self, naam: str) -> None:
        if naam in self.gezien:
            return
        self.gezien.add(naam)
        regel = {"fase": naam, "t": time.time(), "rss_kib": piek_rss_kib()}
        with self.pad.open("a", encoding="utf-8") as f:
            f.write(json.dumps(regel) + "\n")


def volg_fasen(venster: Hoofdvenster) -> Fasen | None:
    pad = os.environ.get(OMGEVING)
    return Fasen(Path(pad), venster) if pad else None


def piek_rss_kib() -> int:
    """The process's peak resident memory (VmHWM) in KiB; 0 where /proc is absent."""
    try:
        for regel in Path("/proc/self/status").read_text().splitlines():
            if regel.startswith("VmHWM:"):
                return int(regel.split()[1])
    except OSError:
        pass
    return 0
