"""Profiles: one gemeente's plugins, capabilities and agent settings, read from TOML."""

from __future__ import annotations

import difflib
import getpass
import re
import shlex
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import platformdirs

from werkplek.domain.model import Medewerker, Rol
from werkplek.domain.oproep import lijnnummer
from werkplek.domain.wachtrij import Normen, Servicelevelnorm
from werkplek.ports import Capability

APP = "werkplek"
RESOURCES = Path(__file__).resolve().parents[2] / "resources"


class ConfigFout(Exception):
    """A configuration file that cannot be used; the message names the file and the line.

    ``bestand``, ``regel`` and ``oplossing`` are there for the start-up dialog; ``str()``
    stays the one line scripts and logs have always had.
    """

    def __init__(self, bericht: str, *, bestand: Path | None = None, regel: int | None = None,
                 kolom: int | None = None, reden: str = "", oplossing: str = "",
                 kop: str = "") -> None:
        super().__init__(bericht)
        self._kop = kop
        self.bestand = bestand
        self.regel = regel
        self.kolom = kolom
        self.reden = reden or bericht
        self.oplossing = oplossing or _standaardoplossing(bestand, regel)

    @property
    def kop(self) -> str:
        """One sentence: which file and which line."""
        if self._kop:
            return self._kop
        if self.bestand is None:
            return "Het profiel kan niet worden geladen."
        if self.regel is None:
            return f"Fout in het profiel {self.bestand}."
        kolom = f", kolom {self.kolom}" if self.kolom else ""
        return f"Fout in het profiel {self.bestand}, regel {self.regel}{kolom}."

    def als_een_regel(self) -> str:
        """The message and what to do, on one line for stderr."""
        bericht = str(self)
        if self.oplossing and self.oplossing not in bericht:
            bericht = f"{bericht} {self.oplossing}"
        return re.sub(r"\s*\n\s*", " ", bericht)


def _standaardoplossing(bestand: Path | None, regel: int | None) -> str:
    if bestand is None:
        return ""
    if regel is None:
        return f"Verbeter {bestand} in een teksteditor en start Werkplek opnieuw."
    return f"Verbeter regel {regel} van {bestand} in een teksteditor en start Werkplek opnieuw."


def bedoelde_u(sleutel: str, bekend: Iterable[str], soort: str = "sleutel", waar: str = ""
               ) -> str:
    """'onbekende sleutel 'urll'. Bedoelde u ‘url’?', or the known keys when none is close."""
    namen = sorted(bekend)
    dichtbij = difflib.get_close_matches(sleutel, namen, n=1, cutoff=0.6)
    if dichtbij:
        return f"onbekende {soort} {sleutel!r}{waar}. Bedoelde u ‘{dichtbij[0]}’?"
    return f"onbekende {soort} {sleutel!r}{waar}; bekend zijn: {', '.join(namen) or 'geen'}."


@dataclass(frozen=True, slots=True)
class PluginInstelling:
    naam: str
    plugin: str
    """The entry-point name in group ``werkplek.plugins``."""
    config: Mapping[str, Any]
    timeout: float


