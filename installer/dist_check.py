"""``make dist-check``: the frozen werkplek (dist/werkplek), tried as IT and an agent use it.

Every run gets throw-away HOME and XDG directories and no session bus of the user's, so the
user's own data and keyring are never touched; the runs that need a keyring get a real Secret
Service (gnome-keyring) on a D-Bus session of their own. What the frozen program may write
to stderr is fixed below; any other line fails the check.

    python installer/dist_check.py [dist/werkplek] [--vergelijk .venv/bin/werkplek]

Exit 0 when every check passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import configparser
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundel

ROOT = Path(__file__).resolve().parents[1]
DEMO_BSN = "999993653"
TIJDSTEMPEL = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ")

OFFSCREEN = (
    # The offscreen platform cannot pass size hints to a window manager, nor raise a
    # window: harmless, the same lines pyproject.toml lets pass in the GUI tests.
    re.compile(r"This plugin does not support propagateSizeHints\(\)"),
    re.compile(r"This plugin does not support raise\(\)"),
)
GEEN_SLEUTELBOS = re.compile(
    r"ERROR werkplek\.services\.opslag: Geen bruikbare sleutelbos: lokale opslag alleen in "
    r"het geheugen: Er is geen sleutelbos \(keyring\) op deze computer die werkplek kan "
    r"gebruiken \(keyring\.backends\.fail\.Keyring\)\.")
PG_ONBEREIKBAAR = re.compile(
    r"WARNING werkplek_embedded: Ingebouwde database op 127\.0\.0\.1:\d+/werkplek niet "
    r"bereikbaar: OperationalError: .*")

@dataclass(frozen=True, slots=True)
class Uitvoer:
    code: int
    stdout: str
    stderr: list[str]
    """stderr's lines, without the log's time stamp."""


class Fout(Exception):
    """One check failed; the message says what was seen."""


def plugins_uit_pyproject() -> dict[str, str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return dict(pyproject["project"]["entry-points"]["werkplek.plugins"])


def versie_uit_pyproject() -> str:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return str(pyproject["project"]["version"])


# -- the runs ---------------------------------------------------------------------------------

@contextmanager
def werkmap() -> Iterator[Path]:
    """Throw-away HOME and XDG dirs."""
    tmp = Path(tempfile.mkdtemp(prefix="werkplek-dist-check-"))
    try:
        for sub in ("home", "config", "data", "state", "cache", "runtime"):
            (tmp / sub).mkdir(mode=0o700)
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def geheime_dienst(tmp: Path) -> Iterator[dict[str, str]]:
    """The keyring a Linux desktop gives werkplek: a Secret Service (gnome-keyring, unlocked)
    on a D-Bus session of its own, for the duration; yields the environment to reach it."""
    for programma in ("dbus-daemon", "dbus-send", "gnome-keyring-daemon"):
        if shutil.which(programma) is None:
            raise Fout(f"{programma} ontbreekt (Debian-pakketten dbus-daemon, dbus-bin en "
                       "gnome-keyring)")
    env = omgeving(tmp)
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           stdin=subprocess.DEVNULL, text=True)
    diensten = [bus]
    try:
        assert bus.stdout is not None
        adres = bus.stdout.readline().strip()
        if not adres:
            raise Fout("dbus-daemon start niet")
        env["DBUS_SESSION_BUS_ADDRESS"] = adres
        sleutels = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, text=True)
        diensten.append(sleutels)
        assert sleutels.stdin is not None
        sleutels.stdin.write("dist-check")
        sleutels.stdin.close()
        vraag = ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/",
                 "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets"]
        for _ in range(100):  # until the Secret Service is on the bus
            antwoord = subprocess.run(vraag, env=env, capture_output=True, text=True,
                                      timeout=10, check=False)
            if "boolean true" in antwoord.stdout:
                break
            time.sleep(0.1)
        else:
            raise Fout("gnome-keyring-daemon biedt geen Secret Service aan")
        yield {"DBUS_SESSION_BUS_ADDRESS": adres}
    finally:
        for d in reversed(diensten):
            d.terminate()
            try:
                d.wait(timeout=10)
            except subprocess.TimeoutExpired:
                d.kill()
                d.wait()


def omgeving(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS",
                        "PYTHON_KEYRING_BACKEND", "LD_LIBRARY_PATH", "PYTHONPATH", "PYTHONHOME")
           and not k.startswith("QT_")}
    env.update(HOME=str(tmp / "home"), XDG_CONFIG_HOME=str(tmp / "config"),
               XDG_DATA_HOME=str(tmp / "data"), XDG_STATE_HOME=str(tmp / "state"),
               XDG_CACHE_HOME=str(tmp / "cache"), XDG_RUNTIME_DIR=str(tmp / "runtime"),
               QT_QPA_PLATFORM="offscreen")
    return env


def draai(programma: Path, argumenten: Sequence[str], tmp: Path,
          extra: Mapping[str, str] | None = None) -> Uitvoer:
    p = subprocess.run([str(programma), *argumenten], env=omgeving(tmp) | dict(extra or {}),
                       cwd=tmp,
                       capture_output=True, text=True, timeout=120, check=False,
                       stdin=subprocess.DEVNULL)
    regels = [TIJDSTEMPEL.sub("", r) for r in p.stderr.splitlines() if r.strip()]
    return Uitvoer(p.returncode, p.stdout, regels)


def eis_stderr(uit: Uitvoer, toegestaan: Sequence[re.Pattern[str]]) -> None:
    onverwacht = [r for r in uit.stderr if not any(t.fullmatch(r) for t in toegestaan)]
    if onverwacht:
        raise Fout("onverwacht op stderr:\n      " + "\n      ".join(onverwacht))


def eis_code(uit: Uitvoer, code: int = 0) -> None:
    if uit.code != code:
        raise Fout(f"exitcode {uit.code}, verwacht {code}; stderr:\n      "
                   + "\n      ".join(uit.stderr[-15:]))


def eis_plugins_geladen(uit: Uitvoer) -> list[str]:
    geladen = []
    for naam in sorted(plugins_uit_pyproject()):
        regel = next((r for r in uit.stdout.splitlines() if r.split()[:1] == [naam]), None)
        if regel is None or not regel.endswith("[geladen]"):
            raise Fout(f"plugin {naam} niet geladen: {regel or 'niet gevonden'}")
        geladen.append(naam)
    return geladen


# -- the checks -------------------------------------------------------------------------------

def controleer_qt(dist: Path, _programma: Path, _vergelijk: Path | None) -> str:
    inv = bundel.inventaris(dist)
    if fout := inv.ongewenst() + inv.ontbrekend():
        raise Fout("; ".join(fout))
    return (f"Qt: {', '.join(sorted(inv.bibliotheken))}; "
            f"{len(inv.plugins)} plugins, alle toegestaan")


def _elf(pad: Path) -> bool:
    try:
        with pad.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def controleer_koppelingen(dist: Path, programma: Path, _vergelijk: Path | None) -> str:
    """Every shared library the bundle's binaries link against is in the bundle, or is one
    PyInstaller leaves to the target system on purpose (libc, libGL, libwayland-*...)."""
    from PyInstaller.depend import dylib  # noqa: PLC0415

    if sys.platform != "linux":
        return "overgeslagen (alleen op Linux)"
    intern = programma.parent / "_internal"
    elfs = [p for p in dist.rglob("*") if p.is_file() and not p.is_symlink() and _elf(p)]
    env = {**os.environ, "LD_LIBRARY_PATH": str(intern)}

    def ontbrekend(pad: Path) -> list[tuple[str, str, str]]:
        """Libraries not found, or found outside the bundle though PyInstaller would bundle
        them (the build host has them where a target machine may not)."""
        p = subprocess.run(["ldd", str(pad)], capture_output=True, text=True, env=env,
                           check=False)
        fouten = []
        for naam, waar in re.findall(r"^\s*(\S+) => (.+?)(?: \(0x[0-9a-f]+\))?$", p.stdout,
                                     re.MULTILINE):
            if not dylib.include_library(naam):
                continue  # left to the target system on purpose
            if waar == "not found":
                fouten.append((naam, "niet gevonden", str(pad.relative_to(dist))))
            elif not Path(waar).resolve().is_relative_to(dist):
                fouten.append((naam, f"buiten de bundel, in {waar}", str(pad.relative_to(dist))))
        return fouten

    with ThreadPoolExecutor(max_workers=8) as pool:
        per_bibliotheek: dict[tuple[str, str], list[str]] = {}
        for lijst in pool.map(ontbrekend, elfs):
            for naam, staat, gebruiker in lijst:
                per_bibliotheek.setdefault((naam, staat), []).append(gebruiker)
    if per_bibliotheek:
        raise Fout("bibliotheken ontbreken in de bundel:\n      " + "\n      ".join(
            f"{naam} ({staat}), nodig voor {sorted(gebruikers)[0]}"
            + (f" en {len(gebruikers) - 1} andere" if len(gebruikers) > 1 else "")
            for (naam, staat), gebruikers in sorted(per_bibliotheek.items())))
    return f"{len(elfs)} binaire bestanden, alle koppelingen gevonden"


def controleer_metadata(dist: Path, programma: Path, _vergelijk: Path | None) -> str:
    """The entry points werkplek and keyring discover at run time, and their modules."""
    from PyInstaller.archive.readers import pkg_archive_contents  # noqa: PLC0415

    intern = programma.parent / "_internal"
    modules = set(pkg_archive_contents(str(programma)))

    def entry_points(dist_naam: str, groep: str) -> dict[str, str]:
        bestanden = sorted(intern.glob(f"{dist_naam}-*.dist-info/entry_points.txt"))
        if len(bestanden) != 1:
            raise Fout(f"metadata van {dist_naam} in de bundel: {len(bestanden)} keer")
        cfg = configparser.ConfigParser(delimiters=("=",))
        cfg.optionxform = str  # type: ignore[assignment,method-assign]
        cfg.read(bestanden[0], encoding="utf-8")
        return dict(cfg[groep]) if cfg.has_section(groep) else {}

    werkplek = entry_points("werkplek", "werkplek.plugins")
    if werkplek != plugins_uit_pyproject():
        raise Fout(f"entry points in de bundel {werkplek} wijken af van pyproject.toml")
    backends = entry_points("keyring", "keyring.backends")
    if not backends:
        raise Fout("keyring's entry points (keyring.backends) ontbreken")
    nodig = {w.split(":")[0].strip() for w in [*werkplek.values(), *backends.values()]}
    if mist := sorted(nodig - modules):
        raise Fout(f"modules ontbreken in de bundel: {', '.join(mist)}")
    return (f"{len(werkplek)} plugins en {len(backends)} keyring-backends als entry point, "
            "met hun modules")


def controleer_versie(_dist: Path, programma: Path, _vergelijk: Path | None) -> str:
    with werkmap() as tmp:
        uit = draai(programma, ["--version"], tmp)
    eis_code(uit)
    eis_stderr(uit, ())
    verwacht = f"werkplek {versie_uit_pyproject()}"
    if uit.stdout.strip() != verwacht:
        raise Fout(f"--version gaf {uit.stdout.strip()!r}, verwacht {verwacht!r}")
    return verwacht


def controleer_checklists(_dist: Path, programma: Path, _vergelijk: Path | None) -> str:
    """The standard checklists, found in the bundle's resources/ (RESOURCES, frozen)."""
    with werkmap() as tmp:
        uit = draai(programma, ["checklists"], tmp)
    eis_code(uit)
    eis_stderr(uit, ())
    verwacht = len(list((ROOT / "resources" / "checklists").glob("*.toml")))
    geladen = [r for r in uit.stdout.splitlines() if r.startswith("  ") and " — " in r]
    if len(geladen) != verwacht or "_internal" not in uit.stdout.splitlines()[0]:
        raise Fout(f"verwacht {verwacht} checklists uit de bundel, kreeg:\n{uit.stdout}")
    return f"{verwacht} checklists uit de bundel"


