"""The outbox sends in parallel across customers, bounded per source, in order per customer,
each write exactly once: against an in-process register that counts what is in flight.

The register holds each call on asyncio events, never on a clock: "in flight" is a call
that entered ``registreer`` and has not returned yet.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from tests.hulp import wacht_tot
from werkplek.app import Werkplek, bouw
from werkplek.domain.model import Afhandeling, Contactmoment, Kanaal, KlantRef, nu
from werkplek.ports import BronOnbereikbaar, Capability, Gezondheid, Ontvanger
from werkplek.services.beeld import Uitslag
from werkplek.services.cache import klantsleutel, naar_json
from werkplek.services.plugins import Actief
from werkplek.services.profiel import ConfigFout, lees_profiel
from werkplek.services.verzenden import Verzending
from werkplek.store.repositories import Outbox

GRENS = 16

PROFIEL = """
[profiel]
naam = "parallel"
gemeente = "Gemeente Demodam"

[plugins.register]
plugin = "streng_register"

[capabilities]
klantcontacten = ["register"]
"""


class Register:
    """A contact register in process: records every call in the order it began, how many
    were in flight at most, and holds calls until ``open`` is set (when ``houd``)."""

    capabilities = frozenset({Capability.KLANTCONTACTEN})

    def __init__(self, *, vol_bij: int | None = None) -> None:
        self.begonnen: list[Contactmoment] = []
        self.aangekomen: list[Contactmoment] = []
        self.bezig = 0
        self.hoogste = 0
        self.bezig_per_klant: Counter[str] = Counter()
        self.hoogste_per_klant = 0
        self.vol_bij = vol_bij
        """Hold every call until this many are in flight at once (then let all go on)."""
        self.open = asyncio.Event()
        if vol_bij is None:
            self.open.set()
        self.fout_voor: dict[str, BaseException] = {}
        """Contact id → what the register raises for it (once)."""
        self.na_fout = False
        """Whether the other calls wait until that error was raised."""
        self.gefaald = asyncio.Event()
        self.plat = False
        """Down: every call raises BronOnbereikbaar."""

    async def registreer(self, contact: Contactmoment) -> Contactmoment:
        klant = klantsleutel(contact.klant) if contact.klant else contact.id
        self.begonnen.append(contact)
        self.bezig += 1
        self.bezig_per_klant[klant] += 1
        self.hoogste = max(self.hoogste, self.bezig)
        self.hoogste_per_klant = max(self.hoogste_per_klant, self.bezig_per_klant[klant])
        try:
            if self.vol_bij is not None and self.bezig >= self.vol_bij:
                self.open.set()
            await self.open.wait()
            if self.plat:
                raise BronOnbereikbaar("register is plat")
            if (fout := self.fout_voor.pop(contact.id, None)) is not None:
                self.gefaald.set()
                raise fout
            if self.na_fout:
                await self.gefaald.wait()
            for _ in range(len(contact.vraag) % 5):  # calls end in another order than begun
                await asyncio.sleep(0)
            self.aangekomen.append(contact)
            return dataclasses.replace(contact, bron="register")
        finally:
            self.bezig -= 1
            self.bezig_per_klant[klant] -= 1

    async def contactmomenten(self, klant: KlantRef) -> list[Contactmoment]:
        return []

    async def ontvangers(self) -> list[Ontvanger]:
        return []

    async def health(self) -> Gezondheid:
        return Gezondheid(True)

    async def aclose(self) -> None:
        return None


@pytest.fixture
def werkplek(testplugins: Path, tmp_path: Path) -> Iterator[Werkplek]:
    """A workstation with the encrypted store (the tests' keyring) and one register."""
    pad = tmp_path / "parallel.toml"
    pad.write_text(PROFIEL, encoding="utf-8")
    w = bouw(lees_profiel(pad, os_gebruiker="agent"), tmp_path / "data")
    assert w.dossier.verzender.bewaren
    yield w


def met_register(w: Werkplek, register: Register) -> None:
    oud = w.host.actief["register"]
    w.host.actief["register"] = Actief(oud.naam, oud.plugin_naam, oud.timeout,
                                       register)  # type: ignore[arg-type]


def klanten(n: int) -> list[KlantRef]:
    return [KlantRef.persoon(f"{100000000 + i:09d}") for i in range(n)]


async def vul(w: Werkplek, refs: list[KlantRef | None], per_klant: int) -> list[Contactmoment]:
    """Contacts waiting in the outbox, made round-robin over ``refs`` (contact j of every
    customer before contact j + 1 of any), as if the register had been down meanwhile."""
    contacten = [w.dossier.maak_contactmoment(
        klant=ref, kanaal=Kanaal.BALIE, onderwerp="Paspoort", vraag=f"Vraag {j} van {i}",
        antwoord="Uitgelegd", afhandeling=Afhandeling.IN_EEN_KEER, zaken=(), begin=nu())
        for j in range(per_klant) for i, ref in enumerate(refs)]
    outbox = Outbox(w.store)

    def plaats() -> None:
        for c in contacten:
            outbox.plaats(id=c.id, soort="contactmoment", bron="register",
                          klant=klantsleutel(c.klant) if c.klant else "",
                          omschrijving=c.onderwerp, inhoud=naar_json(c), aangemaakt=nu())
    await w.werker.doe(plaats)
    return contacten


def per_klant(contacten: list[Contactmoment]) -> dict[Any, list[str]]:
    uit: dict[Any, list[str]] = defaultdict(list)
    for c in contacten:
        uit[c.klant].append(c.id)
    return dict(uit)


async def binnen(werk: Any, seconden: float = 20.0) -> Any:
    """A guard against hanging (an old outbox never fills the register), not a time check."""
    async with asyncio.timeout(seconden):
        return await werk


@pytest.mark.asyncio
async def test_zestien_tegelijk_en_nooit_meer(werkplek: Werkplek) -> None:
    """(a) 200 customers × 5 contacts: the register sees the bound reached, never passed."""
    register = Register(vol_bij=GRENS)
    met_register(werkplek, register)
    try:
        contacten = await vul(werkplek, list(klanten(200)), 5)
        uitslagen = await binnen(werkplek.dossier.verzender.leeg())
        assert register.open.is_set()
        assert register.hoogste == GRENS
        assert len(uitslagen) == 1000 and all(u.ok for u in uitslagen.values())
        assert sorted(c.id for c in register.aangekomen) == sorted(c.id for c in contacten)
        assert await werkplek.dossier.verzender.berichten() == []
    finally:
        await werkplek.aclose()


@pytest.mark.asyncio
async def test_per_klant_in_volgorde_en_een_tegelijk(werkplek: Werkplek) -> None:
    """(b) Per customer the register receives the contacts in the order they were made, the
    next only once the previous one's outcome is in; anonymous ones need no order."""
    register = Register(vol_bij=GRENS)
    met_register(werkplek, register)
    try:
        contacten = await vul(werkplek, [*klanten(40), None, None], 5)
        await binnen(werkplek.dossier.verzender.leeg())
        assert register.hoogste == GRENS
        assert register.hoogste_per_klant == 1
        bekend = {k: v for k, v in per_klant(contacten).items() if k is not None}
        ontvangen = {k: v for k, v in per_klant(register.begonnen).items() if k is not None}
        assert ontvangen == bekend
        assert Counter(c.id for c in register.begonnen) == Counter(c.id for c in contacten)
    finally:
        await werkplek.aclose()


@pytest.mark.asyncio
async def test_een_keer_ook_als_leeg_draai_en_wek_samen_lopen(werkplek: Werkplek) -> None:
    """(c) Each contact arrives once, and no call is ever made twice at the same time, while
    the worker runs, ``leeg`` is called beside it and ``wek`` wakes it again and again."""
    register = Register()
    met_register(werkplek, register)
    verzender = werkplek.dossier.verzender
    werker = asyncio.create_task(verzender.draai())
    try:
        contacten = await vul(werkplek, list(klanten(60)), 5)
        verzender.wek()
        rondes = [asyncio.create_task(verzender.leeg(forceer=i % 2 == 0)) for i in range(4)]
        for _ in range(20):
            verzender.wek()
            await asyncio.sleep(0)
        nieuw = werkplek.dossier.maak_contactmoment(
            klant=klanten(1)[0], kanaal=Kanaal.TELEFOON, onderwerp="Paspoort",
            vraag="Nog een", antwoord="Ja", afhandeling=Afhandeling.IN_EEN_KEER, zaken=(),
            begin=nu())
        assert (await binnen(werkplek.dossier.registreer(nieuw))).ok
        await binnen(asyncio.gather(*rondes))
        await binnen(verzender.leeg(forceer=True))
        assert Counter(c.id for c in register.begonnen) == Counter(
            c.id for c in [*contacten, nieuw])
        assert max(Counter(c.id for c in register.begonnen).values()) == 1
        assert register.hoogste <= GRENS
        assert await verzender.berichten() == []
    finally:
        werker.cancel()
        await asyncio.gather(werker, return_exceptions=True)
        await werkplek.aclose()


@pytest.mark.asyncio
async def test_registreren_terwijl_de_werker_verzendt_meldt_aangekomen(
        werkplek: Werkplek) -> None:
    """A contact registered while the worker's pass is under way may go out in that pass:
    the agent is then told it arrived, not that the register cannot be reached."""
    register = Register()
    register.open.clear()
    met_register(werkplek, register)
    verzender = werkplek.dossier.verzender
    werker = asyncio.create_task(verzender.draai())
    try:
        await vul(werkplek, list(klanten(10)), 5)
        verzender.wek()
        await wacht_tot(lambda: bool(register.begonnen))
        nieuw = werkplek.dossier.maak_contactmoment(
            klant=klanten(1)[0], kanaal=Kanaal.TELEFOON, onderwerp="Paspoort",
            vraag="Nog een", antwoord="Ja", afhandeling=Afhandeling.IN_EEN_KEER, zaken=(),
            begin=nu())
        registratie = asyncio.create_task(werkplek.dossier.registreer(nieuw))

        async def geplaatst() -> None:
            while (await verzender.vernieuw_stand()).wachtend != 51:
                await asyncio.sleep(0.01)
        await binnen(geplaatst())
        register.open.set()
        verzending = await binnen(registratie)
        assert verzending.uitslag is Uitslag.AANGEKOMEN, verzending.melding
        assert Counter(c.id for c in register.begonnen)[nieuw.id] == 1
    finally:
        werker.cancel()
        await asyncio.gather(werker, return_exceptions=True)
        await werkplek.aclose()


@pytest.mark.asyncio
async def test_een_fout_bij_een_klant_houdt_alleen_die_klant_op(werkplek: Werkplek) -> None:
    """(d) The register fails one customer's first contact with an unexpected error: that
    customer's later contacts stay behind it, the other customers all arrive; the next pass
    sends the customer's contacts in their order."""
    register = Register()
    met_register(werkplek, register)
    verzender = werkplek.dossier.verzender
    try:
        contacten = await vul(werkplek, list(klanten(30)), 3)
        pechvogel = contacten[0].klant
        van_hem = per_klant(contacten)[pechvogel]
        register.fout_voor[van_hem[0]] = RuntimeError("kapot")

        uitslagen = await binnen(verzender.leeg())

        assert uitslagen[van_hem[0]].uitslag is Uitslag.WACHT
        assert [c.id for c in register.begonnen if c.klant == pechvogel] == van_hem[:1]
        anderen = {c.id for c in contacten if c.klant != pechvogel}
        assert {c.id for c in register.aangekomen} == anderen
        assert {b.id for b in await verzender.berichten()} == set(van_hem)
        assert "register" not in verzender.host.onbereikbaar

        # Its own backoff holds it back from the worker; an agent's action tries at once.
        assert await verzender.leeg() == {}
        opnieuw = await binnen(verzender.leeg(forceer=True))
        assert all(opnieuw[i].ok for i in van_hem)
        assert [c.id for c in register.begonnen if c.klant == pechvogel] == [
            van_hem[0], *van_hem]
        assert await verzender.berichten() == []
    finally:
        await werkplek.aclose()


@pytest.mark.asyncio
async def test_onbereikbaar_geen_nieuwe_verzoeken_meer(werkplek: Werkplek) -> None:
    """When the register turns out unreachable, no new call starts to it in that pass; the
    calls already in flight finish and count, the rest waits in the outbox."""
    register = Register(vol_bij=GRENS)
    met_register(werkplek, register)
    verzender = werkplek.dossier.verzender
    try:
        contacten = await vul(werkplek, list(klanten(100)), 2)
        register.fout_voor[contacten[0].id] = BronOnbereikbaar("register is plat")
        register.na_fout = True

        uitslagen = await binnen(verzender.leeg())

        assert len(register.begonnen) == GRENS
        assert uitslagen[contacten[0].id].uitslag is Uitslag.WACHT
        assert sum(u.ok for u in uitslagen.values()) == GRENS - 1
        assert len(await verzender.berichten()) == 200 - (GRENS - 1)
    finally:
        await werkplek.aclose()


@pytest.mark.asyncio
async def test_onbereikbaar_wacht_de_werker_de_backoff_af(werkplek: Werkplek) -> None:
    """Every call in flight finds the register down: the worker's next pass sends nothing
    before the source's backoff; the agent's forced pass sends everything, once, in order."""
    register = Register(vol_bij=GRENS)
    met_register(werkplek, register)
    verzender = werkplek.dossier.verzender
    try:
        contacten = await vul(werkplek, list(klanten(100)), 2)
        for c in contacten[:GRENS]:
            register.fout_voor[c.id] = BronOnbereikbaar("register is plat")

        uitslagen = await binnen(verzender.leeg())

        assert len(register.begonnen) == GRENS
        assert [u.uitslag for u in uitslagen.values()] == [Uitslag.WACHT] * GRENS
        assert "register" in verzender.host.onbereikbaar
        assert await verzender.leeg() == {}
        assert len(register.begonnen) == GRENS

        # Still down: an agent's forced pass probes with one request, not with all 200.
        register.plat = True
        assert list((await binnen(verzender.leeg(forceer=True))).values()) == [
            Verzending(Uitslag.WACHT, mock.ANY, mock.ANY)]
        assert len(register.begonnen) == GRENS + 1

        register.plat = False
        opnieuw = await binnen(verzender.leeg(forceer=True))
        assert len(opnieuw) == 200 and all(u.ok for u in opnieuw.values())
        assert per_klant(register.aangekomen) == per_klant(contacten)
        assert "register" not in verzender.host.onbereikbaar
        assert await verzender.berichten() == []
    finally:
        await werkplek.aclose()


@pytest.mark.asyncio
async def test_de_grens_komt_uit_het_profiel(testplugins: Path, tmp_path: Path) -> None:
    """``[offline] verzenden_per_bron`` sets the bound; a value out of range is refused."""
    pad = tmp_path / "vier.toml"
    pad.write_text(PROFIEL + "\n[offline]\nverzenden_per_bron = 4\n", encoding="utf-8")
    w = bouw(lees_profiel(pad, os_gebruiker="agent"), tmp_path / "data")
    register = Register(vol_bij=4)
    met_register(w, register)
    try:
        assert w.dossier.verzender.per_bron == 4
        await vul(w, list(klanten(20)), 2)
        uitslagen = await binnen(w.dossier.verzender.leeg())
        assert len(uitslagen) == 40 and register.hoogste == 4
    finally:
        await w.aclose()
    pad.write_text(PROFIEL + "\n[offline]\nverzenden_per_bron = 0\n", encoding="utf-8")
    with pytest.raises(ConfigFout, match="verzenden_per_bron"):
        lees_profiel(pad, os_gebruiker="agent")


@pytest.mark.asyncio
async def test_de_volgende_gaat_uit_terwijl_de_vorige_nog_geboekt_wordt(
        werkplek: Werkplek) -> None:
    """A customer's next contact goes out once the previous one's outcome is in, without
    waiting for that outcome to be written to the outbox; the pass ends only when all are."""
    register = Register()
    met_register(werkplek, register)
    verzender = werkplek.dossier.verzender
    vrij = threading.Event()
    bezet: list[asyncio.Future[bool]] = []
    origineel = register.registreer

    async def registreer(contact: Contactmoment) -> Contactmoment:
        if not bezet:  # from the first call on the store's worker is busy elsewhere
            bezet.append(asyncio.ensure_future(werkplek.werker.doe(vrij.wait)))
        return await origineel(contact)

    register.registreer = registreer  # type: ignore[method-assign]
    try:
        contacten = await vul(werkplek, list(klanten(1)), 3)
        pas = asyncio.create_task(verzender.leeg())
        try:
            await wacht_tot(lambda: len(register.aangekomen) == 3)
            for _ in range(10):
                await asyncio.sleep(0)
            assert not pas.done()  # its outcomes are not in the outbox yet
        finally:
            vrij.set()
        uitslagen = await binnen(pas)
        await binnen(asyncio.gather(*bezet))
        assert [c.id for c in register.begonnen] == [c.id for c in contacten]
        assert [uitslagen[c.id].uitslag for c in contacten] == [Uitslag.AANGEKOMEN] * 3
        assert await verzender.berichten() == []
    finally:
        await werkplek.aclose()


@pytest.mark.asyncio
async def test_niet_geboekt_gaat_opnieuw_en_komt_een_keer_aan(werkplek: Werkplek) -> None:
    """Writing the outcomes fails (a full disk): the pass reports it, every write stays in
    the outbox, and the next pass sends them again; the register, idempotent on the id as
    every source is, then holds each contact once, and the outbox is empty."""
    register = Register()
    met_register(werkplek, register)
    verzender = werkplek.dossier.verzender
    try:
        contacten = await vul(werkplek, list(klanten(20)), 3)
        with mock.patch.object(Outbox, "boek", side_effect=OSError("schijf vol")), \
                pytest.raises(OSError, match="schijf vol"):
            await binnen(verzender.leeg())
        assert {b.id for b in await verzender.berichten()} == {c.id for c in contacten}

        uitslagen = await binnen(verzender.leeg())
        assert len(uitslagen) == 60 and all(u.ok for u in uitslagen.values())
        assert {c.id for c in register.aangekomen} == {c.id for c in contacten}
        assert await verzender.berichten() == []
        for klant, ids in per_klant(contacten).items():  # in order, also the second time
            gezien = [c.id for c in register.begonnen if c.klant == klant]
            eerst, daarna = gezien[:-len(ids)], gezien[-len(ids):]
            assert daarna == ids and eerst == ids[:len(eerst)]
    finally:
        await werkplek.aclose()