@dataclass(frozen=True, slots=True)
class Profiel:
    naam: str
    gemeente: str
    bestand: Path
    plugins: Mapping[str, PluginInstelling]
    capabilities: Mapping[Capability, tuple[str, ...]]
    medewerker: Medewerker
    timeout: float = 5.0
    locatie: str = ""
    """The location of this workstation's counter (e.g. Stadskantoor)."""
    telefoon: str = ""
    """The number citizens call (``[profiel] telefoon``), as confirmations show it."""
    checklist_mappen: tuple[Path, ...] = ()
    """Folders with the profile's own checklists, after the standard set."""
    bewaartermijn_dagen: int = 7
    """Cached personal data older than this is purged (at start and every hour)."""
    voorbereiden_bij_start: bool = True
    """At the first start of a day, fetch today's customers and the kennisbank for offline."""
    verzenden_per_bron: int = 16
    """Outbox requests in flight to one source at most (``[offline] verzenden_per_bron``)."""
    nawerk_max_seconden: float = 300.0
    """After a call, how long nawerk may last before the agent is beschikbaar again."""
    lijnen: tuple[str, ...] = ()
    """The numbers citizens dial for this gemeente (``werkplek pop --line`` picks the
    profile by them), as ``lijnnummer`` gives them."""
    wachtrij: str = "Telefoon"
    """The queue a call is counted in (``[wachtrij] naam``) unless its line has its own."""
    wachtrij_per_lijn: Mapping[str, str] = field(default_factory=dict)
    """Line (as ``lijnnummer`` gives it) → queue (``[wachtrij] per_lijn``)."""
    wachtrijen: tuple[str, ...] = ()
    """Queues the supervisor sees a tile of even before their first call."""
    normen: Normen = field(default_factory=Normen)
    """The norms the supervisor's panel judges by (``[normen]``; defaults of DESIGN.md)."""
    alarm_geluid: bool = False
    """Whether an alarm also sounds (``[wachtrij] geluid``)."""
    audit_publieke_sleutel: str = ""
    """The privacy officer's public key (``[audit] publieke_sleutel``, base64): without a
    usable keyring the audit rows are sealed to it in a file, else persons are not shown."""


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def zoek_profiel(naam: str | None, bestand: Path | None) -> Path:
    """Find the profile file: ``--config``, else ``--profile`` in the config dir, else demo."""
    if bestand is not None:
        if not bestand.is_file():
            raise ConfigFout(f"{bestand}: bestand bestaat niet.", bestand=bestand,
                             reden="Dit bestand bestaat niet.",
                             oplossing="Controleer het pad achter --config in de snelkoppeling "
                                       "of opdracht waarmee Werkplek start.")
        return bestand
    naam = naam or "demo"
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", naam):
        raise ConfigFout(f"Ongeldige profielnaam {naam!r}: gebruik letters, cijfers, - en _.")
    for kandidaat in (config_dir() / "profielen" / f"{naam}.toml",
                      RESOURCES / "profiles" / f"{naam}.toml"):
        if kandidaat.is_file():
            return kandidaat
    raise ConfigFout(
        f"Profiel {naam!r} niet gevonden; zet het in {config_dir() / 'profielen'} "
        f"als {naam}.toml, of geef een bestand met --config."
    )


def lees_profiel(pad: Path, os_gebruiker: str | None = None, *,
                 geheimen_weigeren: bool = True) -> Profiel:
    """Read and check a profile; every error names the file and, where known, the line.

    ``geheimen_weigeren=False`` only for the beheer commands (``werkplek secrets``,
    ``werkplek audit``): they start no plugin, and ``secrets set`` is how such a secret
    moves into the keyring, so it must read the profile that still holds it.
    """
    tekst = _lees_tekst(pad)
    try:
        data = tomllib.loads(tekst)
    except tomllib.TOMLDecodeError as e:
        regel, kolom, reden = toml_fout(e)
        waar = f"regel {regel}, kolom {kolom}" if regel else "onbekende plaats"
        raise ConfigFout(f"{pad}: {waar}: ongeldige TOML: {reden}", bestand=pad,
                         regel=int(regel) if regel else None,
                         kolom=int(kolom) if kolom else None,
                         reden=f"Ongeldige TOML: {reden}.") from None
    return _profiel(pad, tekst, data, os_gebruiker or getpass.getuser(), geheimen_weigeren)


def toml_fout(e: tomllib.TOMLDecodeError) -> tuple[str, str, str]:
    """Line, column and reason of a TOML syntax error (line and column empty when unknown)."""
    m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
    reden = re.sub(r"\s*\(at line.*\)$", "", str(e)) or "ongeldige TOML"
    return (m[1], m[2], reden) if m else ("", "", reden)


def _lees_tekst(pad: Path) -> str:
    try:
        return pad.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigFout(f"{pad}: het bestand is geen UTF-8-tekst.", bestand=pad,
                         reden="Het bestand is geen UTF-8-tekst.",
                         oplossing="Sla het op als UTF-8 (zonder BOM) en start Werkplek "
                                   "opnieuw.") from None
    except OSError as e:
        raise ConfigFout(f"{pad}: kan het bestand niet lezen ({e.strerror}).", bestand=pad,
                         reden=f"Het bestand kan niet worden gelezen ({e.strerror}).",
                         oplossing="Controleer of het bestand er is en of u het mag lezen."
                         ) from None


