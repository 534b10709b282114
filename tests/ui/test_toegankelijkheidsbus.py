"""The real window as a Linux screen reader meets it: over the AT-SPI accessibility bus.

Offscreen tests read Qt's own accessibleName, which Orca does not use for a combo box (Qt on
Linux gives a combo's current text as its name; a screen reader names it by the label of its
labelled-by relation). So this test starts the real ``werkplek`` window on a virtual X server
(xcb), with a private D-Bus session and at-spi2-core's accessibility bus, and reads the tree
with jeepney, call by call, as Orca does.

Panels that share a dock area are tabs. Qt calls a dock in a hidden tab "showing" and moves it
off the screen, where Orca's flat review (which reads what is on screen) does not find it; what
a screen reader user meets is the panel's tab ("Vandaag", "Checklist", "Agenda") in the tab
list, which he chooses. The test does the same: for a panel that is not on the screen it
activates the panel's tab through AT-SPI (the tab's action, as a screen reader does), then
requires the panel on the screen and each control in it showing, not merely present.

Needs Xvfb (xvfb), dbus-daemon (dbus-daemon) and at-spi2-core; ``.ci/run`` installs them.
Without them the test fails, it does not skip.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from jeepney import DBusAddress, MessageType, Properties, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from werkplek_embedded.demo import AFSPRAKEN_VANDAAG

from tests.sleutelbos import omgeving_met_sleutelbos
from werkplek.domain.agenda import Afspraakstatus

WERKPLEK = Path(sys.executable).parent / "werkplek"
LANCEERDER = "/usr/libexec/at-spi-bus-launcher"
NODIG = {"Xvfb": "xvfb", "dbus-daemon": "dbus-daemon", LANCEERDER: "at-spi2-core"}

# AT-SPI's numbers (at-spi2-core, atspi-constants.h).
ROLE_COMBO_BOX = 11
RELATION_LABELLED_BY = 2
STATE_FOCUSABLE = 11
STATE_SHOWING = 25
COORD_TYPE_SCREEN = 0
SCHERM = (1366, 768)
"""The virtual screen: the smallest that agents have."""
ACCESSIBLE = "org.a11y.atspi.Accessible"
REGISTER = ("org.a11y.atspi.Registry", "/org/a11y/atspi/accessible/root")
# Their cells are made one call per cell (lazily); the test does not need them.
NIET_IN = {"table", "tree table", "list", "tree", "combo box"}
POGINGEN = 150
"""Rounds of polling (a tenth of a second apart) before the test gives up."""

Ref = tuple[str, str]
T = TypeVar("T")


def eis_programmas() -> None:
    for programma, pakket in NODIG.items():
        if shutil.which(programma) is None and not Path(programma).is_file():
            pytest.fail(f"{programma} ontbreekt (Debian-pakket {pakket}); .ci/run installeert "
                        "xvfb, dbus-daemon en at-spi2-core", pytrace=False)


@contextmanager
def proces(args: list[str], env: dict[str, str] | None = None, **kw: Any
           ) -> Iterator[subprocess.Popen[str]]:
    """A process in its own process group; the whole group ends when the test is done."""
    p = subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, start_new_session=True,
                         text=True, **kw)
    try:
        yield p
    finally:
        # TERM to the process (werkplek closes as at the end of a session; the bus launcher
        # stops the bus it started), then KILL what is left of its group.
        p.terminate()
        with suppress(subprocess.TimeoutExpired):
            p.wait(timeout=15)
        with suppress(ProcessLookupError):
            os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        if p.stdout is not None:
            p.stdout.close()


def vraag(conn: DBusConnection, msg: Any) -> tuple[Any, ...]:
    antwoord = conn.send_and_get_reply(msg, timeout=30)
    if antwoord.header.message_type is MessageType.error:
        raise LookupError(f"{antwoord.header.fields}: {antwoord.body}")
    return tuple(antwoord.body)


@dataclass(frozen=True)
class Bureaublad:
    """The X server, the session bus and the accessibility bus a werkplek process gets."""

    env: dict[str, str]
    a11y_adres: str


@pytest.fixture
def bureaublad(tmp_path: Path) -> Iterator[Bureaublad]:
    eis_programmas()
    for n in ("config", "data", "state", "cache", "home", "runtime"):
        (tmp_path / n).mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS",
                        "AT_SPI_BUS_ADDRESS", "XDG_SESSION_TYPE")
           and not k.startswith("QT_")}
    env.update({f"XDG_{n.upper()}_HOME": str(tmp_path / n)
                for n in ("config", "data", "state", "cache")})
    env.update(HOME=str(tmp_path / "home"), XDG_RUNTIME_DIR=str(tmp_path / "runtime"))
    env = omgeving_met_sleutelbos(tmp_path / "sleutelbos.json", env)
    with ExitStack() as stapel:
        lezen, schrijven = os.pipe()
        stapel.enter_context(proces(
            ["Xvfb", "-displayfd", str(schrijven), "-screen", "0", "{}x{}x24".format(*SCHERM),
             "-nolisten", "tcp"], pass_fds=(schrijven,),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        os.close(schrijven)
        with os.fdopen(lezen) as f:
            scherm = f.readline().strip()
        assert scherm, "Xvfb start niet"
        env["DISPLAY"] = f":{scherm}"
        bus = stapel.enter_context(proces(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"], env,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL))
        assert bus.stdout is not None
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        assert env["DBUS_SESSION_BUS_ADDRESS"], "dbus-daemon start niet"
        stapel.enter_context(proces([LANCEERDER, "--launch-immediately"], env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        sessie = stapel.enter_context(open_dbus_connection(env["DBUS_SESSION_BUS_ADDRESS"]))
        # Asking org.a11y.Bus before the launcher owns it would start a second one.
        for _ in range(POGINGEN):
            if vraag(sessie, message_bus.NameHasOwner("org.a11y.Bus"))[0]:
                break
            time.sleep(0.1)
        else:
            pytest.fail("at-spi-bus-launcher biedt org.a11y.Bus niet aan")
        adres = vraag(sessie, new_method_call(
            DBusAddress("/org/a11y/bus", "org.a11y.Bus", "org.a11y.Bus"), "GetAddress"))[0]
        env.update(QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1")
        yield Bureaublad(env, adres)


@dataclass(frozen=True)
class Knoop:
    ref: Ref
    rol: int
    rolnaam: str
    naam: str
    labels: tuple[str, ...]
    """Names of the labels in its labelled-by relation."""
    staten: int
    vlak: tuple[int, int, int, int]
    """x, y, width, height on the screen."""
    binnen: tuple[str, ...]
    """Names of the panels it is in, outermost first."""

    @property
    def schermlezernaam(self) -> str:
        """What Orca says it is: the labelled-by label when there is one, else the name."""
        naam = self.labels[0] if self.labels else self.naam
        return naam.strip().rstrip(":").strip()

    def heeft(self, staat: int) -> bool:
        return bool(self.staten >> staat & 1)

    @property
    def op_scherm(self) -> bool:
        """Showing, and within the screen. Qt calls a dock in a hidden tab showing, and moves
        it off the screen: Orca's flat review, which reads what is on screen, skips it."""
        x, y, b, h = self.vlak
        return (self.heeft(STATE_SHOWING) and b > 0 and h > 0 and x >= 0
                and x + b <= SCHERM[0] and y >= 0 and y + h <= SCHERM[1])


