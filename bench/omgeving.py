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
from collections.abc import Callable, Iterator, Mapping
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


@contextmanager
def sleutelbos_in_proces(env: Mapping[str, str]) -> Iterator[Any]:
    """This process in the environment ``gebruikersomgeving()`` yields, for a benchmark that
    runs werkplek in-process: its variables set (the D-Bus session of its gnome-keyring
    among them) and keyring's Secret Service backend on that bus, as werkplek finds it on an
    agent's desktop. Yields the backend; the environment and the keyring are put back."""
    import keyring  # noqa: PLC0415
    from keyring.backends import SecretService  # noqa: PLC0415

    vorige = keyring.get_keyring()
    oud = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        # Chosen explicitly: keyring caches which backends were viable at its first use,
        # before this bus existed. Raises when no Secret Service answers on the bus.
        if SecretService.Keyring.priority <= 0:
            raise RuntimeError("de Secret Service van de gnome-keyring is niet bruikbaar")
        kr = SecretService.Keyring()  # type: ignore[no-untyped-call]
        keyring.set_keyring(kr)
        yield kr
    finally:
        keyring.set_keyring(vorige)
        os.environ.clear()
        os.environ.update(oud)


def eis_sleutel_uit_gnome_keyring(pad: Path, profiel: str) -> None:
    """Raise unless the store at ``pad`` is SQLCipher (no plain SQLite header) and opens with
    the key that gnome-keyring holds for ``profiel``, read over D-Bus without keyring, and
    the test switch is off. The key itself is never shown."""
    import secretstorage  # noqa: PLC0415

    from werkplek.services import sleutelbos  # noqa: PLC0415
    from werkplek.services.opslag import SLEUTELNAAM, dienst  # noqa: PLC0415
    from werkplek.store.database import verbind_ruw  # noqa: PLC0415

    if os.environ.get(sleutelbos.TESTSCHAKELAAR) or sleutelbos.is_testsleutelbos():
        raise RuntimeError("de testsleutelbos is in gebruik, niet de gnome-keyring")
    if sleutelbos.soortnaam(sleutelbos.bruikbare_sleutelbos()) != "Secret Service":
        raise RuntimeError("werkplek gebruikt een andere sleutelbos dan de Secret Service")
    with pad.open("rb") as f:
        if f.read(16) == b"SQLite format 3\x00":
            raise RuntimeError(f"{pad.name} is niet versleuteld")
    verbinding = secretstorage.dbus_init()
    try:
        items = list(secretstorage.get_default_collection(verbinding).search_items(
            {"service": dienst(profiel), "username": SLEUTELNAAM}))
        if len(items) != 1:
            raise RuntimeError(f"de gnome-keyring houdt {len(items)} sleutels voor "
                               f"{dienst(profiel)}, niet één")
        sleutel = items[0].get_secret().decode()
    finally:
        verbinding.close()
    conn = verbind_ruw(pad, sleutel)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as e:
        raise RuntimeError(f"{pad.name} opent niet met de sleutel uit de gnome-keyring "
                           f"({type(e).__name__})") from None
    finally:
        conn.close()