def _regelnummer(tekst: str, sleutel: str) -> int | None:
    """The line where a key or table is written, to point the beheerder at it."""
    kort = sleutel.rsplit(".", maxsplit=1)[-1]
    for nr, regel in enumerate(tekst.splitlines(), 1):
        r = regel.strip()
        if r.startswith(f"[{sleutel}]") or re.match(rf"{re.escape(kort)}\s*=", r):
            return nr
    return None


def _regel(tekst: str, sleutel: str) -> str:
    nr = _regelnummer(tekst, sleutel)
    return f"regel {nr}" if nr else "ontbreekt"


GEHEIME_NAMEN = ("wachtwoord", "password", "passwd", "sleutel", "secret", "token", "apikey",
                 "api_key", "private_key", "geheim")
"""A plugin setting whose name is one of these or ends in one holds a secret: wachtwoord,
client_secret, api_sleutel, klantsleutel, access_token, ... Such a value belongs in the
keyring (``werkplek secrets set``), never in a profile file."""


def is_geheime_instelling(naam: str) -> bool:
    """Whether a plugin setting of this name holds a secret (see GEHEIME_NAMEN)."""
    return naam.lower().replace("-", "_").endswith(GEHEIME_NAMEN)


def geheime_instellingen(conf: Mapping[str, Any], voor: str = "") -> Iterator[tuple[str, str]]:
    """(path, name) of each secret-named setting with a value, in sub-tables too.

    true/false and an empty text are no secret (``gebruik_token = true`` is allowed).
    """
    for naam, waarde in conf.items():
        waar = f"{voor}{naam}"
        if isinstance(waarde, dict):
            yield from geheime_instellingen(waarde, f"{waar}.")
        elif isinstance(waarde, list):
            for i, deel in enumerate(waarde):
                if isinstance(deel, dict):
                    yield from geheime_instellingen(deel, f"{waar}[{i}].")
        elif is_geheime_instelling(naam) and not isinstance(waarde, bool) and (
                isinstance(waarde, int | float) or (isinstance(waarde, str) and waarde.strip())):
            yield waar, naam


def _profielargument(pad: Path) -> str:
    """How ``werkplek secrets set`` names this profile: its name, or else its file."""
    for map_ in (config_dir() / "profielen", RESOURCES / "profiles"):
        if pad.resolve() == (map_ / pad.name).resolve() and pad.suffix == ".toml":
            return pad.stem
    return shlex.quote(str(pad))


def _regel_in_tabel(tekst: str, tabel: str, sleutel: str) -> int | None:
    """The line of ``sleutel`` in ``[tabel]`` (or the first anywhere); "" is the top level."""
    regels = tekst.splitlines()
    if tabel:
        delen = r"\s*\.\s*".join(re.escape(d) for d in tabel.split("."))
        kop = re.compile(rf"\[\[?\s*{delen}\s*\]")
        begin = next((nr for nr, r in enumerate(regels) if kop.match(r.strip())), 0)
    else:
        tabelkop = re.compile(rf"\[\[?\s*{re.escape(sleutel)}\s*[\].]")
        for nr, r in enumerate(regels):
            if tabelkop.match(r.strip()):
                return nr + 1
        begin = 0
    naam = re.compile(rf"(^|[.\s\"'])[\"']?{re.escape(sleutel)}[\"']?\s*=")
    volgorde: list[int] = [*range(begin, len(regels)), *range(begin)]
    for i in volgorde:
        if naam.search(regels[i].split("#", 1)[0]):
            return i + 1
    return _regelnummer(tekst, tabel) if tabel else None


def _regel_in_plugin(tekst: str, plugin: str, sleutel: str) -> str:
    """The line of ``sleutel`` in ``[plugins.<plugin>]`` (or the first anywhere)."""
    nr = _regel_in_tabel(tekst, f"plugins.{plugin}", sleutel)
    return f"regel {nr}" if nr else "ontbreekt"


