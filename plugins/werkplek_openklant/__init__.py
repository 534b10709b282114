"""Contacthistorie and contactverzoeken in Open Klant, over the Klantinteracties API 0.9.

A customer is a partij, found by its partij-identificator (BSN in the BRP, KvK number in
the HR); a contact is a klantcontact with the customer as betrokkene, the agent as actor,
its zaken and kennisartikelen as onderwerpobjecten; a contactverzoek is an internetaak
assigned to the ontvanger's actor.

Exactly once. The API has no idempotency key, so werkplek's own id of the contact goes into
an onderwerpobject (``werkplek-contactmoment`` / ``werkplek`` / ``id``) that is created in
the same call, and the same database transaction, as the klantcontact itself:
``POST /maak-klantcontact`` makes klantcontact, betrokkene and that onderwerpobject at once
(Open Klant wraps it in ``transaction.atomic``). Before anything is sent the id is looked up
(``GET /klantcontacten?onderwerpobject__onderwerpobjectidentificator…``); a klantcontact
found that way is never made again, and what it still lacks after a crash halfway (the
betrokkene, the agent's actorklantcontact, an onderwerpobject, a digitaal adres, the
internetaak) is added. So a re-send, after a lost answer or a crash at any point, stores
everything once. Separate ``POST /klantcontacten`` + ``POST /onderwerpobjecten`` would
leave a window in which a klantcontact exists without its id, and a re-send would make a
second one. The partij and the agent's actor are found by their identificator before they
are made; a digitaal adres by its ``referentie`` on the klant's betrokkene. Lists can hold
the same row more than once (one per matching related row): every list is read by uuid.

The BSN is in the query string of the partij look-up (the API offers no other way): the
partij uuid found (or made, with the customer's name) is kept in the plugin's store, which
werkplek encrypts, so the BSN goes on the wire once per customer; a kept uuid that Open Klant
no longer knows is forgotten and looked up again. ``werkplek_rest`` strips queries from what
httpx logs, and this plugin logs uuids only. A refused key (401) is a Toegangsfout naming
the ``werkplek secrets set`` command; a refused field is named in Dutch (``VELDNAMEN``).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

from werkplek_rest import Json, Onleesbaar, RestBron, geheim, zet_geheim

from werkplek.domain.invoer import OngeldigeInvoer, tekstveld
from werkplek.domain.model import (
    Contactmoment,
    KlantRef,
    Ontvanger,
    OntvangerSoort,
    Veldlimieten,
)
from werkplek.ports import (
    PLUGIN_API_VERSIE,
    BronFout,
    BronOnbereikbaar,
    Capability,
    Gezondheid,
    PluginContext,
    Toegangsfout,
)
from werkplek_openklant import vertaling as v
from werkplek_openklant.instellingen import Instellingen, lees_instellingen

log = logging.getLogger(__name__)
T = TypeVar("T")

__all__ = ["GEHEIM", "LIMIETEN", "OpenKlantPlugin", "create_plugin"]

GEHEIM = "api_token"
"""The keyring secret: the API key, sent as ``Authorization: Token <key>``."""

LIMIETEN = Veldlimieten(onderwerp=200, vraag=1000, antwoord=4000, toelichting=1000)
"""The spec's maxLength of klantcontact.onderwerp, .inhoud, .reactie and
internetaak.toelichting."""
MAX_HANDELING = 200
"""internetaak.gevraagdeHandeling."""
MAX_CODE = 200
"""An identificator's objectId (and an actor's naam)."""
MAX_ADRES = 80
"""digitaalAdres.adres."""
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


INSTELLINGEN = frozenset({"url", "bronnaam", "timeout_seconden", "taal", "kanalen",
                          "medewerker_register", "medewerker_soort_object_id",
                          "zaak_register"})
"""The settings of this plugin's table in the profile; werkplek refuses any other key."""


def create_plugin(config: Mapping[str, Any], context: PluginContext) -> OpenKlantPlugin:
    """Entry point of group ``werkplek.plugins``; raises ValueError on a config mistake."""
    return OpenKlantPlugin(config, context)