def _zonder_profielregel(stdout: str) -> list[str]:
    """``werkplek plugins`` output without the line naming the profile file (its path)."""
    return [r for r in stdout.splitlines() if not r.startswith("Profiel: ")]


def controleer_zonder_sleutelbos(_dist: Path, programma: Path, vergelijk: Path | None) -> str:
    """``werkplek plugins`` on a machine without a keyring: exactly werkplek's own message,
    and the same as the unfrozen program says."""
    with werkmap() as tmp:
        bevroren = draai(programma, ["plugins"], tmp)
    eis_code(bevroren)
    eis_stderr(bevroren, (GEEN_SLEUTELBOS,))
    if len(bevroren.stderr) != 1:
        raise Fout(f"verwacht één melding over de sleutelbos, kreeg {bevroren.stderr}")
    geladen = eis_plugins_geladen(bevroren)
    if vergelijk is None:
        return f"{len(geladen)} plugins geladen: {', '.join(geladen)}"
    with werkmap() as tmp:
        los = draai(vergelijk, ["plugins"], tmp)
    eis_code(los)
    if los.stderr != bevroren.stderr:
        raise Fout(f"stderr verschilt van het onbevroren programma: {los.stderr}")
    if _zonder_profielregel(los.stdout) != _zonder_profielregel(bevroren.stdout):
        raise Fout("uitvoer verschilt van het onbevroren programma:\n"
                   f"{bevroren.stdout}\n--- onbevroren:\n{los.stdout}")
    return (f"{len(geladen)} plugins geladen ({', '.join(geladen)}); stdout en stderr gelijk "
            "aan het onbevroren programma")


