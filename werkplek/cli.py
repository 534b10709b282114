"""The command line: ``werkplek`` starts the window; ``werkplek plugins`` reports the plugins."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import werkplek

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from werkplek.app import Werkplek
    from werkplek.services.profiel import Profiel
    from werkplek.store.auditbestand import Gelezen
    from werkplek.store.database import Store


GEEN_BEELDSCHERM = 3
"""Exit code when there is no display to show the window on."""


class _Versie(argparse.Action):
    """``--version``: the version is looked up only when it is asked for."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(f"werkplek {werkplek.__version__}")  # to stdout, as argparse's own does
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="werkplek",
        description="Werkplek: de werkplek van het Klant Contact Centrum.",
    )
    p.add_argument("opdracht", nargs="?", metavar="OPDRACHT",
                   help="plugins: toon de gevonden plugins, hun capabilities en gezondheid; "
                        "checklists: controleer de checklists van het profiel; "
                        "sync: verstuur wat nog te verzenden is, zonder venster; "
                        "wachtrijen: de cijfers van de wachtrijen (met --volg: live); "
                        "pop: open de beller in de werkplek die al draait (of start hem); "
                        "werkplek://pop?phone=NUMMER: hetzelfde als URL; "
                        "audit export/controleer/sleutelpaar, secrets set/delete: beheer "
                        "(werkplek audit --help, werkplek secrets --help)")
    p.add_argument("--phone", metavar="NUMMER", help="met pop: het nummer van de beller")
    p.add_argument("--line", metavar="LIJN", default="",
                   help="met pop: het gekozen nummer (de lijn van de gemeente)")
    p.add_argument("--call-id", metavar="ID", dest="call_id", default="",
                   help="met pop: het kenmerk van het gesprek in de softphone")
    p.add_argument("--profile", metavar="NAAM", help="het profiel (gemeente) om te starten")
    p.add_argument("--config", metavar="BESTAND", type=Path, help="een profielbestand (TOML)")
    p.add_argument("--volg", action="store_true",
                   help="met wachtrijen: blijf volgen en toon elke wijziging (Ctrl+C stopt)")
    p.add_argument("--json", action="store_true",
                   help="met wachtrijen: elke stand als één regel JSON")
    p.add_argument("--verlies-erkend", action="store_true", dest="verlies_erkend",
                   help="met sync: de beheerder heeft gecontroleerd wat uit een beschadigde "
                        "opslag niet te lezen was; sync meldt het daarna niet meer als fout")
    p.add_argument("--version", action=_Versie, help="toon het versienummer en stop")
    p.add_argument("--screenshot", metavar="BESTAND", type=Path,
                   help="start zonder scherm, maak een PNG van het venster en stop")
    p.add_argument("--open", metavar="BSN_OF_KVK", dest="openen",
                   help="met --screenshot: open eerst het dossier van dit BSN of KvK-nummer")
    p.add_argument("--grootte", metavar="BxH", type=_grootte,
                   help="met --screenshot: de grootte van het venster, bijvoorbeeld 1366x768")
    p.add_argument("--onderwerp",
                   help="met --screenshot: kies dit onderwerp (de checklist ervan gaat open)")
    p.add_argument("--in-gesprek", action="store_true", dest="in_gesprek",
                   help="met --screenshot: de compacte indeling ‘in gesprek’ (Ctrl+Shift+G)")
    return p


