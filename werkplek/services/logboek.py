"""Logging for werkplek: to a rotating file in the user's log dir, never with a BSN in it."""

from __future__ import annotations

import io
import logging
import logging.handlers
from pathlib import Path

import platformdirs

from werkplek.domain.invoer import maskeer_bsns_in_tekst
from werkplek.store.bestanden import prive_bestand, prive_map, prive_opener


class BsnMaskerendeFormatter(logging.Formatter):
    """Masks every elfproef-valid nine-digit number in the whole line, traceback included."""

    def format(self, record: logging.LogRecord) -> str:
        return maskeer_bsns_in_tekst(super().format(record))


class PriveLogbestand(logging.handlers.RotatingFileHandler):
    """A rotating log only its owner may read: every new file 0600, the rotated ones too."""

    def _open(self) -> io.TextIOWrapper:
        f = open(self.baseFilename, self.mode, encoding=self.encoding,  # noqa: SIM115
                 errors=self.errors, opener=prive_opener)
        assert isinstance(f, io.TextIOWrapper)
        return f


def logbestand(map_: Path, max_bytes: int = 2_000_000, aantal: int = 3) -> PriveLogbestand:
    """The file handler of werkplek.log in ``map_`` (0700); older logs are narrowed to 0600."""
    prive_map(map_)
    if map_.parent.name.lower() == "werkplek":  # .../werkplek/log: werkplek's own folder too
        prive_map(map_.parent)
    for oud in map_.glob("werkplek.log*"):
        prive_bestand(oud)
    return PriveLogbestand(map_ / "werkplek.log", maxBytes=max_bytes, backupCount=aantal,
                           encoding="utf-8")


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir("werkplek", appauthor=False))


def richt_in(niveau: int = logging.INFO, naar_bestand: bool = True) -> None:
    """Configure the root logger once, at start-up of the application."""
    opmaak = BsnMaskerendeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = []
    stderr = logging.StreamHandler()
    stderr.setLevel(logging.WARNING)
    handlers.append(stderr)
    if naar_bestand:
        handlers.append(logbestand(log_dir()))
    root = logging.getLogger()
    root.setLevel(niveau)
    for h in handlers:
        h.setFormatter(opmaak)
        root.addHandler(h)
