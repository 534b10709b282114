"""Helpers for the embedded plugin's tests on PostgreSQL: what an agent registers and books."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, LiteralString

from werkplek_embedded import EmbeddedPlugin
from werkplek_embedded.demo import BERT_BSN

from tests.hulp import wacht_tot
from tests.postgres import PostgresServer
from werkplek.domain.agenda import Afspraakverzoek, Tijdslot
from werkplek.domain.model import Afhandeling, Contactmoment, Kanaal, KlantRef, nu
from werkplek.domain.wachtrij import Gebeurtenissoort, Wachtrijgebeurtenis

BERT = KlantRef.persoon(BERT_BSN)

MaakPlugin = Callable[..., EmbeddedPlugin]
"""The ``maak_plugin`` fixture: a plugin instance on a URL, with extra config as keywords."""

WACHTEND_OP_SLOT: LiteralString = (
    "FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend' "
    "AND wait_event_type = 'Lock'")
"""The connections to a database that wait for a lock (``%s``: the database)."""


async def wacht_op_slot(postgres: PostgresServer, database: str, aantal: int) -> None:
    """Wait until ``aantal`` connections to ``database`` wait for a lock a test holds."""
    await wacht_tot(lambda: postgres.tel("SELECT count(*) " + WACHTEND_OP_SLOT,
                                         database) == aantal, binnen=30)


def contact(id_: str) -> Contactmoment:
    """A phone call of Bert about his passport."""
    moment = nu()
    return Contactmoment(id_, BERT, Kanaal.TELEFOON, "Paspoort", "Is het klaar?", "Nog niet.",
                         Afhandeling.IN_EEN_KEER, "a.jansen", moment, moment,
                         ("ZAAK-2026-0101",))


def verzoek(id_: str, slot: Tijdslot) -> Afspraakverzoek:
    """Bert's booking of ``slot``."""
    return Afspraakverzoek(id_, slot.agenda, BERT, "Bert Burger", "Bijstandsuitkering",
                           slot.begin, slot.einde, "Baan kwijt")


async def vrij_slot(plugin: EmbeddedPlugin, agenda: str = "mdewit") -> Tijdslot:
    """The first free slot in the agenda from tomorrow on."""
    morgen = nu() + timedelta(days=1)
    return (await plugin.vrije_tijden(agenda, morgen, morgen + timedelta(days=7)))[0]


def gebeurtenis(soort: Gebeurtenissoort, *, id: str | None = None, tijd: datetime | None = None,
                verzonden: datetime | None = None, **velden: Any) -> Wachtrijgebeurtenis:
    """An event as a workstation reports it: sent at once (``verzonden`` = ``tijd`` = now)
    unless told otherwise, with a fresh id unless one is given."""
    tijd = tijd or nu()
    return Wachtrijgebeurtenis(id=id or str(uuid.uuid4()), soort=soort, tijd=tijd,
                               verzonden=verzonden or tijd, **velden)