OPDRACHTEN = ("plugins", "checklists", "sync", "pop", "wachtrijen")
BEHEER = ("audit", "secrets")
"""Beheer commands, with their own sub-commands and options; they come first on the line."""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] and argv[0] in BEHEER:
        return _beheer(argv)
    parser = _parser()
    args = parser.parse_args(argv)
    # Heavy modules only after argument parsing: --version and --help stay instant.
    from werkplek.domain.invoer import OngeldigeInvoer  # noqa: PLC0415

    try:
        venster_opdracht = _venster_opdracht(args)
    except OngeldigeInvoer as e:
        print(f"werkplek: {e.bericht}", file=sys.stderr)
        return 2
    if args.opdracht in BEHEER:
        parser.error(f"zet {args.opdracht} vooraan: werkplek {args.opdracht} ... "
                     f"(zie werkplek {args.opdracht} --help)")
    if args.opdracht not in (None, *OPDRACHTEN):
        parser.error(f"onbekende opdracht {args.opdracht!r}; kies uit {', '.join(OPDRACHTEN)}")
    from werkplek import app  # noqa: PLC0415
    from werkplek.services import logboek  # noqa: PLC0415
    from werkplek.services.profiel import ConfigFout  # noqa: PLC0415

    bij_schermafbeelding = {"--open": args.openen, "--grootte": args.grootte,
                            "--onderwerp": args.onderwerp, "--in-gesprek": args.in_gesprek}
    for optie, waarde in bij_schermafbeelding.items():
        if waarde and not args.screenshot:
            print(f"werkplek: {optie} hoort bij --screenshot.", file=sys.stderr)
            return 2
    lijn = _lijn(venster_opdracht)
    if lijn and args.profile is None and args.config is None:
        # A shared service centre: the dialled line says which gemeente's profile to use.
        from werkplek.services.profiel import profiel_voor_lijn  # noqa: PLC0415
        args.config = profiel_voor_lijn(lijn)
        if args.config is None:
            print(f"werkplek: geen profiel heeft lijn {lijn} in [telefonie] lijnen; het "
                  "standaardprofiel opent de beller.", file=sys.stderr)
    venster = args.opdracht in (None, "pop")
    try:
        # For the window the plugins are checked on its worker thread, as they load.
        profiel = app.laad_profiel(args.profile, args.config, venster=venster,
                                   plugins=not venster)
    except ConfigFout as e:
        # One line for scripts; and, for someone who started the window from a menu, a
        # dialog where he looks (not without a screen, nor for a screenshot).
        print(f"werkplek: configuratiefout: {e.als_een_regel()}", file=sys.stderr, flush=True)
        if venster and args.screenshot is None:
            from werkplek.ui.toepassing import heeft_beeldscherm  # noqa: PLC0415
            if heeft_beeldscherm():
                from werkplek.ui.startfout import toon_configfout  # noqa: PLC0415
                toon_configfout(e)
        return 2
    if venster and args.screenshot is None:
        from werkplek.ui.toepassing import heeft_beeldscherm  # noqa: PLC0415
        if not heeft_beeldscherm():
            print("werkplek: geen beeldscherm gevonden (DISPLAY en WAYLAND_DISPLAY zijn leeg); "
                  "maak een schermafbeelding met: werkplek --screenshot werkplek.png "
                  "--open 999993653", file=sys.stderr)
            return GEEN_BEELDSCHERM
        from werkplek.ui.eeninstantie import servernaam, stuur  # noqa: PLC0415
        if stuur(venster_opdracht, servernaam(profiel.naam)):  # the running one takes it
            print("werkplek: de werkplek die al draait heeft de opdracht overgenomen.")
            return 0
    logboek.richt_in()
    if args.opdracht == "checklists":
        return _toon_checklists(profiel)
    if not venster:
        werkplek = app.bouw(profiel)
        if args.opdracht == "plugins":
            return asyncio.run(_toon_plugins(werkplek))
        if args.opdracht == "sync":
            return asyncio.run(_sync(werkplek, verlies_erkend=args.verlies_erkend))
        try:
            return asyncio.run(_wachtrijen(werkplek, volg=args.volg, als_json=args.json))
        except KeyboardInterrupt:
            return 0
    opname = None
    if args.screenshot is not None:
        from werkplek.ui.toepassing import SCHERMAFBEELDING_GROOTTE, Opname  # noqa: PLC0415
        opname = Opname(args.screenshot, args.openen, args.grootte or SCHERMAFBEELDING_GROOTTE,
                        args.onderwerp, args.in_gesprek)
    return app.start_venster(profiel, opname, venster_opdracht if args.opdracht == "pop" else None,
                             plugins_gecontroleerd=False)


def _grootte(tekst: str) -> tuple[int, int]:
    """'1366x768' as (1366, 768); argparse says what is wrong with anything else."""
    breedte, x, hoogte = tekst.lower().partition("x")
    if not (x and breedte.isdigit() and hoogte.isdigit()) or min(int(breedte), int(hoogte)) < 200:
        raise argparse.ArgumentTypeError(f"‘{tekst}’ is geen grootte als 1366x768")
    return int(breedte), int(hoogte)