class OpenKlantPlugin:
    """One Open Klant (capability KLANTCONTACTEN)."""

    api_versie = PLUGIN_API_VERSIE
    capabilities = frozenset({Capability.KLANTCONTACTEN})
    limieten = LIMIETEN

    def __init__(self, config: Mapping[str, Any], context: PluginContext) -> None:
        self.instellingen: Instellingen = lees_instellingen(config)
        self.bron = self.instellingen.bronnaam
        self._context = context
        self._rest = RestBron(self.bron, self.instellingen.url,
                              timeout=self.instellingen.timeout, kopregels=self._kopregels,
                              herstel_sleutel=zet_geheim(context, GEHEIM),
                              veldnamen=v.VELDNAMEN)

    def _kopregels(self) -> dict[str, str]:
        return {"Authorization": f"Token {geheim(self._context, GEHEIM, self.bron)}"}

    # -- lifecycle -----------------------------------------------------------------------

    async def health(self) -> Gezondheid:
        """One small authorised read: the first actor."""
        try:
            await self._rest.vraag("GET", "actoren", params={"pageSize": 1})
        except BronFout as e:
            return Gezondheid(False, str(e))
        return Gezondheid(True, f"{self.bron} bereikbaar")

    async def aclose(self) -> None:
        await self._rest.aclose()

    # -- KlantcontactRegister: reading ---------------------------------------------------

    async def contactmomenten(self, klant: KlantRef) -> list[Contactmoment]:
        """Every klantcontact the customer's partij was betrokkene in, newest first; no
        partij (the customer never had contact here) is no contact, not an error."""
        if not klant.heeft_nummer:
            return []
        partij, bewaard = await self._partij(klant)
        if partij is None:
            return []
        kcs = await self._klantcontacten_van(partij)
        if not kcs and bewaard and await self._rest.vraag(
                "GET", f"partijen/{partij}", ontbreekt={404}) is None:
            # the kept partij is gone (merged away in Open Klant): look the customer up again
            partij, _ = await self._partij(klant, vers=True)
            kcs = await self._klantcontacten_van(partij) if partij is not None else []
        ontvangers = await self._ontvangers_per_uuid(v.actor_uuids(
            kc for kc in kcs if isinstance(kc, dict)))
        uit = [v.contactmoment(kc, klant, self.instellingen, ontvangers) for kc in kcs]
        log.debug("%s: %d klantcontacten van partij %s", self.bron, len(uit), partij)
        return sorted(uit, key=lambda c: c.begin, reverse=True)

    async def _klantcontacten_van(self, partij: str) -> list[dict[str, Any]]:
        return v.uniek([kc async for kc in self._rest.paginas("klantcontacten", params={
            "hadBetrokkene__wasPartij__uuid": partij, "expand": v.LEES_EXPAND})
            if isinstance(kc, dict)])

    async def ontvangers(self) -> list[Ontvanger]:
        """Every active medewerker and organisatorische eenheid (afdeling or groep); their
        ``bron`` is this plugin's name in the profile."""
        actoren = v.uniek([a async for a in self._rest.paginas("actoren", params={
            "indicatieActief": "true"}) if isinstance(a, dict)])
        uit = [o for actor in actoren if (o := v.ontvanger(actor, self._context.naam))
               is not None]
        return sorted(uit, key=lambda o: (o.naam.casefold(), o.soort.value, o.code))

    async def _ontvangers_per_uuid(self, uuids: set[str]) -> dict[str, Ontvanger]:
        """The actors behind interne taken, each read once and at the same time."""
        volgorde = sorted(uuids)
        actoren = await _samen(*(self._rest.vraag("GET", f"actoren/{u}", ontbreekt={404})
                                 for u in volgorde))
        uit = {}
        for uuid, actor in zip(volgorde, actoren, strict=True):
            o = v.ontvanger(actor, self._context.naam) if actor is not None else None
            uit[uuid] = o or v.onbekende_ontvanger(uuid, self._context.naam)
        return uit

    # -- KlantcontactRegister: writing ---------------------------------------------------

    async def registreer(self, contactmoment: Contactmoment) -> Contactmoment:
        """Store a contact exactly once (see the module docstring); returns it with this
        source's name. A text longer than the API takes is refused, never shortened."""
        c = contactmoment
        self._controleer(c)
        inst = self.instellingen
        stand = await self._stand(c.id)
        mijn_actor = v.medewerker_identificator(c.medewerker, inst)
        nummers = v.nummers(c)
        betrokkene_nodig = c.klant is not None or bool(nummers)
        partij_nodig = c.klant is not None and (stand is None or stand.betrokkene is None)
        actor_nodig = bool(c.medewerker) and (stand is None or mijn_actor not in stand.actoren)
        taak_nodig = c.verzoek is not None and (stand is None or stand.internetaken == 0)
        uitkomsten: list[Any] = await _samen(
            self._partij(c.klant) if partij_nodig and c.klant else _niets_bewaard(),
            self._medewerker_actor(c) if actor_nodig else _niets(),
            self._ontvanger_actor(c.verzoek.ontvanger) if taak_nodig and c.verzoek
            else _niets())
        gevonden: tuple[str | None, bool] = uitkomsten[0]
        actor: str | None = uitkomsten[1]
        ontvanger: str | None = uitkomsten[2]
        partij, bewaard = gevonden
        if partij_nodig and partij is None and c.klant is not None:
            partij = await self._nieuwe_partij(c)
        if stand is None:
            stand = await self._met_partij(c, partij, bewaard, lambda p: self._maak(
                c, p, betrokkene_nodig))
        elif betrokkene_nodig and stand.betrokkene is None:
            stand.betrokkene = await self._met_partij(
                c, partij, bewaard, lambda p: self._betrokkene(stand.uuid, p))
        werk: list[Awaitable[object]] = []
        if actor is not None:
            werk.append(self._rest.vraag("POST", "actorklantcontacten", json={
                "actor": {"uuid": actor}, "klantcontact": {"uuid": stand.uuid}}))
        if ontbrekend := [o for o in v.onderwerpen(c, inst) if o not in stand.onderwerpen]:
            werk.append(self._onderwerpobjecten(stand.uuid, ontbrekend))
        if stand.betrokkene is not None:
            werk += [self._rest.vraag("POST", "digitaleadressen",
                                      json=n.als_digitaal_adres(stand.betrokkene))
                     for n in nummers if n.referentie not in stand.nummers]
        if ontvanger is not None and c.verzoek is not None:
            werk.append(self._rest.vraag("POST", "internetaken", json=v.internetaak(
                c.verzoek, stand.uuid, ontvanger)))
        await _samen(*werk)
        return replace(c, bron=self.bron)

    async def _met_partij(self, c: Contactmoment, partij: str | None, bewaard: bool,
                          stap: Callable[[str | None], Awaitable[T]]) -> T:
        """Run a step that names the partij; when Open Klant refuses a partij uuid this
        workstation kept (the partij was merged away), forget it, find or make the
        customer's partij again and run the step once more."""
        try:
            return await stap(partij)
        except (BronOnbereikbaar, Toegangsfout):
            raise
        except BronFout:
            if not bewaard or c.klant is None:
                raise
            opnieuw, _ = await self._partij(c.klant, vers=True)
            if opnieuw == partij:
                raise
            log.info("%s: bewaarde partij %s bestaat niet meer", self.bron, partij)
            return await stap(opnieuw or await self._nieuwe_partij(c))

    async def _betrokkene(self, klantcontact: str, partij: str | None) -> str:
        b = await self._rest.vraag("POST", "betrokkenen", json={
            **v.betrokkene(partij), "hadKlantcontact": {"uuid": klantcontact}})
        log.info("%s: betrokkene aangevuld bij klantcontact %s", self.bron, klantcontact)
        return _uuid(b, self.bron)

    async def _onderwerpobjecten(self, klantcontact: str, onderwerpen: list[v.Identificator]
                                 ) -> None:
        """One after the other, so the zaken read back in the order the agent gave them."""
        for o in onderwerpen:
            await self._rest.vraag("POST", "onderwerpobjecten", json={
                "klantcontact": {"uuid": klantcontact},
                "onderwerpobjectidentificator": v.als_dict(o)})

    def _controleer(self, c: Contactmoment) -> None:
        """Refuse, before anything is sent, what the API cannot store whole."""
        velden = [("Onderwerp", c.onderwerp, LIMIETEN.onderwerp),
                  ("Vraag", c.vraag, LIMIETEN.vraag),
                  ("Antwoord", c.antwoord, LIMIETEN.antwoord)]
        if c.verzoek is not None:
            velden += [("Toelichting", c.verzoek.toelichting, LIMIETEN.toelichting),
                       ("Gevraagde handeling", c.verzoek.handeling, MAX_HANDELING)]
        velden += [("Medewerker", c.medewerker, MAX_CODE), ("Contact-id", c.id, MAX_CODE)]
        velden += [("Zaak", z, MAX_CODE) for z in c.zaken]
        velden += [("Kennisartikel", a, MAX_CODE) for a in c.kennisartikelen]
        velden += [("Telefoonnummer", n.adres, MAX_ADRES) for n in v.nummers(c)]
        for veld, waarde, maximum in velden:
            try:
                tekstveld(waarde, veld, maximum=maximum)
            except OngeldigeInvoer as e:
                raise BronFout(f"{self.bron} slaat dit contact niet op: {e.bericht}") from None
        if c.klant is not None and not c.klant.heeft_nummer:
            raise BronFout(f"{self.bron} kan dit contact niet aan de klant koppelen: het BSN "
                           "of KvK-nummer ontbreekt.")

    async def _stand(self, contact_id: str) -> v.Stand | None:
        """The klantcontact werkplek already made for this id, with what it has."""
        antwoord = await self._rest.vraag("GET", "klantcontacten", params={
            **v.contact_filter(contact_id), "expand": v.LEES_EXPAND})
        gezocht = v.contact_identificator(contact_id)
        standen = [s for kc in v.uniek(_resultaten(antwoord, self.bron))
                   if gezocht in (s := v.stand(kc, self.bron)).onderwerpen]
        if len(standen) > 1:
            log.warning("%s heeft %d klantcontacten met één werkplek-id; de eerste telt",
                        self.bron, len(standen))
        return standen[0] if standen else None

    async def _maak(self, c: Contactmoment, partij: str | None, met_betrokkene: bool
                    ) -> v.Stand:
        """Klantcontact, betrokkene and the id's onderwerpobject in one transaction."""
        vraag: dict[str, Any] = {
            "klantcontact": v.klantcontact(c, self.instellingen),
            "onderwerpobject": {"onderwerpobjectidentificator":
                                v.als_dict(v.contact_identificator(c.id))}}
        if met_betrokkene:
            vraag["betrokkene"] = v.betrokkene(partij)
        antwoord = await self._rest.vraag("POST", "maak-klantcontact", json=vraag)
        kc = antwoord.get("klantcontact") if isinstance(antwoord, dict) else None
        stand = v.Stand(_uuid(kc, self.bron))
        stand.onderwerpen.add(v.contact_identificator(c.id))
        b = antwoord.get("betrokkene") if isinstance(antwoord, dict) else None
        if met_betrokkene:
            stand.betrokkene = _uuid(b, self.bron)
        log.info("%s: klantcontact %s gemaakt", self.bron, stand.uuid)
        return stand

    # -- partijen and actoren ------------------------------------------------------------

    async def _partij(self, klant: KlantRef, *, vers: bool = False
                      ) -> tuple[str | None, bool]:
        """The uuid of the customer's partij (None when Open Klant has none), and whether
        it came from the plugin's store. The look-up puts the BSN in a query string, so a
        uuid found is kept (encrypted by werkplek) and the BSN is not sent again."""
        sleutel = v.partij_sleutel(klant)
        if not vers and (bewaard := await self._context.opslag.lees(sleutel)):
            return bewaard, True
        if vers:
            await self._context.opslag.wis(sleutel)
        antwoord = await self._rest.vraag("GET", "partijen", params=v.partij_filter(klant))
        for partij in v.uniek(_resultaten(antwoord, self.bron)):
            if v.is_partij_van(partij, klant):
                uuid = _uuid(partij, self.bron)
                await self._context.opslag.schrijf(sleutel, uuid)
                return uuid, False
        return None, False

    async def _nieuwe_partij(self, c: Contactmoment) -> str:
        """Create the customer's partij, with the name; when another workstation just did
        (its identificator is unique, so ours is refused), use that one."""
        assert c.klant is not None
        try:
            partij = await self._rest.vraag("POST", "partijen", json=v.nieuwe_partij(
                c.klant, c.klantnaam))
        except (BronOnbereikbaar, Toegangsfout):
            raise
        except BronFout:
            if (bestaand := (await self._partij(c.klant, vers=True))[0]) is not None:
                return bestaand
            raise
        uuid = _uuid(partij, self.bron)
        await self._context.opslag.schrijf(v.partij_sleutel(c.klant), uuid)
        log.info("%s: partij %s gemaakt", self.bron, uuid)
        return uuid

    async def _medewerker_actor(self, c: Contactmoment) -> str:
        """The actor of the agent who registered the contact, made when it is new."""
        inst = self.instellingen
        ident = v.medewerker_identificator(c.medewerker, inst)
        gevonden = await self._actoren(ident, "medewerker")
        if gevonden:
            return _uuid(gevonden[0], self.bron)
        m = self._context.medewerker
        naam = m.naam if m.gebruikersnaam == c.medewerker and 0 < len(m.naam) <= MAX_CODE \
            else c.medewerker
        actor = await self._rest.vraag("POST", "actoren", json={
            "naam": naam, "soortActor": "medewerker", "indicatieActief": True,
            "actoridentificator": v.als_dict(ident)})
        uuid = _uuid(actor, self.bron)
        log.info("%s: actor %s gemaakt voor een medewerker", self.bron, uuid)
        return uuid

    async def _ontvanger_actor(self, ontvanger: Ontvanger) -> str:
        """The actor an internetaak is assigned to: found by its code (the identificator's
        objectId, or its uuid when ``ontvangers()`` gave that)."""
        soort = v.actorsoort(ontvanger.soort)
        actoren = await self._rest.vraag("GET", "actoren", params={
            "actoridentificatorObjectId": ontvanger.code, "soortActor": soort})
        kandidaten = [a for a in v.uniek(_resultaten(actoren, self.bron))
                      if (o := v.ontvanger(a, self.bron)) is not None
                      and o.code == ontvanger.code]
        kandidaten.sort(key=lambda a: (
            _soort(a, self.bron) is not ontvanger.soort, a.get("indicatieActief") is False))
        if kandidaten:
            return _uuid(kandidaten[0], self.bron)
        if _UUID.fullmatch(ontvanger.code):
            actor = await self._rest.vraag("GET", f"actoren/{ontvanger.code}", ontbreekt={404})
            if actor is not None:
                return _uuid(actor, self.bron)
        raise BronFout(f"{self.bron} kent de ontvanger ‘{ontvanger.naam}’ niet (meer); "
                       "kies een andere ontvanger.")

    async def _actoren(self, ident: v.Identificator, soort: str) -> list[dict[str, Any]]:
        objecttype, register, soort_id, object_id = ident
        antwoord = await self._rest.vraag("GET", "actoren", params={
            "actoridentificatorCodeObjecttype": objecttype,
            "actoridentificatorCodeRegister": register,
            "actoridentificatorCodeSoortObjectId": soort_id,
            "actoridentificatorObjectId": object_id, "soortActor": soort})
        return [a for a in v.uniek(_resultaten(antwoord, self.bron))
                if v.identificator(a.get("actoridentificator")) == ident]