MEDEWERKERSLEUTELS = frozenset({"naam", "gebruikersnaam", "rol"})
SLEUTELS: Mapping[str, frozenset[str] | None] = {
    "profiel": frozenset({"naam", "gemeente", "timeout_seconden", "locatie", "telefoon"}),
    "medewerker": MEDEWERKERSLEUTELS,
    "medewerkers": None,
    "plugins": None,
    "capabilities": None,
    "checklists": frozenset({"mappen"}),
    "offline": frozenset({"bewaartermijn_dagen", "voorbereiden_bij_start",
                          "verzenden_per_bron"}),
    "telefonie": frozenset({"nawerk_max_seconden", "lijnen"}),
    "wachtrij": frozenset({"naam", "per_lijn", "wachtrijen", "geluid"}),
    "normen": frozenset({"fcr", "servicelevel", "gemiddelde_wachttijd_seconden",
                         "doorverbonden_bereikt", "terugval_centrale",
                         "korte_ophanger_seconden", "marge", "alarm_na_minuten"}),
    "audit": frozenset({"publieke_sleutel"}),
}
"""The tables of a profile and the keys each knows; None: its keys are names (of users,
plugins, capabilities), checked where they are read. A plugin's own settings are declared by
the plugin (``INSTELLINGEN``) and checked against it at start (see controleer_plugins)."""
PLUGINSLEUTELS = frozenset({"plugin", "timeout_seconden"})
"""The settings of every ``[plugins.<naam>]`` that the host itself reads."""


def _onbekende_fout(pad: Path, tekst: str, tabel: str, sleutel: str, bekend: Iterable[str],
                    *, soort: str = "sleutel", waar: str = "") -> ConfigFout:
    nr = _regel_in_tabel(tekst, tabel, sleutel)
    plek = f"[{tabel}] " if tabel else ""
    reden = f"{plek}{bedoelde_u(sleutel, bekend, soort, waar)}"
    return ConfigFout(f"{pad}: {f'regel {nr}' if nr else 'ontbreekt'}: {reden}", bestand=pad,
                      regel=nr, reden=reden)


def _controleer_sleutels(pad: Path, tekst: str, data: Mapping[str, Any]) -> None:
    """Refuse a table or key the program does not read: a typo must not pass unnoticed."""
    for tabel, waarde in data.items():
        if tabel not in SLEUTELS:
            raise _onbekende_fout(pad, tekst, "", tabel, SLEUTELS, soort="tabel")
        bekend = SLEUTELS[tabel]
        if not isinstance(waarde, dict):
            continue
        if bekend is not None:
            for sleutel in waarde:
                if sleutel not in bekend:
                    raise _onbekende_fout(pad, tekst, tabel, sleutel, bekend)
        elif tabel == "medewerkers":
            for gebruiker, gegevens in waarde.items():
                for sleutel in gegevens if isinstance(gegevens, dict) else ():
                    if sleutel not in MEDEWERKERSLEUTELS:
                        raise _onbekende_fout(pad, tekst, f"medewerkers.{gebruiker}", sleutel,
                                              MEDEWERKERSLEUTELS)