class Toegankelijkheidsbus:
    """A screen reader's view of the bus: each object read call by call."""

    def __init__(self, adres: str) -> None:
        self.conn = open_dbus_connection(adres)

    def sluit(self) -> None:
        self.conn.close()

    def _roep(self, ref: Ref, methode: str, interface: str = ACCESSIBLE,
              signatuur: str | None = None, body: tuple[Any, ...] = ()) -> Any:
        return vraag(self.conn, new_method_call(
            DBusAddress(ref[1], ref[0], interface), methode, signatuur, body))[0]

    def kinderen(self, ref: Ref) -> list[Ref]:
        return [tuple(k) for k in self._roep(ref, "GetChildren")]  # type: ignore[misc]

    def naam(self, ref: Ref) -> str:
        return str(vraag(self.conn, Properties(
            DBusAddress(ref[1], ref[0], ACCESSIBLE)).get("Name"))[0][1])

    def knoop(self, ref: Ref, binnen: tuple[str, ...]) -> Knoop:
        relaties = self._roep(ref, "GetRelationSet")
        labels = tuple(self.naam(tuple(r)) for soort, doelen in relaties  # type: ignore[arg-type]
                       if soort == RELATION_LABELLED_BY for r in doelen)
        laag, hoog = self._roep(ref, "GetState")
        vlak = self._roep(ref, "GetExtents", "org.a11y.atspi.Component", "u",
                          (COORD_TYPE_SCREEN,))
        return Knoop(ref, self._roep(ref, "GetRole"), self._roep(ref, "GetRoleName"),
                     self.naam(ref), labels, laag | hoog << 32, tuple(vlak), binnen)

    def toepassing(self, naam: str) -> Ref | None:
        for ref in self.kinderen(REGISTER):
            try:
                if self.naam(ref) == naam:
                    return ref
            except LookupError:
                continue
        return None

    def boom(self, wortel: Ref) -> list[Knoop]:
        """Every object under ``wortel``, except the cells of item views."""
        uit: list[Knoop] = []

        def loop(ref: Ref, binnen: tuple[str, ...], diepte: int) -> None:
            try:
                k = self.knoop(ref, binnen)
                kinderen = [] if k.rolnaam in NIET_IN or diepte > 40 else self.kinderen(ref)
            except LookupError:  # gone while it was read: a panel being rebuilt
                return
            uit.append(k)
            onder = (*binnen, k.naam) if k.rolnaam == "panel" else binnen
            for kind in kinderen:
                loop(kind, onder, diepte + 1)

        loop(wortel, (), 0)
        return uit

    def kies_tab(self, tab: Knoop) -> None:
        """What a screen reader user does with a tab: activate it (the tab's first action)."""
        assert self._roep(tab.ref, "DoAction", "org.a11y.atspi.Action", "i", (0,)), tab


