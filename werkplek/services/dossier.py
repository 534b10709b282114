"""Search, the dossier of one customer from all sources at once, and registering a contact."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from werkplek.domain import invoer
from werkplek.domain.checklist import Antwoord, Checklist, open_verplicht, vastleggen
from werkplek.domain.invoer import OngeldigeInvoer, Zoeksoort, Zoekvraag
from werkplek.domain.model import (
    Afhandeling,
    Bedrijf,
    Contactmoment,
    Contactverzoek,
    Kanaal,
    Kennisartikel,
    Klant,
    KlantRef,
    KlantSoort,
    Medewerker,
    Ontvanger,
    Persoon,
    Veldlimieten,
    Zaak,
    Zaakaanvraag,
    nu,
)
from werkplek.domain.regels import nieuwste_eerst
from werkplek.ports import Capability
from werkplek.services.auditkop import ZETTEN_NA, Sleutelboskop
from werkplek.services.beeld import BronStatus, Deel, Kennispagina, Zoekresultaat, bronstatussen
from werkplek.services.cache import LeesCache, klantsleutel
from werkplek.services.plugins import BronAntwoord, PluginHost, Uitkomst
from werkplek.services.profiel import Profiel
from werkplek.services.verzenden import Verzender, Verzending
from werkplek.services.werker import StoreWerker
from werkplek.store.auditbestand import Auditbestand, auditbestandpad, lees_publieke_sleutel
from werkplek.store.auditketen import werkplek_id
from werkplek.store.repositories import (
    PAGINA,
    AuditLog,
    KennisIndex,
    Teamkopie,
)
from werkplek.store.rijen import Kennistreffer as _Kennistreffer

log = logging.getLogger(__name__)
T = TypeVar("T")
Kennistreffer = _Kennistreffer
"""One line of the kennisbank's list (title, onderwerp, fragment), as the UI shows it."""
DOEL = "Klantcontact KCC"
AUDITBRON = "protocollering"
GEEN_AUDIT = (
    "Persoonsgegevens worden niet getoond: deze werkplek kan niet vastleggen wie ze inziet. "
    "Er is geen bruikbare sleutelbos (keyring) en het profiel noemt geen publieke sleutel "
    "van de privacy officer ([audit] publieke_sleutel). Vraag de beheerder een van beide "
    "in te richten (zie ‘werkplek audit sleutelpaar’).")


def auditbestand_van(profiel: Profiel, data_dir: Path) -> Auditbestand | None:
    """The sealed audit file of a profile that names the privacy officer's public key."""
    if not profiel.audit_publieke_sleutel:
        return None
    return Auditbestand(auditbestandpad(data_dir, profiel.naam),
                        lees_publieke_sleutel(profiel.audit_publieke_sleutel))


def _samengevoegd(antwoorden: Iterable[BronAntwoord[list[T]]],
                  sleutel: Callable[[T], str]) -> list[T]:
    """Merge the lists of several sources; the first source to name an item wins."""
    alle: dict[str, T] = {}
    for a in antwoorden:
        for item in a.waarde or []:
            alle.setdefault(sleutel(item), item)
    return list(alle.values())


def _resultaat(k: Klant) -> Zoekresultaat:
    adres = k.adres.regel() if k.adres else "geen adres bekend"
    if isinstance(k, Persoon):
        omschr = f"geb. {k.geboortedatum:%d-%m-%Y} · {adres}"
        if k.geheimhouding:
            omschr += " · geheimhouding"
        return Zoekresultaat(k.ref, k.naam, omschr, k.bron)
    return Zoekresultaat(k.ref, k.naam, f"KvK {k.kvk_nummer} · {adres}", k.bron)


_OP_NUMMER: dict[Zoeksoort, Callable[[str], KlantRef]] = {
    Zoeksoort.BSN: KlantRef.persoon, Zoeksoort.KVK: KlantRef.bedrijf}