def controleer_plugins(profiel: Profiel, instellingen: Mapping[str, frozenset[str] | None]
                       ) -> None:
    """Refuse a plugin that is not installed, and a setting its plugin does not declare.

    ``instellingen``: each installed plugin (entry-point name) → the settings it declares
    (``INSTELLINGEN``; ``"agenda.id"`` is key ``id`` of each table under ``agenda``), or None
    when it declares none (then its table is not checked).
    """
    pad = profiel.bestand
    tekst = _lees_tekst(pad)
    for naam, inst in profiel.plugins.items():
        if inst.plugin not in instellingen:
            nr = _regel_in_tabel(tekst, f"plugins.{naam}", "plugin")
            reden = (f"[plugins.{naam}] {bedoelde_u(inst.plugin, instellingen, 'plugin')}"
                     .replace("; bekend zijn:", "; geïnstalleerd zijn:"))
            raise ConfigFout(f"{pad}: {f'regel {nr}' if nr else 'ontbreekt'}: {reden}",
                             bestand=pad, regel=nr, reden=reden,
                             oplossing=f"Verbeter de naam achter plugin = in [plugins.{naam}] "
                                       f"van {pad}, of installeer de plugin; start Werkplek "
                                       "dan opnieuw.")
        bekend = instellingen[inst.plugin]
        if bekend is None:
            continue
        hoofd = PLUGINSLEUTELS | {b for b in bekend if "." not in b}
        for sleutel, waarde in inst.config.items():
            if sleutel not in hoofd:
                raise _onbekende_fout(pad, tekst, f"plugins.{naam}", sleutel, hoofd,
                                      soort="instelling", waar=f" van {inst.plugin}")
            onder = {b.split(".", 1)[1] for b in bekend if b.startswith(f"{sleutel}.")}
            tabellen = [waarde] if isinstance(waarde, dict) else (
                waarde if isinstance(waarde, list) else [])
            for t in tabellen if onder else ():
                for deel in t if isinstance(t, dict) else ():
                    if deel not in onder:
                        raise _onbekende_fout(
                            pad, tekst, f"plugins.{naam}", deel, onder, soort="instelling",
                            waar=f" in {sleutel} van {inst.plugin}")


def controleer_bronnen(profiel: Profiel) -> None:
    """A window without any source helps nobody: refuse a profile without capabilities."""
    if profiel.capabilities:
        return
    pad = profiel.bestand
    tekst = _lees_tekst(pad)
    nr = _regelnummer(tekst, "capabilities") or _regelnummer(tekst, "plugins")
    reden = ("Dit profiel heeft geen bronnen: geen enkele capability (personen, zaken, "
             "klantcontacten, …) wijst naar een plugin, dus er valt niets te zoeken of te "
             "registreren.")
    raise ConfigFout(
        f"{pad}: {f'regel {nr}' if nr else 'ontbreekt'}: [capabilities] {reden}",
        bestand=pad, regel=nr, reden=reden, kop=f"Het profiel {pad} heeft geen bronnen.",
        oplossing=(f"Voeg in {pad} een plugin toe en wijs de capabilities die hij levert "
                   'eraan toe, bijvoorbeeld:\n\n[plugins.ingebouwd]\nplugin = "werkplek_embedded"'
                   '\n\n[capabilities]\npersonen = ["ingebouwd"]\nzaken = ["ingebouwd"]\n\n'
                   f"Voorbeelden staan in {RESOURCES / 'profiles'} (demo.toml, "
                   "example-commonground.toml)."))