def vind(boom: list[Knoop], naam: str, rolnaam: str, paneel: str | None = None) -> list[Knoop]:
    return [k for k in boom if k.schermlezernaam == naam and k.rolnaam == rolnaam
            and (paneel is None or paneel in k.binnen)]


@pytest.fixture
def venster(bureaublad: Bureaublad, tmp_path: Path) -> Iterator[tuple[Toegankelijkheidsbus, Ref]]:
    """The demo window (embedded profile) on the bus, once Vandaag has loaded the day."""
    uitvoer = tmp_path / "werkplek.uit"
    with uitvoer.open("w") as uit, proces([str(WERKPLEK)], bureaublad.env, stdout=uit,
                                          stderr=subprocess.STDOUT) as werkplek:
        bus = Toegankelijkheidsbus(bureaublad.a11y_adres)
        try:
            app = wacht(lambda: bus.toepassing("Werkplek"), werkplek, uitvoer,
                        "het venster verschijnt niet op de toegankelijkheidsbus")
            vandaag = wacht(lambda: next((k.ref for k in bus.boom(app) if k.rolnaam == "panel"
                                          and k.naam == "Vandaag"), None),
                            werkplek, uitvoer, "geen paneel Vandaag")
            # The day is loaded when its heading counts the appointments.
            wacht(lambda: any("afspraken" in k.naam for k in bus.boom(vandaag)
                              if k.rolnaam == "label"), werkplek, uitvoer,
                  "Vandaag laadt de dag niet")
            yield bus, app
        finally:
            bus.sluit()


def wacht(voorwaarde: Callable[[], T | None], werkplek: subprocess.Popen[str], uitvoer: Path,
          melding: str) -> T:
    """Poll a bounded number of times while werkplek runs; the first true-ish answer."""
    for _ in range(POGINGEN):
        assert werkplek.poll() is None, uitvoer.read_text()
        if antwoord := voorwaarde():
            return antwoord
        time.sleep(0.1)
    pytest.fail(f"{melding}\n{uitvoer.read_text()}")


def statussen(boom: list[Knoop]) -> list[Knoop]:
    return [k for k in boom if k.rol == ROLE_COMBO_BOX and "Vandaag" in k.binnen]