def _venster_opdracht(args: argparse.Namespace) -> dict[str, object]:
    """What the window is asked: to come forward, or to open a caller (from pop or a URL)."""
    from werkplek.domain import oproep as oproepen  # noqa: PLC0415
    from werkplek.domain.invoer import OngeldigeInvoer  # noqa: PLC0415

    if args.opdracht and args.opdracht.startswith(f"{oproepen.SCHEMA}://"):
        url, args.opdracht = args.opdracht, "pop"
        return {"opdracht": "pop", "oproep": oproepen.uit_url(url).bericht()}
    if args.opdracht == "pop":
        if args.phone is None:
            raise OngeldigeInvoer("--phone", "pop vraagt het nummer van de beller: "
                                             "werkplek pop --phone NUMMER.")
        return {"opdracht": "pop", "oproep": oproepen.oproep(
            args.phone, args.line, args.call_id).bericht()}
    return {"opdracht": "toon"}


def _lijn(opdracht: dict[str, object]) -> str:
    oproep = opdracht.get("oproep")
    lijn = oproep.get("lijn") if isinstance(oproep, dict) else None
    return lijn if isinstance(lijn, str) else ""


async def _toon_plugins(werkplek: Werkplek) -> int:
    host = werkplek.host
    print(f"Profiel: {werkplek.profiel.naam} ({werkplek.profiel.gemeente}) — "
          f"{werkplek.profiel.bestand}")
    print("\nGevonden plugins (entry-point groep werkplek.plugins):")
    from werkplek.services.plugins import ontdek  # noqa: PLC0415 - every installed one here

    for o in sorted(ontdek().values(), key=lambda o: o.naam):
        staat = f"FOUT: {o.fout}" if o.fout else "geladen"
        print(f"  {o.naam:<22} {o.distributie} {o.versie:<10} {o.verwijzing}  [{staat}]")
    gezond = await host.gezondheid()
    print("\nPlugins van dit profiel:")
    for naam, a in host.actief.items():
        caps = [c.value for c, namen in host.profiel.capabilities.items() if naam in namen]
        kan = sorted(c.value for c in a.object.capabilities) if a.object else []
        g = gezond[naam]
        print(f"  {naam} ({a.plugin_naam})")
        print(f"    capabilities in profiel: {', '.join(caps) or '—'}")
        print(f"    capabilities van plugin: {', '.join(kan) or '—'}")
        print(f"    gezondheid: {'in orde' if g.in_orde else 'NIET IN ORDE'}"
              f"{' — ' + g.toelichting if g.toelichting else ''}")
    await werkplek.aclose()
    return 0 if all(g.in_orde for g in gezond.values()) else 1


async def _sync(werkplek: Werkplek, *, verlies_erkend: bool = False) -> int:
    """Flush the outbox headless. Exit 0 when nothing waits any more and nothing from a
    damaged store is unaccounted for (or a beheerder acknowledged it), 1 otherwise."""
    from werkplek.services.opslag import erken_verlies, lees_verlies  # noqa: PLC0415
    from werkplek.store.rijen import GEPARKEERD  # noqa: PLC0415

    for m in werkplek.meldingen:
        print(f"werkplek: {m.tekst}", file=sys.stderr)
    verzender = werkplek.dossier.verzender
    store = werkplek.store
    try:
        verlies = await werkplek.werker.doe(lambda: lees_verlies(store))
        if verlies is not None and verlies_erkend:
            door = werkplek.profiel.medewerker.gebruikersnaam
            await werkplek.werker.doe(lambda: erken_verlies(store, door))
        voor = await verzender.vernieuw_stand()
        uitslagen = await verzender.leeg(forceer=True)
        na = await verzender.vernieuw_stand()
        berichten = await verzender.berichten()
    finally:
        await werkplek.aclose()
    aangekomen = sum(1 for u in uitslagen.values() if u.ok)
    hersteld = [m.hersteld for m in werkplek.meldingen if m.hersteld is not None]
    if hersteld or verlies is not None:
        n = sum(hersteld) if hersteld else verlies.hersteld if verlies else 0
        print(f"Hersteld uit een beschadigde opslag: {n}.")
    if verlies is not None:
        if verlies.onbekend and not (verlies.hersteld or verlies.onleesbaar or verlies.audit):
            print("Niet te lezen: een onbekend aantal (de opslag was niet te openen); oude "
                  f"bestand: {', '.join(verlies.bestanden)}.")
        else:
            ids = f" (id: {', '.join(verlies.ids)})" if verlies.ids else ""
            minstens = "minstens " if verlies.onbekend else ""
            print(f"Niet te lezen: {minstens}{verlies.onleesbaar}{ids}; auditregels niet te "
                  f"lezen: {verlies.audit}.")
        print("Verlies erkend door de beheerder." if verlies_erkend else
              "Controleer welke contacten ontbreken en erken het verlies daarna met: "
              "werkplek sync --verlies-erkend")
    print(f"Te verzenden: {voor.wachtend}; aangekomen: {aangekomen}; "
          f"nog te verzenden: {na.wachtend}; geparkeerd: {na.geparkeerd}.")
    for bron in na.onbereikbaar:
        print(f"  Niet bereikbaar: {bron}")
    for b in berichten:
        if b.status == GEPARKEERD:
            print(f"  Geparkeerd: {b.soort} {b.id} ({b.omschrijving}): {b.laatste_fout}")
    onverantwoord = verlies is not None and not verlies_erkend
    return 0 if not (na.wachtend or na.geparkeerd or onverantwoord) else 1