def controleer_met_sleutelbos(_dist: Path, programma: Path, _vergelijk: Path | None) -> str:
    """The demo dossier on screen, with a keyring: the encrypted store (SQLCipher) and the
    embedded database are made and migrated; a second start opens both again."""
    with werkmap() as tmp, geheime_dienst(tmp) as dienst:
        png = tmp / "werkplek.png"
        eerste = draai(programma, ["--screenshot", str(png), "--open", DEMO_BSN], tmp, dienst)
        eis_code(eerste)
        eis_stderr(eerste, OFFSCREEN)
        if not png.is_file() or png.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
            raise Fout("geen PNG geschreven")
        if (grootte := png.stat().st_size) < 20_000:
            raise Fout(f"de schermafbeelding is verdacht klein ({grootte} bytes)")
        data = tmp / "data" / "werkplek"
        opslag = data / "werkplek-demo.db"
        if not opslag.is_file():
            raise Fout(f"geen lokale opslag in {data}: {sorted(p.name for p in data.glob('*'))}")
        if opslag.read_bytes()[:16] == b"SQLite format 3\x00":
            raise Fout(f"{opslag.name} is niet versleuteld")
        if not (data / "embedded-demo.db").is_file():
            raise Fout("geen ingebouwde database")
        tweede = draai(programma, ["plugins"], tmp, dienst)
        eis_code(tweede)
        eis_stderr(tweede, ())
        eis_plugins_geladen(tweede)
        logboek = tmp / "state" / "werkplek" / "log" / "werkplek.log"
        if not logboek.is_file():
            raise Fout(f"geen logboek in {logboek.parent}")
    return (f"schermafbeelding {grootte // 1000} kB; versleutelde opslag en "
            "ingebouwde database gemaakt, gemigreerd en opnieuw geopend; logboek geschreven")


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def controleer_postgresql(_dist: Path, programma: Path, _vergelijk: Path | None) -> str:
    """A shared embedded database: psycopg and libpq load, and a server that is not there
    is reported as unreachable (exit 1 of ``werkplek plugins``), not as a missing driver."""
    with werkmap() as tmp, geheime_dienst(tmp) as dienst:
        profiel = tmp / "gedeeld.toml"
        profiel.write_text(
            '[profiel]\nnaam = "gedeeld"\ngemeente = "Controle"\n\n'
            '[plugins.gedeeld]\nplugin = "werkplek_embedded"\n'
            f'url = "postgresql://127.0.0.1:{_vrije_poort()}/werkplek"\n\n'
            '[capabilities]\npersonen = ["gedeeld"]\n', encoding="utf-8")
        uit = draai(programma, ["plugins", "--config", str(profiel)], tmp, dienst)
    eis_code(uit, 1)
    eis_stderr(uit, (PG_ONBEREIKBAAR,))
    if not uit.stderr or "is niet bereikbaar" not in uit.stdout:
        raise Fout(f"verwacht: database niet bereikbaar; kreeg:\n{uit.stdout}")
    return "psycopg geladen; een afwezige server heet onbereikbaar"