def _profiel(pad: Path, tekst: str, data: Mapping[str, Any], os_gebruiker: str,
             geheimen_weigeren: bool = True) -> Profiel:
    def fout(sleutel: str, reden: str) -> ConfigFout:
        nr = _regelnummer(tekst, sleutel)
        return ConfigFout(f"{pad}: {_regel(tekst, sleutel)}: [{sleutel}] {reden}", bestand=pad,
                          regel=nr, reden=f"[{sleutel}] {reden}")

    _controleer_sleutels(pad, tekst, data)

    def tabel(d: Mapping[str, Any], sleutel: str, pad_: str) -> Mapping[str, Any]:
        waarde = d.get(sleutel, {})
        if not isinstance(waarde, dict):
            raise fout(pad_, "moet een tabel zijn.")
        return waarde

    algemeen = tabel(data, "profiel", "profiel")
    naam = algemeen.get("naam", pad.stem)
    gemeente = algemeen.get("gemeente", naam)
    timeout = algemeen.get("timeout_seconden", 5.0)
    locatie = algemeen.get("locatie", "")
    if not isinstance(locatie, str):
        raise fout("profiel.locatie", "locatie is tekst.")
    telefoon = algemeen.get("telefoon", "")
    if not isinstance(telefoon, str):
        raise fout("profiel.telefoon", 'telefoon is tekst, bijvoorbeeld "14 020".')
    if not isinstance(naam, str) or not isinstance(gemeente, str):
        raise fout("profiel.naam", "naam en gemeente zijn tekst.")
    if not isinstance(timeout, int | float) or not 0.1 <= timeout <= 120:
        raise fout("profiel.timeout_seconden", "moet een getal tussen 0.1 en 120 zijn.")

    plugins: dict[str, PluginInstelling] = {}
    for pnaam, pconf in tabel(data, "plugins", "plugins").items():
        if not isinstance(pconf, dict):
            raise fout(f"plugins.{pnaam}", "moet een tabel zijn.")
        ep = pconf.get("plugin")
        if not isinstance(ep, str) or not ep:
            raise fout(f"plugins.{pnaam}", "mist 'plugin = \"<naam van de plugin>\"'.")
        geheim = next(geheime_instellingen(pconf), None) if geheimen_weigeren else None
        if geheim is not None:
            waar, sleutel = geheim
            reden = f"[plugins.{pnaam}] {waar} is een geheim en hoort niet in een profielbestand."
            oplossing = ("Haal de regel weg en zet het geheim in de sleutelbos met: werkplek "
                         f"secrets set {_profielargument(pad)} {pnaam} {sleutel}")
            raise ConfigFout(
                f"{pad}: {_regel_in_plugin(tekst, pnaam, sleutel)}: {reden} {oplossing}",
                bestand=pad, regel=_regel_in_tabel(tekst, f"plugins.{pnaam}", sleutel),
                reden=reden, oplossing=oplossing)
        pt = pconf.get("timeout_seconden", timeout)
        if not isinstance(pt, int | float) or not 0.1 <= pt <= 120:
            raise fout(f"plugins.{pnaam}", "timeout_seconden moet tussen 0.1 en 120 liggen.")
        # The plugin sees its timeout too, so its own requests give up before the host does.
        rest = {k: v for k, v in pconf.items() if k != "plugin"} | {"timeout_seconden": pt}
        plugins[pnaam] = PluginInstelling(pnaam, ep, rest, float(pt))

    capabilities: dict[Capability, tuple[str, ...]] = {}
    for cnaam, namen in tabel(data, "capabilities", "capabilities").items():
        try:
            cap = Capability(cnaam)
        except ValueError:
            raise fout(f"capabilities.{cnaam}", bedoelde_u(
                cnaam, (c.value for c in Capability), "capability")) from None
        lijst = [namen] if isinstance(namen, str) else namen
        if not isinstance(lijst, list) or not all(isinstance(n, str) for n in lijst):
            raise fout(f"capabilities.{cnaam}", "moet een lijst van pluginnamen zijn.")
        for n in lijst:
            if n not in plugins:
                raise fout(f"capabilities.{cnaam}",
                           f"verwijst naar plugin {n!r}, maar [plugins.{n}] ontbreekt.")
        capabilities[cap] = tuple(lijst)

    checklists = tabel(data, "checklists", "checklists")
    mappen = checklists.get("mappen", [])
    if not isinstance(mappen, list) or not all(isinstance(m, str) and m for m in mappen):
        raise fout("checklists.mappen", "moet een lijst van mappen zijn.")
    offline = tabel(data, "offline", "offline")
    termijn = offline.get("bewaartermijn_dagen", 7)
    if isinstance(termijn, bool) or not isinstance(termijn, int) or not 1 <= termijn <= 90:
        raise fout("offline.bewaartermijn_dagen", "moet een heel getal van 1 tot en met 90 zijn.")
    voorbereiden = offline.get("voorbereiden_bij_start", True)
    if not isinstance(voorbereiden, bool):
        raise fout("offline.voorbereiden_bij_start", "is true of false.")
    per_bron = offline.get("verzenden_per_bron", 16)
    if isinstance(per_bron, bool) or not isinstance(per_bron, int) or not 1 <= per_bron <= 256:
        raise fout("offline.verzenden_per_bron", "moet een heel getal van 1 tot en met 256 zijn.")
    telefonie = tabel(data, "telefonie", "telefonie")
    nawerk = telefonie.get("nawerk_max_seconden", 300)
    if isinstance(nawerk, bool) or not isinstance(nawerk, int | float) or not 10 <= nawerk <= 3600:
        raise fout("telefonie.nawerk_max_seconden", "moet een getal van 10 tot en met 3600 zijn.")
    lijnen = _lijnen(telefonie.get("lijnen", []))
    if lijnen is None:
        raise fout("telefonie.lijnen", "moet een lijst van telefoonnummers zijn, bijvoorbeeld "
                                       '["+31 20 123 4000", "14 020"].')
    wachtrij, per_lijn, wachtrijen, geluid = _wachtrij(tabel(data, "wachtrij", "wachtrij"), fout)
    publieke_sleutel = tabel(data, "audit", "audit").get("publieke_sleutel", "")
    if not isinstance(publieke_sleutel, str):
        raise fout("audit.publieke_sleutel", "is tekst.")
    if publieke_sleutel.strip():
        # cryptography only for a profile that names the key: the window starts without it.
        from werkplek.store.auditbestand import (  # noqa: PLC0415
            SleutelFout,
            lees_publieke_sleutel,
        )
        try:
            lees_publieke_sleutel(publieke_sleutel)
        except SleutelFout as e:
            raise fout("audit.publieke_sleutel", f"{e}.") from None
    return Profiel(
        audit_publieke_sleutel=publieke_sleutel.strip(),
        wachtrij=wachtrij, wachtrij_per_lijn=per_lijn, wachtrijen=wachtrijen,
        normen=_normen(tabel(data, "normen", "normen"), fout), alarm_geluid=geluid,
        lijnen=lijnen,
        bewaartermijn_dagen=termijn, voorbereiden_bij_start=voorbereiden,
        verzenden_per_bron=per_bron,
        nawerk_max_seconden=float(nawerk),
        naam=naam, gemeente=gemeente, bestand=pad, plugins=plugins, capabilities=capabilities,
        medewerker=_medewerker(data, os_gebruiker, fout), timeout=float(timeout),
        locatie=locatie, telefoon=telefoon.strip(),
        checklist_mappen=tuple((pad.parent / Path(m).expanduser()).resolve() for m in mappen),
    )