async def _wachtrijen(werkplek: Werkplek, *, volg: bool, als_json: bool) -> int:
    """The supervisor's figures in a terminal (or as JSON lines for a wallboard). With
    ``volg`` a new stand is printed each time the source's facts or the connection changed.
    Exit 1 when the queue source could not be read (without ``volg``)."""
    import json  # noqa: PLC0415

    from werkplek.services.beeld import Wachtrijbeeld  # noqa: PLC0415
    from werkplek.services.wachtrij import als_tekst, samenvatting  # noqa: PLC0415

    monitor = werkplek.monitor
    if not monitor.ingesteld:
        print("werkplek: dit profiel heeft geen wachtrijbron ([capabilities] wachtrij).",
              file=sys.stderr)
        await werkplek.aclose()
        return 2

    def toon(beeld: Wachtrijbeeld) -> None:
        print(json.dumps(samenvatting(beeld), ensure_ascii=False) if als_json
              else als_tekst(beeld) + "\n", flush=True)

    try:
        if not volg:
            gelezen = await monitor.lees()
            toon(monitor.beeld())
            return 0 if gelezen else 1
        vorige: tuple[object, ...] = ()

        def bij(beeld: Wachtrijbeeld) -> None:
            nonlocal vorige
            if (nieuw := (beeld.gelezen, beeld.verbonden)) != vorige:
                vorige = nieuw
                toon(beeld)

        await monitor.volg(bij)
        return 0
    finally:
        await werkplek.aclose()


def _toon_checklists(profiel: Profiel) -> int:
    """For beheerders: which checklists load, which are refused and why. Exit 1 on any error."""
    from werkplek.services import checklists  # noqa: PLC0415

    mappen = [checklists.STANDAARD, *profiel.checklist_mappen]
    geladen = checklists.laad(mappen)
    print(f"Profiel: {profiel.naam} — checklists uit: {', '.join(str(m) for m in mappen)}")
    for c in geladen.gesorteerd():
        print(f"  {c.id:<32} {c.titel} ({len(c.vragen)} vragen, {len(c.uitkomsten)} uitkomsten)"
              f" — {c.bron}")
    for f in geladen.fouten:
        print(f"  GEWEIGERD: {f}")
    return 1 if geladen.fouten else 0


# -- beheer: the audit export and plugin secrets -----------------------------------------------