@contextmanager
def xvfb() -> Iterator[str]:
    """A virtual X server for the duration; yields its DISPLAY."""
    lezen, schrijven = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(schrijven), "-screen", "0", "1600x1000x24", "-nolisten",
         "tcp"], pass_fds=(schrijven,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(schrijven)
    try:
        with os.fdopen(lezen) as f:
            nummer = f.readline().strip()
        if not nummer:
            raise Fout("Xvfb start niet")
        yield f":{nummer}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def controleer_x11(_dist: Path, programma: Path, _vergelijk: Path | None) -> str:
    """The window on X11 (the xcb platform plugin agents use), and a screen pop through a
    werkplek: URL that the running window takes over (the local socket, QtNetwork)."""
    if sys.platform != "linux":
        return "overgeslagen (alleen op Linux)"
    if shutil.which("Xvfb") is None:
        raise Fout("Xvfb ontbreekt (Debian-pakket xvfb)")
    with werkmap() as tmp, geheime_dienst(tmp) as dienst, xvfb() as scherm:
        (tmp / "tmp").mkdir(mode=0o700)
        env = omgeving(tmp) | dienst | {"DISPLAY": scherm, "TMPDIR": str(tmp / "tmp")}
        del env["QT_QPA_PLATFORM"]
        with (tmp / "venster.err").open("w") as fout_uit:
            venster = subprocess.Popen([str(programma)], env=env, cwd=tmp, stderr=fout_uit,
                                       stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        try:
            for _ in range(300):  # the window listens once its socket is there
                if venster.poll() is not None or any((tmp / "tmp").glob("werkplek-*")):
                    break
                time.sleep(0.1)
            if venster.poll() is not None:
                raise Fout(f"het venster stopte met exitcode {venster.returncode}:\n      "
                           + (tmp / "venster.err").read_text().replace("\n", "\n      "))
            pop = subprocess.run(
                [str(programma), "--", "werkplek://pop?phone=0612345678"], env=env, cwd=tmp,
                capture_output=True, text=True, timeout=60, check=False,
                stdin=subprocess.DEVNULL)
            time.sleep(1)  # the window handles the call
            if venster.poll() is not None:
                raise Fout(f"het venster stopte na de oproep (exitcode {venster.returncode})")
        finally:
            venster.terminate()
            venster.wait(timeout=30)
        uit = Uitvoer(pop.returncode, pop.stdout,
                      [TIJDSTEMPEL.sub("", r) for r in pop.stderr.splitlines() if r.strip()])
        eis_code(uit)
        eis_stderr(uit, ())
        if "overgenomen" not in uit.stdout:
            raise Fout(f"de werkplek die draait nam de oproep niet over: {uit.stdout!r}")
        venster_err = [TIJDSTEMPEL.sub("", r)
                       for r in (tmp / "venster.err").read_text().splitlines() if r.strip()]
        eis_stderr(Uitvoer(0, "", venster_err), ())
    return "venster op X11 (xcb); werkplek://pop nam de draaiende werkplek over"


CONTROLES: list[tuple[str, Callable[[Path, Path, Path | None], str]]] = [
    ("alleen toegestane Qt-onderdelen", controleer_qt),
    ("koppelingen van de bibliotheken", controleer_koppelingen),
    ("entry points in de bundel", controleer_metadata),
    ("werkplek --version", controleer_versie),
    ("werkplek checklists", controleer_checklists),
    ("werkplek plugins zonder sleutelbos", controleer_zonder_sleutelbos),
    ("demodossier op het offscreen-platform, met sleutelbos", controleer_met_sleutelbos),
    ("gedeelde database (PostgreSQL)", controleer_postgresql),
    ("venster op X11 en screen pop via werkplek:-URL", controleer_x11),
]


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Controleer de bevroren werkplek (make dist-check).")
    p.add_argument("bundel", nargs="?", type=Path, default=ROOT / "dist" / "werkplek")
    p.add_argument("--vergelijk", type=Path, metavar="WERKPLEK",
                   help="het onbevroren programma (.venv/bin/werkplek) om stderr mee te "
                        "vergelijken")
    args = p.parse_args(argv)
    dist: Path = args.bundel.resolve()
    programma = dist / ("werkplek.exe" if sys.platform == "win32" else "werkplek")
    if not programma.is_file():
        print(f"dist-check: {programma} ontbreekt; eerst make dist.", file=sys.stderr)
        return 1
    fouten = 0
    for naam, controle in CONTROLES:
        try:
            uitslag = controle(dist, programma, args.vergelijk and args.vergelijk.absolute())
        except Fout as e:
            fouten += 1
            print(f"FOUT {naam}: {e}", flush=True)
        except Exception as e:  # a hang, a missing file: the check fails, the others still run
            fouten += 1
            print(f"FOUT {naam}: {type(e).__name__}: {e}", flush=True)
        else:
            print(f"ok   {naam}: {uitslag}", flush=True)
    print(f"dist-check: {len(CONTROLES) - fouten} van {len(CONTROLES)} controles geslaagd.")
    return 1 if fouten else 0


if __name__ == "__main__":
    raise SystemExit(main())
