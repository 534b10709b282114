"""What the frozen werkplek may contain: the Qt allow-lists, shared by the PyInstaller spec,
``make dist`` (the inventory it prints), ``make dist-check`` and tests/test_installer.py.

Names are normalised across platforms: ``libQt6Core.so.6``, ``Qt6Core.dll``,
``QtCore.framework`` and the binding ``PySide6/QtCore.abi3.so`` (or ``QtCore.pyd``) all
become ``QtCore``; a plugin ``libqxcb.so`` or ``qwindows.dll`` becomes ``qxcb``, ``qwindows``.

This module imports nothing outside the standard library at import time, so tests can read
the lists without PyInstaller; the dependency pruning imports PyInstaller when it runs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtCharts")
"""The Qt bindings werkplek imports (werkplek/ui/qt.py and the supervisor's chart panel)."""

QT_LINKED = ("QtDBus", "QtOpenGL", "QtOpenGLWidgets")
"""Qt libraries those link against without werkplek importing their bindings: QtGui links
QtDBus on Linux, QtCharts links QtOpenGL and QtOpenGLWidgets."""

QT_PLATFORM_LIBRARIES = ("QtXcbQpa", "QtWaylandClient")
"""Libraries of the Linux platform plugins (X11 and Wayland)."""

QT_LIBRARIES = frozenset(QT_MODULES + QT_LINKED + QT_PLATFORM_LIBRARIES)
"""Every Qt shared library the bundle may hold."""

QT_PLUGINS: dict[str, frozenset[str]] = {
    # Windows, macOS, X11 and Wayland; offscreen for the screenshot and make dist-check.
    "platforms": frozenset({"qwindows", "qcocoa", "qxcb", "qwayland", "qoffscreen"}),
    # File dialogs through the desktop portal; never the build host's GTK theme plugin.
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    # Dead keys and compose sequences (é, ë) and IBus input methods on Linux.
    "platforminputcontexts": frozenset({"composeplatforminputcontextplugin",
                                        "ibusplatforminputcontextplugin"}),
    "xcbglintegrations": frozenset({"qxcb-egl-integration", "qxcb-glx-integration"}),
    "wayland-shell-integration": frozenset({"xdg-shell"}),
    "wayland-decoration-client": frozenset({"bradient"}),
    "wayland-graphics-integration-client": frozenset({"qt-plugin-wayland-egl"}),
    "imageformats": frozenset({"qgif", "qico", "qjpeg"}),
    # The native look on Windows 10/11 and macOS (Linux uses the built-in Fusion).
    "styles": frozenset({"qmodernwindowsstyle", "qwindowsvistastyle", "qmacstyle"}),
}
"""Qt plugins by type; every other plugin (tls, iconengines, networkinformation, generic,
egldeviceintegrations, the PDF and SVG image formats, the virtual keyboard) stays out."""

QT_TRANSLATIONS = re.compile(r"qt(base)?_nl\.qm")
"""Qt's own Dutch translations; other languages stay out (werkplek speaks Dutch)."""


def qt_naam(bestandsnaam: str) -> str | None:
    """The Qt module a shared library or binding file belongs to, or None for other files."""
    if m := re.fullmatch(r"(?:lib)?Qt6(\w+?)(?:\.so(?:\.\d+)*|\.dll|\.dylib)", bestandsnaam):
        return f"Qt{m.group(1)}"
    if m := re.fullmatch(r"(Qt\w+)\.framework", bestandsnaam):
        return m.group(1)
    return None


def binding_naam(bestandsnaam: str) -> str | None:
    """``QtCore.abi3.so`` / ``QtCore.pyd`` / ``QtCore.cpython-311-….so`` → ``QtCore``."""
    m = re.fullmatch(r"(Qt\w+)\.(?:abi3\.so|pyd|cpython-[\w-]+\.so|so)", bestandsnaam)
    return m.group(1) if m else None


def plugin_naam(bestandsnaam: str) -> str:
    """``libqxcb.so`` → ``qxcb``; ``qwindows.dll`` → ``qwindows``."""
    stam = re.sub(r"\.(so|dll|dylib)$", "", bestandsnaam)
    return stam[3:] if stam.startswith("lib") and not bestandsnaam.endswith(".dll") else stam


def plugin_van(pad: PurePosixPath) -> tuple[str, str] | None:
    """``(type, name)`` when ``pad`` (relative to the bundle) is a Qt plugin, else None."""
    delen = pad.parts
    for i in range(len(delen) - 2):
        if delen[i] == "plugins" and "PySide6" in delen[:i]:
            return delen[i + 1], plugin_naam(delen[-1])
    return None


def is_vertaling(pad: PurePosixPath) -> bool:
    return pad.suffix == ".qm" and "translations" in pad.parts


# -- the inventory of a bundle --------------------------------------------------------------

@dataclass
class Inventaris:
    """The Qt parts of a built bundle, and what is there but not allowed."""

    bindings: set[str] = field(default_factory=set)
    bibliotheken: set[str] = field(default_factory=set)
    plugins: set[tuple[str, str]] = field(default_factory=set)
    vertalingen: set[str] = field(default_factory=set)

    def ongewenst(self) -> list[str]:
        """Everything Qt in the bundle that the allow-lists do not name, sorted."""
        fout = [f"binding {b}" for b in self.bindings - set(QT_MODULES)]
        fout += [f"bibliotheek {b}" for b in self.bibliotheken - QT_LIBRARIES]
        fout += [f"plugin {t}/{n}" for t, n in self.plugins
                 if n not in QT_PLUGINS.get(t, frozenset())]
        fout += [f"vertaling {v}" for v in self.vertalingen if not QT_TRANSLATIONS.fullmatch(v)]
        return sorted(fout)

    def ontbrekend(self) -> list[str]:
        """The bindings werkplek imports that the bundle lacks."""
        return sorted(f"binding {b}" for b in set(QT_MODULES) - self.bindings)


def inventaris(bundel: Path) -> Inventaris:
    inv = Inventaris()
    for pad in bundel.rglob("*"):
        rel = PurePosixPath(pad.relative_to(bundel).as_posix())
        if (q := qt_naam(pad.name)) is not None:
            inv.bibliotheken.add(q)
        elif pad.parent.name == "PySide6" and (b := binding_naam(pad.name)) is not None:
            inv.bindings.add(b)
        elif pad.is_file() and (p := plugin_van(rel)) is not None:
            inv.plugins.add(p)
        elif is_vertaling(rel):
            inv.vertalingen.add(pad.name)
    return inv


# -- filtering PyInstaller's TOC (used by the spec) -------------------------------------------

def uitgesloten_bindings(pyside6: Path) -> list[str]:
    """``excludes`` for Analysis: every PySide6 binding werkplek does not import."""
    namen = {b for f in pyside6.iterdir() if (b := binding_naam(f.name)) is not None}
    return sorted(f"PySide6.{b}" for b in namen - set(QT_MODULES))


def toegestaan(bestemming: str) -> bool:
    """Whether a TOC entry (its destination path in the bundle) passes the Qt allow-lists."""
    pad = PurePosixPath(bestemming.replace("\\", "/"))
    if (q := qt_naam(pad.name)) is not None:
        return q in QT_LIBRARIES
    if (p := plugin_van(pad)) is not None:
        soort, naam = p
        return naam in QT_PLUGINS.get(soort, frozenset())
    if is_vertaling(pad) and "PySide6" in pad.parts:
        return QT_TRANSLATIONS.fullmatch(pad.name) is not None
    if pad.parent.name == "PySide6" and (b := binding_naam(pad.name)) is not None:
        return b in QT_MODULES
    return True


Toc = list[tuple[str, str, str]]


def filter_qt(binaries: Toc, datas: Toc) -> tuple[Toc, Toc, list[str]]:
    """Drop the Qt parts werkplek does not use, then the shared libraries that only those
    parts pulled in. Returns the new binaries and datas, and what was dropped (for the log)."""
    weg = [e for e in binaries if not toegestaan(e[0])]
    binaries = [e for e in binaries if toegestaan(e[0])]
    weg_data = [e for e in datas if not toegestaan(e[0])]
    datas = [e for e in datas if toegestaan(e[0])]
    verweesd = _alleen_nodig_voor(weg, binaries)
    binaries = [e for e in binaries if e not in verweesd]
    verslag = sorted(e[0] for e in weg + weg_data + verweesd)
    return binaries, datas, verslag


def _alleen_nodig_voor(weg: Toc, blijft: Toc) -> Toc:
    """The entries of ``blijft`` that some dropped binary links against (directly or not) and
    that no other kept binary needs: those candidates may need each other (pango and cairo,
    for the GTK theme plugin), so only the binaries outside that set count as users."""
    from PyInstaller.depend import bindepend  # noqa: PLC0415 - only inside a build

    def afhankelijk(wortels: Iterable[str]) -> set[Path]:
        gezien: set[Path] = set()
        te_doen = [Path(w) for w in wortels]
        while te_doen:
            bestand = te_doen.pop()
            for _naam, gevonden in bindepend.get_imports(str(bestand)):
                if gevonden and (echt := Path(gevonden).resolve()) not in gezien:
                    gezien.add(echt)
                    te_doen.append(echt)
        return gezien

    binair = ("BINARY", "EXTENSION")
    van_weg = afhankelijk(e[1] for e in weg if e[2] in binair)
    if not van_weg:
        return []
    kandidaten = [e for e in blijft if e[2] == "BINARY" and Path(e[1]).resolve() in van_weg]
    gebruikers = (e[1] for e in blijft if e[2] in binair and e not in kandidaten)
    nodig = afhankelijk(gebruikers)
    return [e for e in kandidaten if Path(e[1]).resolve() not in nodig]


def grootte(pad: Path) -> int:
    return sum(f.stat().st_size for f in pad.rglob("*") if f.is_file() and not f.is_symlink())


def toon(bundel: Path) -> int:
    """``make dist``'s closing report: size and Qt parts of the bundle. 1 when it holds a
    Qt part that is not allowed (the build's filter failed), else 0."""
    inv = inventaris(bundel)
    mb = grootte(bundel) / 1_000_000
    print(f"Bundel: {bundel} — {mb:.0f} MB, {sum(1 for _ in bundel.rglob('*'))} bestanden")
    print(f"  Qt-bindingen:    {', '.join(sorted(inv.bindings))}")
    print(f"  Qt-bibliotheken: {', '.join(sorted(inv.bibliotheken))}")
    per_soort: dict[str, list[str]] = {}
    for soort, naam in sorted(inv.plugins):
        per_soort.setdefault(soort, []).append(naam)
    for soort, namen in per_soort.items():
        print(f"  Qt-plugins {soort}: {', '.join(namen)}")
    print(f"  Qt-vertalingen:  {', '.join(sorted(inv.vertalingen)) or '—'}")
    for regel in inv.ongewenst():
        print(f"  NIET TOEGESTAAN: {regel}")
    for regel in inv.ontbrekend():
        print(f"  ONTBREEKT: {regel}")
    return 1 if inv.ongewenst() or inv.ontbrekend() else 0


if __name__ == "__main__":
    raise SystemExit(toon(Path(sys.argv[1] if len(sys.argv) > 1 else "dist/werkplek")))