def _beheer_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="werkplek", description="Beheer: het auditlogboek en de geheimen van plugins.")
    opdrachten = p.add_subparsers(dest="opdracht", required=True, metavar="OPDRACHT")
    audit = opdrachten.add_parser("audit", help="het auditlogboek (protocollering)").add_subparsers(
        dest="actie", required=True, metavar="ACTIE")
    export = audit.add_parser(
        "export", help="schrijf de inzagen van persoonsgegevens als CSV, voor de privacy officer")
    export.add_argument("--since", required=True, metavar="JJJJ-MM-DD",
                        help="vanaf deze dag (00:00 uur Nederlandse tijd)")
    export.add_argument("--profile", metavar="NAAM", help="het profiel (standaard demo)")
    export.add_argument("--config", metavar="BESTAND", type=Path, help="een profielbestand")
    export.add_argument("--output", metavar="BESTAND", type=Path,
                        help="het CSV-bestand (standaard: de standaarduitvoer)")
    export.add_argument("--private-key", metavar="BESTAND", type=Path, dest="prive",
                        help="de privésleutel van de privacy officer: neemt ook de regels mee "
                             "die een werkplek zonder sleutelbos versleuteld schreef")
    controleer = audit.add_parser(
        "controleer", help="controleer de hashketen van het auditlogboek (en tegen het "
                           "auditarchief van het team); 0: ongeschonden, 1: niet")
    controleer.add_argument("--profile", metavar="NAAM", help="het profiel (standaard demo)")
    controleer.add_argument("--config", metavar="BESTAND", type=Path, help="een profielbestand")
    controleer.add_argument("--private-key", metavar="BESTAND", type=Path, dest="prive",
                            help="de privésleutel van de privacy officer, voor het "
                                 "versleutelde auditbestand")
    paar = audit.add_parser(
        "sleutelpaar", help="maak een sleutelpaar voor de privacy officer: de privésleutel in "
                            "een bestand, de publieke sleutel voor [audit] publieke_sleutel")
    paar.add_argument("--output", metavar="BESTAND", type=Path, required=True,
                      help="het nieuwe bestand voor de privésleutel (wordt nooit overschreven)")
    geheimen = opdrachten.add_parser(
        "secrets", help="geheimen van plugins in de sleutelbos (keyring)").add_subparsers(
        dest="actie", required=True, metavar="ACTIE")
    for actie, uitleg in (("set", "zet een geheim; de waarde wordt gevraagd, niet getoond "
                                  "(of één regel van de standaardinvoer)"),
                          ("delete", "wis een geheim")):
        a = geheimen.add_parser(actie, help=uitleg)
        a.add_argument("profiel", metavar="PROFIEL",
                       help="de naam van het profiel, of een profielbestand (.toml)")
        a.add_argument("plugin", metavar="PLUGIN",
                       help="de plugin in het profiel: [plugins.PLUGIN]")
        a.add_argument("naam", metavar="SLEUTEL", help="de naam van het geheim, zoals wachtwoord")
    return p


def _beheer(argv: list[str]) -> int:
    """``werkplek audit ...`` and ``werkplek secrets ...``: 0 done, 1 failed, 2 wrong input."""
    args = _beheer_parser().parse_args(argv)
    from werkplek.services import logboek  # noqa: PLC0415
    from werkplek.services.beheer import BeheerFout  # noqa: PLC0415
    from werkplek.services.profiel import ConfigFout  # noqa: PLC0415

    logboek.richt_in()
    try:
        if args.opdracht == "audit":
            return {"export": _audit_export, "controleer": _audit_controleer,
                    "sleutelpaar": _audit_sleutelpaar}[args.actie](args)
        return _geheim(args)
    except ConfigFout as e:
        print(f"werkplek: configuratiefout: {e.als_een_regel()}", file=sys.stderr)
        return 2
    except BeheerFout as e:
        print(f"werkplek: {e}", file=sys.stderr)
        return e.exitcode


def _beheerprofiel(naam: str | None, bestand: Path | None) -> Profiel:
    """The profile as the beheer commands read it: no plugin starts, so a secret in it is
    no reason to refuse (``secrets set`` is how it moves out)."""
    from werkplek.services import profiel as profielen  # noqa: PLC0415

    return profielen.lees_profiel(profielen.zoek_profiel(naam, bestand),
                                  geheimen_weigeren=False)


def _audit_export(args: argparse.Namespace) -> int:
    from werkplek.services import beheer  # noqa: PLC0415
    from werkplek.services.profiel import data_dir  # noqa: PLC0415

    sinds = beheer.lees_datum(args.since)
    profiel = _beheerprofiel(args.profile, args.config)
    prive = beheer.lees_privesleutel(args.prive) if args.prive else None
    store, gelezen = _auditbronnen(profiel.naam, data_dir(), prive)
    records = gelezen.records if gelezen else []
    if gelezen and not gelezen.rapport.heel:
        print("werkplek: LET OP: de hashketen van het auditbestand is niet ongeschonden; zie "
              "werkplek audit controleer.", file=sys.stderr)
    try:
        if args.output is None:
            beheer.exporteer_audit(store, sinds, sys.stdout, records)
            return 0
        with beheer.uitvoerbestand(args.output) as uit:
            n = beheer.exporteer_audit(store, sinds, uit, records)
    finally:
        if store is not None:
            store.sluit()
    print(f"{n} {'auditregel' if n == 1 else 'auditregels'} vanaf {sinds:%d-%m-%Y} "
          f"geschreven naar {args.output}.")
    return 0