class DossierService:
    """Everything the one screen asks of the sources, each call guarded by the plugin host."""

    def __init__(self, host: PluginHost, werker: StoreWerker, medewerker: Medewerker, *,
                 auditbestand: Auditbestand | None = None) -> None:
        self.host = host
        self.werker = werker
        self.medewerker = medewerker
        self._audit = AuditLog(werker.store)
        self._auditbestand = None if werker.store.versleuteld else auditbestand
        """Without a keyring (a store in memory): the sealed audit file, if the profile
        names the privacy officer's public key; without both, persons are not shown."""
        self._kop = (Sleutelboskop(host.profiel.naam, werker.store.pad, self._audit)
                     if werker.store.pad is not None else None)
        """The chain's head in the keyring, beside an encrypted store."""
        self.cache = LeesCache(werker)
        self.verzender = Verzender(host, werker)
        self._onderweg: set[asyncio.Future[None]] = set()
        """Audit records handed to the store and not yet written."""
        self._kop_gepland: asyncio.TimerHandle | None = None
        """The keyring write of a head put off (``_kop_straks``)."""
        self._bekend: dict[KlantRef, Klant] = {}
        """Customers loaded this session: their name and a company's RSIN and
        vestigingsnummer go with a contact or zaak, whichever way the dossier was opened."""

    # -- search -------------------------------------------------------------------------------

    @staticmethod
    def zoekvraag(tekst: str, soort: Zoeksoort = Zoeksoort.AUTOMATISCH) -> Zoekvraag:
        """Validate before anything is sent; raises OngeldigeInvoer with the field's message."""
        return invoer.zoekvraag(tekst, soort)

    async def zoek(self, vraag: Zoekvraag) -> Deel[list[Zoekresultaat]]:
        antwoorden: list[BronAntwoord[object]] = []
        klanten: list[Klant] = []
        taken = []
        if vraag.soort is Zoeksoort.ZAAKNUMMER:
            zaak_antw = await self.host.roep(Capability.ZAKEN, lambda p: p.zaak(vraag.waarde))
            antwoorden += zaak_antw
            refs = {a.waarde.klant for a in zaak_antw if a.ok and a.waarde is not None}
            for ref in refs:
                deel = await self.klant(ref, audit=False)
                antwoorden += [BronAntwoord(b.bron, b.uitkomst, None, b.melding)
                               for b in deel.bronnen]
                if deel.waarde is not None:
                    klanten.append(deel.waarde)
        else:
            if vraag.soort is not Zoeksoort.KVK:
                taken.append(self.host.roep(Capability.PERSONEN,
                                            lambda p: p.zoek_personen(vraag)))
            if vraag.soort not in {Zoeksoort.BSN, Zoeksoort.NAAM_GEBOORTEDATUM}:
                taken.append(self.host.roep(Capability.BEDRIJVEN,
                                            lambda p: p.zoek_bedrijven(vraag)))
            for lijst in await asyncio.gather(*taken):
                antwoorden += lijst
                for a in lijst:
                    if a.ok and a.waarde:
                        klanten.extend(a.waarde)
        if not klanten and vraag.soort in _OP_NUMMER and any(not a.ok for a in antwoorden):
            # Offline: a customer whose dossier is cached is still found by number.
            ref = _OP_NUMMER[vraag.soort](vraag.waarde)
            bewaard = await self.klant(ref, audit=False, uit_cache=True)
            if bewaard.waarde is not None:
                klanten.append(bewaard.waarde)
        elif (not klanten and vraag.soort is Zoeksoort.NAAM_GEBOORTEDATUM
              and vraag.geboortedatum is not None and any(not a.ok for a in antwoorden)):
            # Offline: a cached person is found by name and birth date as well.
            klanten.extend(a.waarde for a in await self.cache.zoek_personen(
                vraag.waarde, vraag.geboortedatum,
                [b.naam for b in self.host.bronnen(Capability.PERSONEN)])
                if a.waarde is not None)
        gezien: dict[KlantRef, Zoekresultaat] = {}
        for k in klanten:
            gezien.setdefault(k.ref, _resultaat(k))
        resultaten = list(gezien.values())
        if not self.audit_duurzaam and any(r.klant.soort is KlantSoort.PERSOON
                                           for r in resultaten):
            resultaten = [r for r in resultaten if r.klant.soort is not KlantSoort.PERSOON]
            antwoorden.append(BronAntwoord(AUDITBRON, Uitkomst.FOUT, melding=GEEN_AUDIT))
        vastgelegd = None
        if resultaten:  # durable, but not on the path to the painted list
            vastgelegd = self._leg_vast([(r.klant, r.bron) for r in resultaten], "zoekresultaat")
        return Deel(resultaten, bronstatussen(antwoorden), vastgelegd)

    # -- the dossier ------------------------------------------------------------------------

    async def deel(self, cap: Capability, soort: str, ref: KlantRef, type_: Any,
                   aanroep: Callable[[Any], Awaitable[T]], *, uit_cache: bool = False
                   ) -> list[BronAntwoord[T]]:
        """One dossier part from every source of ``cap``, read through the cache.

        ``uit_cache``: only what the cache holds, at once, to paint before the sources answer.
        """
        sleutel = klantsleutel(ref)
        if uit_cache:
            return await self.cache.lees(
                soort, sleutel, [b.naam for b in self.host.bronnen(cap)], type_)
        return await self.cache.door(soort, sleutel, await self.host.roep(cap, aanroep), type_)

    async def klant(self, ref: KlantRef, *, audit: bool = True, handeling: str = "klantbeeld",
                    uit_cache: bool = False) -> Deel[Klant | None]:
        if geweigerd := self._geweigerd(ref):
            return Deel(None, geweigerd)
        antw: list[BronAntwoord[Persoon | None]] | list[BronAntwoord[Bedrijf | None]]
        if ref.soort is KlantSoort.PERSOON:
            antw = await self.deel(Capability.PERSONEN, "klant", ref, Persoon | None,
                                   lambda p: p.persoon(ref.nummer), uit_cache=uit_cache)
        else:
            antw = await self.deel(Capability.BEDRIJVEN, "klant", ref, Bedrijf | None,
                                   lambda p: p.bedrijf(ref.nummer), uit_cache=uit_cache)
        gevonden = [a for a in antw if a.waarde is not None]
        klant = gevonden[0].waarde if gevonden else None
        if klant is not None:
            self._bekend[ref] = klant
        if audit and klant is not None and not uit_cache:
            await self._schrijf_audit(
                [(ref, a.bron if a.ok else f"{a.bron} (cache)") for a in gevonden], handeling)
        return Deel(klant, bronstatussen(antw))

    async def contacthistorie(self, ref: KlantRef, *, uit_cache: bool = False
                              ) -> Deel[list[Contactmoment]]:
        if geweigerd := self._geweigerd(ref):
            return Deel([], geweigerd)
        antw = await self.deel(Capability.KLANTCONTACTEN, "contacten", ref, list[Contactmoment],
                               lambda p: p.contactmomenten(ref), uit_cache=uit_cache)
        onderweg = await self.verzender.contacten_van(ref)
        alle = _samengevoegd([*antw, BronAntwoord("outbox", Uitkomst.OK, onderweg)],
                             lambda c: c.id)
        return Deel(nieuwste_eerst(alle), bronstatussen(antw))

    async def volledig(self, ref: KlantRef) -> KlantRef:
        """The reference with all a source may need: a company opened by its KvK number alone
        gets its RSIN and vestigingsnummer (the Zaken API knows a company only by those)."""
        if ref.soort is not KlantSoort.BEDRIJF or ref.rsin or ref.vestigingsnummer:
            return ref
        bedrijf = self._bekend.get(ref)
        if bedrijf is None:
            bedrijf = (await self.klant(ref, audit=False, handeling="zaken")).waarde
        return bedrijf.ref if isinstance(bedrijf, Bedrijf) else ref

    async def zaken(self, ref: KlantRef, *, uit_cache: bool = False) -> Deel[list[Zaak]]:
        if geweigerd := self._geweigerd(ref):
            return Deel([], geweigerd)
        if not uit_cache:
            ref = await self.volledig(ref)
        antw = await self.deel(Capability.ZAKEN, "zaken", ref, list[Zaak],
                               lambda p: p.zaken(ref), uit_cache=uit_cache)
        zaken = _samengevoegd(antw, lambda z: z.identificatie)
        return Deel(sorted(zaken, key=lambda z: z.startdatum, reverse=True), bronstatussen(antw))

    async def start_zaken(self, aanvragen: Sequence[Zaakaanvraag]
                          ) -> list[BronAntwoord[Zaak]]:
        """Start several single requests at once: one answer per request, in order.

        Each goes to the first zaken source of the profile; one that fails does not stop
        the others, and its answer carries the source's message.
        """
        bronnen = self.host.bronnen(Capability.ZAKEN)
        if not bronnen:
            return [BronAntwoord("profiel", Uitkomst.FOUT, melding=(
                "Dit profiel heeft geen zakensysteem; er kan geen zaak worden gestart."))
                for _ in aanvragen]

        async def start(a: Zaakaanvraag) -> BronAntwoord[Zaak]:
            a = replace(a, klant=await self.volledig(a.klant))
            antw = await self.host.roep_een(bronnen[0], Capability.ZAKEN,
                                            lambda p: p.start_zaak(a))
            if antw.ok:
                await self.leg_vast(a.klant, "zaak_gestart", antw.bron)
            return antw

        return list(await asyncio.gather(*(start(a) for a in aanvragen)))

    @staticmethod
    def zaakaanvraag(klant: KlantRef, zaaktype: str, omschrijving: str, toelichting: str = "",
                     kanaal: Kanaal | None = None) -> Zaakaanvraag:
        """A request with an id made here, so sending it twice starts one zaak."""
        return Zaakaanvraag(id=str(uuid.uuid4()), zaaktype=zaaktype, klant=klant,
                            omschrijving=omschrijving.strip()[:300],
                            toelichting=toelichting.strip(), kanaal=kanaal)

    async def leg_vast(self, ref: KlantRef, handeling: str, bron: str = "werkplek") -> None:
        """Protocol an action on a customer's data that is not a read from a source."""
        await self._schrijf_audit([(ref, bron)], handeling)

    @property
    def audit_duurzaam(self) -> bool:
        """Whether a view is protocolled durably: in the encrypted store, or sealed in the
        audit file. Only then are persons shown; never with an audit in memory only."""
        return self.werker.store.versleuteld or self._auditbestand is not None

    def _geweigerd(self, ref: KlantRef) -> tuple[BronStatus, ...]:
        if ref.soort is KlantSoort.PERSOON and not self.audit_duurzaam:
            return (BronStatus(AUDITBRON, Uitkomst.FOUT, GEEN_AUDIT),)
        return ()

    async def _schrijf_audit(self, regels: list[tuple[KlantRef, str]], handeling: str) -> None:
        """Protocollering: who saw which customer from which source, and why; in the store
        (chained, its hashes to the team's audit archive through the outbox) or sealed in
        the audit file. A failure raises, so nothing is shown without its record."""
        await self._leg_vast(regels, handeling)

    def _leg_vast(self, regels: list[tuple[KlantRef, str]], handeling: str
                  ) -> asyncio.Future[None]:
        """The audit record handed to the store's thread now (it comes before any store work
        handed over later); the future says when it is written, or why not. Kept until it is,
        so closing werkplek waits for it (``vastgelegd``)."""
        klaar = self._stuur_audit(regels, handeling)
        self._leg_vast_bij(klaar)
        return klaar

    async def vastgelegd(self) -> None:
        """Until every audit record handed to the store is written (or failed), and the
        chain's head in the keyring follows the last of them."""
        while self._onderweg:
            await asyncio.gather(*self._onderweg, return_exceptions=True)
        if self._kop_gepland is not None:
            self._kop_gepland.cancel()
            self._kop_gepland = None
        if self._kop is not None and self._kop.uitgesteld is not None:
            await self.werker.doe(self._kop.bij)

    def _kop_straks(self, _f: asyncio.Future[None]) -> None:
        """A head put off by a burst of views goes to the keyring when the burst is over."""
        if self._kop is None or self._kop.uitgesteld is None or self._kop_gepland is not None:
            return

        def zet() -> None:
            self._kop_gepland = None
            if self._kop is not None:
                self._leg_vast_bij(self.werker.stuur(self._kop.bij))

        self._kop_gepland = asyncio.get_running_loop().call_later(ZETTEN_NA, zet)

    def _leg_vast_bij(self, klaar: asyncio.Future[None]) -> None:
        self._onderweg.add(klaar)
        klaar.add_done_callback(self._onderweg.discard)

    def _stuur_audit(self, regels: list[tuple[KlantRef, str]], handeling: str
                     ) -> asyncio.Future[None]:
        if (bestand := self._auditbestand) is not None:
            tijdstip = nu()

            def verzegel() -> None:
                bestand.schrijf_alle(regels, medewerker=self.medewerker.gebruikersnaam,
                                     doel=DOEL, handeling=handeling, tijdstip=tijdstip)

            return self.werker.stuur(verzegel)
        archief = self.host.bronnen(Capability.AUDIT) if self.werker.store.versleuteld else []
        team = (Teamkopie(archief[0].naam, werkplek_id(self.host.profiel.naam,
                                                       self.medewerker.gebruikersnaam))
                if archief else None)

        def schrijf() -> None:
            geschreven = self._audit.schrijf_alle(
                regels, medewerker=self.medewerker.gebruikersnaam, doel=DOEL,
                handeling=handeling, tijdstip=nu(), team=team)
            if self._kop is not None and geschreven:
                schakel = self._audit.schakel(geschreven[-1][0])
                self._kop.na_schrijven(schakel[0] if schakel else None, geschreven)

        klaar = self.werker.stuur(schrijf)
        if self._kop is not None:
            klaar.add_done_callback(self._kop_straks)
        if team is not None:
            bron = team.bron

            def wek(f: asyncio.Future[None]) -> None:
                if not f.cancelled() and f.exception() is None and (
                        bron not in self.host.onbereikbaar):
                    self.verzender.wek(bron)  # out soon; an unreachable archive keeps its backoff

            klaar.add_done_callback(wek)
        return klaar

    # -- registering a contact --------------------------------------------------------------

    @property
    def limieten(self) -> Veldlimieten:
        """The longest texts the register a contact goes to accepts, per field."""
        bronnen = self.host.bronnen(Capability.KLANTCONTACTEN)
        eerste = bronnen[0].object if bronnen else None
        return getattr(eerste, "limieten", None) or Veldlimieten()

    async def ontvangers(self) -> Deel[list[Ontvanger]]:
        """Who a contact can be handed over to, from every contact register."""
        antw = await self.host.roep(Capability.KLANTCONTACTEN, lambda p: p.ontvangers())
        return Deel(_samengevoegd(antw, lambda o: f"{o.bron}/{o.code}"), bronstatussen(antw))

    def maak_contactmoment(
        self, *, klant: KlantRef | None, kanaal: Kanaal, onderwerp: str, vraag: str,
        antwoord: str, afhandeling: Afhandeling, zaken: Iterable[str], begin: datetime,
        checklist: Checklist | None = None, antwoorden: Mapping[str, Antwoord] | None = None,
        kennisartikelen: Iterable[str] = (), id: str | None = None,
        einde: datetime | None = None, verzoek: Contactverzoek | None = None,
        telefoonnummer: str = "",
    ) -> Contactmoment:
        """Check every field first: an error names its field, and nothing is sent or saved.

        ``klant`` is None for an anonymous contact on any kanaal (for an unknown caller
        with the number when the caller did not withhold it).
        """
        grens = self.limieten
        antwoorden = antwoorden or {}
        if checklist is not None and afhandeling is Afhandeling.IN_EEN_KEER:
            open_ = open_verplicht(checklist, antwoorden)
            if open_:
                namen = "; ".join(f"‘{v.tekst}’" for v in open_[:3])
                meer = f" en nog {len(open_) - 3}" if len(open_) > 3 else ""
                raise OngeldigeInvoer("Checklist", (
                    f"Niet in één keer af te handelen: {len(open_)} verplichte "
                    f"{'vraag' if len(open_) == 1 else 'vragen'} van de checklist "
                    f"{'staat' if len(open_) == 1 else 'staan'} nog open ({namen}{meer}). "
                    "Beantwoord ze, of zet ‘niet gevraagd’ met een reden."))
        if not onderwerp.strip():
            raise OngeldigeInvoer("Onderwerp", "Kies of typ een onderwerp.")
        if len(onderwerp) > grens.onderwerp:
            raise OngeldigeInvoer("Onderwerp",
                                  f"Het onderwerp is langer dan {grens.onderwerp} tekens.")
        invoer.tekstveld(vraag, "Vraag", verplicht=True, maximum=grens.vraag)
        invoer.tekstveld(antwoord, "Antwoord", maximum=grens.antwoord)
        if afhandeling is Afhandeling.IN_EEN_KEER and not antwoord.strip():
            raise OngeldigeInvoer("Antwoord", "Noteer het antwoord dat de klant kreeg.")
        if verzoek is not None:
            invoer.tekstveld(verzoek.toelichting, "Toelichting", verplicht=True,
                             maximum=grens.toelichting)
            if afhandeling not in {Afhandeling.DOORVERBONDEN, Afhandeling.TERUGBELVERZOEK}:
                raise OngeldigeInvoer("Afhandeling", "Een overdracht is doorverbonden of een "
                                                     "terugbelverzoek.")
        einde = min(einde, nu()) if einde is not None else nu()  # a call ends at hang-up
        return Contactmoment(
            id=id or str(uuid.uuid4()), klant=klant, kanaal=kanaal, onderwerp=onderwerp.strip(),
            vraag=vraag.strip(), antwoord=antwoord.strip(), afhandeling=afhandeling,
            medewerker=self.medewerker.gebruikersnaam, begin=min(begin, einde), einde=einde,
            zaken=tuple(dict.fromkeys(zaken)),
            checklist=vastleggen(checklist, antwoorden) if checklist else (),
            kennisartikelen=tuple(dict.fromkeys(kennisartikelen)), verzoek=verzoek,
            telefoonnummer=telefoonnummer,
            klantnaam=k.klantnaam if klant and (k := self._bekend.get(klant)) else None,
        )

    async def registreer(self, contactmoment: Contactmoment) -> Verzending:
        """Register the contact: in the outbox first, then to the profile's first register.

        It arrives now, or waits safely in the outbox until the register can be reached;
        a register that refuses it parks it, to be corrected and registered again.
        """
        verzending = await self.verzender.registreer(contactmoment)
        if verzending.ok:
            log.info("Contactmoment %s geregistreerd", contactmoment.id)
        return verzending


