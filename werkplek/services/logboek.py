"""Logging for werkplek: to a rotating file in the user's log dir, never with a BSN in it."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs

from werkplek.domain.invoer import maskeer_bsns_in_tekst


class BsnMaskerendeFormatter(logging.Formatter):
    """Masks every elfproef-valid nine-digit number in the whole line, traceback included."""

    def format(self, record: logging.LogRecord) -> str:
        return maskeer_bsns_in_tekst(super().format(record))


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
        log_dir().mkdir(parents=True, exist_ok=True)
        handlers.append(logging.handlers.RotatingFileHandler(
            log_dir() / "werkplek.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"))
    root = logging.getLogger()
    root.setLevel(niveau)
    for h in handlers:
        h.setFormatter(opmaak)
        root.addHandler(h)