def _auditbronnen(profiel: str, map_: Path, prive: X25519PrivateKey | None
                  ) -> tuple[Store | None, Gelezen | None]:
    """The store (None when there is none but a sealed audit file) and that file opened."""
    from werkplek.services import beheer  # noqa: PLC0415

    gelezen = beheer.lees_auditbestand(profiel, map_, prive)
    try:
        store = beheer.open_bestaande_opslag(profiel, map_)
    except beheer.BeheerFout:
        if gelezen is None:
            raise
        store = None
    return store, gelezen


def _audit_controleer(args: argparse.Namespace) -> int:
    """0 when every chain is whole (and matches the team's archive), 1 at the first break."""
    from werkplek.services import beheer  # noqa: PLC0415
    from werkplek.services.profiel import data_dir  # noqa: PLC0415
    from werkplek.store.auditbestand import auditbestandpad  # noqa: PLC0415

    profiel = _beheerprofiel(args.profile, args.config)
    prive = beheer.lees_privesleutel(args.prive) if args.prive else None
    store, gelezen = _auditbronnen(profiel.naam, data_dir(), prive)
    controle = beheer.Controle()
    try:
        if store is not None:
            rapport = beheer.controleer_opslag(store, profiel.naam, controle)
            asyncio.run(beheer.vergelijk_met_archief(profiel, data_dir(), rapport, controle))
    finally:
        if store is not None:
            store.sluit()
    if gelezen is not None:
        beheer.controleer_bestand(gelezen, auditbestandpad(data_dir(), profiel.naam), controle)
    for regel in controle.regels:
        print(regel)
    eerste = controle.eerste()
    if eerste is None:
        print("Het auditlogboek is ongeschonden.")
        return 0
    print(f"GESCHONDEN: regel {eerste[0]}: {eerste[1]}.")
    for nummer, reden in sorted(controle.breuken):
        if (nummer, reden) != eerste:
            print(f"  ook regel {nummer}: {reden}.")
    return 1


def _audit_sleutelpaar(args: argparse.Namespace) -> int:
    from werkplek.services import beheer  # noqa: PLC0415

    publiek = beheer.maak_sleutelpaar(args.output)
    print(f"De privésleutel staat in {args.output}: bewaar hem bij de privacy officer, niet op "
          "een werkplek. Zet in het profiel van elke werkplek:\n\n[audit]\n"
          f'publieke_sleutel = "{publiek}"')
    return 0


def _geheim(args: argparse.Namespace) -> int:
    from werkplek.services import beheer  # noqa: PLC0415

    bestand = Path(args.profiel) if args.profiel.endswith(".toml") or "/" in args.profiel else None
    profiel = _beheerprofiel(None if bestand else args.profiel, bestand)
    if args.actie == "delete":
        plek = beheer.wis_geheim(profiel, args.plugin, args.naam)
        print(f"Geheim {args.naam!r} van plugin {args.plugin} (profiel {profiel.naam}) is gewist "
              f"uit de sleutelbos ({plek}).")
        return 0
    beheer.plek_van_geheim(profiel, args.plugin, args.naam)  # a typo is refused before asking
    waarde = _lees_geheim(f"Geheim {args.naam!r} van plugin {args.plugin} "
                          f"(profiel {profiel.naam}): ")
    plek = beheer.zet_geheim(profiel, args.plugin, args.naam, waarde)
    print(f"Geheim {args.naam!r} van plugin {args.plugin} (profiel {profiel.naam}) is opgeslagen "
          f"in de sleutelbos ({plek}).")
    if waar := beheer.nog_in_profiel(profiel, args.plugin, args.naam):
        print(f"Haal nu {waar} weg uit [plugins.{args.plugin}] in {profiel.bestand}: met een "
              "geheim erin start werkplek dit profiel niet.")
    return 0


def _lees_geheim(vraag: str) -> str:
    """The value, not echoed on a terminal; else one line of stdin (for scripts and tests)."""
    import getpass  # noqa: PLC0415

    from werkplek.services.beheer import BeheerFout  # noqa: PLC0415

    try:
        if sys.stdin is not None and sys.stdin.isatty():
            return getpass.getpass(vraag)
        return (sys.stdin.readline() if sys.stdin is not None else "").rstrip("\r\n")
    except (EOFError, KeyboardInterrupt):
        raise BeheerFout("Afgebroken; er is niets opgeslagen.") from None
