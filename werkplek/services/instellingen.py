"""Per-user settings of the window (dock layout and geometry), kept in a small file.

The layout holds no personal data, and the window needs it before it is first shown: it is
read from a file of its own, not from the encrypted store, which is opened after the window
appears. Layouts saved in the store by earlier versions are taken over once (``neem_over``).
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)


def indelingpad(data_dir: Path, profiel: str, gebruiker: str) -> Path:
    """One file per profile and agent; a Windows account name (DOMEIN\\naam) made safe."""
    veilig = re.sub(r"[^\w.-]", "_", f"{profiel}-{gebruiker}")
    return data_dir / f"venster-{veilig}.indeling"


def oude_sleutel(profiel: str, gebruiker: str) -> str:
    """Where versions before this one kept the layout in the store's settings."""
    return f"venster.indeling/{profiel}/{gebruiker}"


class IndelingService:
    """Saves and restores the dock layout per agent and profile."""

    def __init__(self, pad: Path) -> None:
        self.pad = pad

    def lees(self) -> str | None:
        try:
            return self.pad.read_text(encoding="ascii").strip() or None
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as e:
            log.warning("Vensterindeling onleesbaar (%s); standaard gebruikt", type(e).__name__)
            return None

    def bewaar(self, waarde: str) -> None:
        """Whole or not at all: a crash mid-write leaves the previous layout."""
        try:
            self.pad.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="ascii", dir=self.pad.parent,
                                             prefix=".indeling-", delete=False) as f:
                f.write(waarde)
            Path(f.name).replace(self.pad)
        except OSError as e:
            log.warning("Vensterindeling niet bewaard (%s)", type(e).__name__)

    def wis(self) -> None:
        self.pad.unlink(missing_ok=True)

    def neem_over(self, oud: Callable[[], str | None]) -> bool:
        """The layout an earlier version kept elsewhere, when this file has none yet."""
        if self.pad.exists():
            return False
        waarde = oud()
        if not waarde:
            return False
        self.bewaar(waarde)
        return True