# -- helpers ------------------------------------------------------------------------------


async def _niets() -> str | None:
    return None


async def _niets_bewaard() -> tuple[str | None, bool]:
    return None, False


async def _samen(*taken: Awaitable[T]) -> list[T]:
    """Await all at once; every one finishes (none is left running) before the most telling
    fault is raised: a refusal before an unreachable source, so a refused write is parked
    rather than retried in vain."""
    uitkomsten = await asyncio.gather(*taken, return_exceptions=True)
    fouten = [u for u in uitkomsten if isinstance(u, BaseException)]
    if fouten:
        raise min(fouten, key=lambda f: (not isinstance(f, asyncio.CancelledError),
                                         isinstance(f, BronFout),
                                         not isinstance(f, Toegangsfout),
                                         isinstance(f, BronOnbereikbaar)))
    return [u for u in uitkomsten if not isinstance(u, BaseException)]


def _resultaten(antwoord: Json, bron: str) -> list[dict[str, Any]]:
    if not isinstance(antwoord, dict) or not isinstance(antwoord.get("results"), list):
        raise Onleesbaar(f"{bron} gaf een onleesbare lijst terug.")
    return [r for r in antwoord["results"] if isinstance(r, dict)]


def _uuid(doc: Json, bron: str) -> str:
    uuid = doc.get("uuid") if isinstance(doc, dict) else None
    if not isinstance(uuid, str) or not uuid:
        raise Onleesbaar(f"{bron} gaf een antwoord zonder uuid terug.")
    return uuid


def _soort(actor: dict[str, Any], bron: str) -> OntvangerSoort | None:
    o = v.ontvanger(actor, bron)
    return o.soort if o is not None else None
