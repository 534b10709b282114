"""A real Radicale CalDAV server for tests: started as a subprocess on 127.0.0.1, own temp dir.

Radicale keeps one collection per directory: ``<folder>/collection-root/<user>/<calendar>/``
holds one ``<name>.ics`` per item beside the collection's ``.Radicale.props``, and a
``.Radicale.cache`` it rebuilds by itself when an item file is new or changed (the cache is
keyed on the file's content hash). So tests may write items straight into the folder.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType

import httpx

KLAAR_BINNEN = 15.0
"""Seconds Radicale gets to accept connections before the test fails."""

MKCALENDAR_BODY = """<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set><D:prop>
    <D:displayname>{naam}</D:displayname>
    <C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>
  </D:prop></D:set>
</C:mkcalendar>
"""


def vrije_poort() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Radicale:
    """One Radicale server with htpasswd users and owner-only rights, in its own temp dir.

    Use as a context manager; ``stop()`` and ``start()`` may be called in between (the port
    and the stored calendars stay). On exit the process is stopped and the temp dir removed.
    """

    def __init__(self, gebruikers: Mapping[str, str] | None = None) -> None:
        self.gebruikers = dict(gebruikers or {"kcc": "geheim"})
        self.map = Path(tempfile.mkdtemp(prefix="werkplek-radicale-"))
        self.opslag = self.map / "opslag"
        self.poort = vrije_poort()
        self.url = f"http://127.0.0.1:{self.poort}"
        self._config = self.map / "config"
        self._stderr = self.map / "stderr.log"
        self._proces: subprocess.Popen[bytes] | None = None
        self._schrijf_config()

    def _schrijf_config(self) -> None:
        htpasswd = self.map / "htpasswd"
        htpasswd.write_text("".join(f"{g}:{w}\n" for g, w in self.gebruikers.items()),
                            encoding="utf-8")
        self._config.write_text(
            "[server]\n"
            f"hosts = 127.0.0.1:{self.poort}\n"
            "delay_on_error = 0\n"
            "[auth]\n"
            "type = htpasswd\n"
            f"htpasswd_filename = {htpasswd}\n"
            "htpasswd_encryption = plain\n"
            "delay = 0\n"
            "[rights]\n"
            "type = owner_only\n"
            "[storage]\n"
            f"filesystem_folder = {self.opslag}\n"
            "[web]\n"
            "type = none\n"
            "[logging]\n"
            "level = warning\n",
            encoding="utf-8",
        )

    # -- process -------------------------------------------------------------------------

    def start(self) -> None:
        if self._proces is not None:
            return
        with self._stderr.open("ab") as err:
            self._proces = subprocess.Popen(
                [sys.executable, "-m", "radicale", "--config", str(self._config)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                cwd=self.map,
            )
        eind = time.monotonic() + KLAAR_BINNEN
        while time.monotonic() < eind:
            if self._proces.poll() is not None:
                self._proces = None
                raise RuntimeError(f"Radicale stopte bij het starten:\n{self.stderr()}")
            with contextlib.suppress(OSError), socket.create_connection(
                    ("127.0.0.1", self.poort), timeout=0.2):
                return
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"Radicale luisterde niet binnen {KLAAR_BINNEN:g} s:\n{self.stderr()}")

    def stop(self) -> None:
        proces, self._proces = self._proces, None
        if proces is None:
            return
        proces.terminate()
        try:
            proces.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait(timeout=10)

    def stderr(self) -> str:
        try:
            return self._stderr.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def __enter__(self) -> Radicale:
        try:
            self.start()
        except BaseException:
            shutil.rmtree(self.map, ignore_errors=True)
            raise
        return self

    def __exit__(self, soort: type[BaseException] | None, fout: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
        shutil.rmtree(self.map, ignore_errors=True)

    # -- storage -------------------------------------------------------------------------

    def kalendermap(self, pad: str) -> Path:
        """The folder of the collection at ``pad`` (e.g. ``/kcc/mdewit/``) in the storage."""
        delen = [d for d in pad.split("/") if d]
        if not delen or any(d in (".", "..") for d in delen):
            raise ValueError(f"ongeldig pad {pad!r}")
        return self.opslag.joinpath("collection-root", *delen)

    def schrijf_items(self, pad: str, items: Iterable[tuple[str, str]]) -> int:
        """Write items (file name, iCalendar text) straight into an existing collection.

        Radicale notices them on the next request (new files miss its cache and are parsed
        then). Returns how many were written.
        """
        map_ = self.kalendermap(pad)
        if not (map_ / ".Radicale.props").is_file():
            raise FileNotFoundError(f"geen Radicale-agenda op {pad}; maak hem eerst aan")
        aantal = 0
        for naam, tekst in items:
            if "/" in naam or naam.startswith("."):
                raise ValueError(f"ongeldige naam {naam!r}")
            (map_ / naam).write_text(tekst, encoding="utf-8", newline="")
            aantal += 1
        return aantal


async def maak_agenda(url: str, pad: str, gebruiker: str, wachtwoord: str,
                      naam: str = "") -> None:
    """Create a calendar collection with MKCALENDAR (the principal is made on first login)."""
    body = MKCALENDAR_BODY.format(naam=naam or pad.strip("/"))
    async with httpx.AsyncClient(base_url=url, auth=(gebruiker, wachtwoord),
                                 timeout=10) as client:
        antwoord = await client.request(
            "MKCALENDAR", pad, content=body.encode("utf-8"),
            headers={"Content-Type": "application/xml; charset=utf-8"})
        if antwoord.status_code != 201:
            raise RuntimeError(f"MKCALENDAR {pad} gaf HTTP {antwoord.status_code}: "
                               f"{antwoord.text[:500]}")
