"""Files only their owner may read: the store, its WAL, the log; their folders likewise.

On POSIX files are made 0600 and folders 0700; elsewhere (Windows) the user's profile
folder already keeps other users out, and these calls do nothing.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)
POSIX = os.name == "posix"
BESTAND = 0o600
MAP = 0o700


def prive_map(pad: Path) -> Path:
    """Make ``pad`` (and missing parents) 0700; an existing ``pad`` is narrowed to 0700."""
    ontbrekend = [p for p in (pad, *pad.parents) if not p.exists()]
    for p in reversed(ontbrekend):
        p.mkdir(mode=MAP, exist_ok=True)  # the umask can only take bits away
    if POSIX and pad.is_dir() and (pad.stat().st_mode & 0o777) != MAP:
        _inperken(pad, MAP)
    return pad


def prive_bestand(pad: Path) -> None:
    """Narrow an existing file to 0600 (one made by an older version, or moved aside)."""
    if POSIX and pad.is_file() and (pad.stat().st_mode & 0o777) != BESTAND:
        _inperken(pad, BESTAND)


def _inperken(pad: Path, modus: int) -> None:
    """chmod; a file or folder of another owner (set up by a beheerder) is logged, not fatal."""
    try:
        pad.chmod(modus)
    except OSError as e:
        log.warning("Kan de rechten van %s niet beperken tot %o: %s", pad, modus, e.strerror)


def maak_prive_bestand(pad: Path) -> None:
    """Create ``pad`` empty as 0600 when it is not there, else narrow it to 0600.

    SQLite gives its -wal and -shm files the mode of the database file, so a store made
    this way keeps those private too.
    """
    if not pad.exists():
        os.close(os.open(pad, os.O_WRONLY | os.O_CREAT, BESTAND))
    prive_bestand(pad)


def prive_opener(pad: str, vlaggen: int) -> int:
    """An ``opener`` for open(): a new file is made 0600, whatever the umask."""
    return os.open(pad, vlaggen, BESTAND)