def _wachtrij(t: Mapping[str, Any], fout: Callable[[str, str], ConfigFout]
              ) -> tuple[str, dict[str, str], tuple[str, ...], bool]:
    naam = t.get("naam", "Telefoon")
    if not isinstance(naam, str) or not naam.strip() or len(naam) > 100:
        raise fout("wachtrij.naam", "is de naam van een wachtrij (tekst, hoogstens 100 tekens).")
    per_lijn = t.get("per_lijn", {})
    if not isinstance(per_lijn, dict) or not all(
            isinstance(w, str) and w.strip() for w in per_lijn.values()):
        raise fout("wachtrij.per_lijn", 'is een tabel van lijn naar wachtrij, bijvoorbeeld '
                                        '{ "14 020" = "Burgerzaken" }.')
    lijnen = {lijnnummer(str(k)): w.strip() for k, w in per_lijn.items()}
    if "" in lijnen:
        raise fout("wachtrij.per_lijn", "bevat een lijn die geen telefoonnummer is.")
    wachtrijen = t.get("wachtrijen", [])
    if not isinstance(wachtrijen, list) or not all(
            isinstance(w, str) and w.strip() for w in wachtrijen):
        raise fout("wachtrij.wachtrijen", "moet een lijst van namen van wachtrijen zijn.")
    geluid = t.get("geluid", False)
    if not isinstance(geluid, bool):
        raise fout("wachtrij.geluid", "is true of false.")
    return naam.strip(), lijnen, tuple(w.strip() for w in wachtrijen), geluid