class KennisbankService:
    """The kennisbank: articles of every KennisBron, indexed locally for search as you type.

    Lists and searches give Kennistreffer (title, onderwerp, a fragment), a page at a time;
    a whole article is read only when it is shown (``artikel``)."""

    def __init__(self, host: PluginHost, werker: StoreWerker) -> None:
        self.host = host
        self.werker = werker
        self._index = KennisIndex(werker.store)

    async def vernieuw(self) -> Deel[int]:
        antw = await self.host.roep(Capability.KENNIS, lambda p: p.artikelen())
        totaal = 0
        for a in antw:
            if a.ok and a.waarde is not None:
                totaal += await self.werker.doe(partial(self._index.vervang, a.bron, a.waarde))
        return Deel(totaal, bronstatussen(antw))

    async def zoek(self, tekst: str, onderwerp: str = "") -> list[Kennistreffer]:
        """Search as you type: the best matches (PAGINA at most), articles of the contact's
        onderwerp first; with nothing typed, the first page of the list (a Kennispagina)."""
        if not tekst.strip():
            return await self.lijst(onderwerp)
        gevonden = await self.werker.doe(partial(self._index.zoek, tekst))
        if onderwerp:
            gevonden.sort(key=lambda a: a.onderwerp.casefold() != onderwerp.casefold())
        return gevonden

    async def lijst(self, onderwerp: str = "", na: int = 0) -> Kennispagina:
        """The page of the list from position ``na``: by onderwerp and title, the articles
        of ``onderwerp`` first."""
        pagina = await self.werker.doe(partial(self._index.pagina, onderwerp, na, PAGINA))
        return Kennispagina(pagina, onderwerp, na + len(pagina) if len(pagina) == PAGINA
                            else None)

    async def artikel(self, artikel_id: str) -> Kennisartikel | None:
        """One whole article, to show it."""
        gevonden = await self.artikelen([artikel_id])
        return gevonden[0] if gevonden else None

    async def artikelen(self, ids: list[str]) -> list[Kennisartikel]:
        return await self.werker.doe(lambda: self._index.op_id(ids))

    async def titels(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        """Titles by id (of all articles when ``ids`` is None), without their texts."""
        return await self.werker.doe(partial(self._index.titels, ids))

    async def bij_contacten(self, contacten: list[Contactmoment],
                            hoeveel: int = 3) -> list[Kennistreffer]:
        """Articles on what this customer asked about most recently, newest topic first."""
        onderwerpen = list(dict.fromkeys(c.onderwerp for c in nieuwste_eerst(contacten)))
        return await self.werker.doe(lambda: self._index.op_onderwerp(onderwerpen[:hoeveel]))

    async def onderwerpen(self) -> list[str]:
        return await self.werker.doe(self._index.onderwerpen)