def toon(bus: Toegankelijkheidsbus, app: Ref, paneel: str) -> list[Knoop]:
    """Choose a panel's tab when the panel is not on the screen; the tree once it is."""
    boom = bus.boom(app)
    panelen = [k for k in boom if k.rolnaam == "panel" and k.naam == paneel]
    assert len(panelen) == 1, f"{len(panelen)} panelen {paneel!r}"
    if not panelen[0].op_scherm:
        tabs = [k for k in boom if k.rolnaam == "page tab" and k.naam == paneel]
        assert len(tabs) == 1, f"{paneel} staat niet op het scherm en heeft geen tab"
        assert tabs[0].op_scherm, f"de tab {paneel} staat niet op het scherm"
        bus.kies_tab(tabs[0])
        for _ in range(POGINGEN):
            boom = bus.boom(app)
            if all(k.op_scherm for k in boom if k.rolnaam == "panel" and k.naam == paneel):
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"het paneel {paneel} komt niet op het scherm na het kiezen van zijn tab")
    return boom


def eis_een(gevonden: list[Knoop], wat: str) -> Knoop:
    """Exactly one, showing; its panel was put on the screen by ``toon``."""
    assert len(gevonden) == 1, f"{len(gevonden)} keer {wat} op de toegankelijkheidsbus"
    assert gevonden[0].heeft(STATE_SHOWING), f"{wat} staat op de bus maar is niet te zien"
    return gevonden[0]


@pytest.mark.gui
def test_een_schermlezer_vindt_elke_control_van_het_werk(
        venster: tuple[Toegankelijkheidsbus, Ref]) -> None:
    bus, app = venster
    boom = toon(bus, app, "Contactmoment")
    anoniem = eis_een(vind(boom, "Anoniem contact", "push button"), "de knop Anoniem contact")
    assert anoniem.op_scherm, anoniem
    for naam in ("Kanaal", "Onderwerp", "Afhandeling"):
        combo = eis_een(vind(boom, naam, "combo box", "Contactmoment"), f"de keuze {naam}")
        assert combo.rol == ROLE_COMBO_BOX and combo.heeft(STATE_FOCUSABLE), combo
    for naam in ("Vraag", "Antwoord"):
        eis_een(vind(boom, naam, "text", "Contactmoment"), f"het veld {naam}")
    eis_een(vind(boom, "Registreren", "push button", "Contactmoment"), "Registreren")

    boom = toon(bus, app, "Checklist")
    assert eis_een(vind(boom, "Checklist", "panel"), "het paneel Checklist").op_scherm
    boom = toon(bus, app, "Agenda")
    eis_een(vind(boom, "Vrije tijden", "table", "Agenda"), "de tabel Vrije tijden")

    boom = toon(bus, app, "Vandaag")
    assert eis_een(vind(boom, "Vandaag", "panel"), "het paneel Vandaag").op_scherm
    # Each appointment's status control, named as Orca names it: its label, time and customer.
    gevonden = statussen(boom)
    verwacht = {f"{uur:02d}:{minuut:02d} {naam}": Afspraakstatus(status).label
                for _agenda, _klant, naam, _onderwerp, uur, minuut, status, _notitie
                in AFSPRAKEN_VANDAAG}
    assert len(gevonden) == len(verwacht) > 0, (
        f"{len(gevonden)} statuskeuzes op de bus voor {len(verwacht)} afspraken vandaag")
    for naam, status in verwacht.items():
        combo = eis_een([k for k in gevonden if k.schermlezernaam == naam],
                        f"de status van {naam}")
        assert combo.rolnaam == "combo box" and combo.heeft(STATE_FOCUSABLE), combo
        assert combo.naam == status  # Qt's name for a combo is its current text
    # Every control in Vandaag that takes the keyboard has a name a screen reader can say.
    naamloos = [k for k in boom if "Vandaag" in k.binnen and k.heeft(STATE_FOCUSABLE)
                and k.heeft(STATE_SHOWING) and not k.schermlezernaam]
    assert not naamloos, naamloos
    # Qt names a combo by its current text on Linux: every combo in sight needs its label.
    zonder_label = [k for k in boom if k.rol == ROLE_COMBO_BOX and k.heeft(STATE_SHOWING)
                    and not k.labels]
    assert not zonder_label, zonder_label