def _normen(t: Mapping[str, Any], fout: Callable[[str, str], ConfigFout]) -> Normen:
    """``[normen]``: shares as fractions (0.97 is 97%), times in seconds or minutes."""
    standaard = Normen()

    def getal(sleutel: str, bij: float, laag: float, hoog: float) -> float:
        w = t.get(sleutel, bij)
        if isinstance(w, bool) or not isinstance(w, int | float) or not laag <= w <= hoog:
            raise fout(f"normen.{sleutel}", f"moet een getal van {laag:g} tot en met {hoog:g} "
                                             "zijn" + (" (0.97 is 97%)." if hoog == 1 else "."))
        return float(w)

    levels = t.get("servicelevel")
    if levels is None:
        servicelevels = standaard.servicelevels
    else:
        if not isinstance(levels, list) or not levels or not all(
                isinstance(n, dict) and set(n) == {"drempel_seconden", "aandeel"}
                for n in levels):
            raise fout("normen.servicelevel", "is een lijst als [{ drempel_seconden = 20, "
                                              "aandeel = 0.97 }].")
        try:
            servicelevels = tuple(Servicelevelnorm(timedelta(seconds=float(n["drempel_seconden"])),
                                                   float(n["aandeel"])) for n in levels)
        except (TypeError, ValueError):
            raise fout("normen.servicelevel",
                       "drempel_seconden en aandeel zijn getallen.") from None
    try:
        return Normen(
            fcr=getal("fcr", standaard.fcr, 0, 1),
            servicelevels=servicelevels,
            gemiddelde_wachttijd=timedelta(seconds=getal(
                "gemiddelde_wachttijd_seconden", standaard.gemiddelde_wachttijd.total_seconds(),
                0, 3600)),
            doorverbonden_bereikt=getal("doorverbonden_bereikt", standaard.doorverbonden_bereikt,
                                        0, 1),
            terugval_centrale=getal("terugval_centrale", standaard.terugval_centrale, 0, 1),
            korte_ophanger=timedelta(seconds=getal(
                "korte_ophanger_seconden", standaard.korte_ophanger.total_seconds(), 0, 600)),
            marge=getal("marge", standaard.marge, 0, 1),
            alarm_na=timedelta(minutes=getal("alarm_na_minuten",
                                             standaard.alarm_na.total_seconds() / 60, 0, 1440)),
        )
    except ValueError as e:
        raise fout("normen", str(e)) from None


def _lijnen(waarde: object) -> tuple[str, ...] | None:
    if not isinstance(waarde, list) or not all(isinstance(x, str) for x in waarde):
        return None
    lijnen = tuple(lijnnummer(x) for x in waarde)
    return None if "" in lijnen else lijnen


def profiel_voor_lijn(lijn: str) -> Path | None:
    """The profile file whose ``[telefonie] lijnen`` holds the dialled number: in a shared
    service centre the line tells which gemeente the caller wants. None when no profile
    claims it (or the line is not a number). Only the profiles in the config dir count (the
    shipped examples never do). An unreadable profile is skipped here; it reports its own
    error when it is started."""
    gezocht = lijnnummer(lijn)
    map_ = config_dir() / "profielen"
    if not gezocht or not map_.is_dir():
        return None
    for pad in sorted(map_.glob("*.toml")):
        try:
            data = tomllib.loads(_lees_tekst(pad))
        except (ConfigFout, tomllib.TOMLDecodeError):
            continue
        telefonie = data.get("telefonie")
        lijnen = _lijnen(telefonie.get("lijnen", [])) if isinstance(telefonie, dict) else None
        if lijnen and gezocht in lijnen:
            return pad
    return None


def _medewerker(data: Mapping[str, Any], os_gebruiker: str, fout: Any) -> Medewerker:
    standaard = data.get("medewerker", {})
    per_gebruiker = data.get("medewerkers", {}).get(os_gebruiker, {})
    if not isinstance(standaard, dict) or not isinstance(per_gebruiker, dict):
        raise fout("medewerker", "moet een tabel zijn.")
    gegevens = {**standaard, **per_gebruiker}
    rol = gegevens.get("rol", "telefoon")
    try:
        rol_ = Rol(rol)
    except ValueError:
        raise fout("medewerker.rol" if "rol" not in per_gebruiker else
                   f"medewerkers.{os_gebruiker}",
                   f"onbekende rol {rol!r}; kies balie, telefoon of supervisor.") from None
    return Medewerker(
        gebruikersnaam=str(gegevens.get("gebruikersnaam", os_gebruiker)),
        naam=str(gegevens.get("naam", os_gebruiker)),
        rol=rol_,
    )
