"""Repositories over the local store; all synchronous, callers run them off the event loop."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, bindparam, delete, select, text

from werkplek.domain.model import Kanaal, Kennisartikel, KlantRef
from werkplek.store.database import Store
from werkplek.store.models import AuditRegel, Instelling


class AuditLog:
    """Protocollering of every view of a person's or company's data."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def schrijf(
        self, *, medewerker: str, klant: KlantRef, doel: str, bron: str, handeling: str,
        tijdstip: datetime,
    ) -> None:
        self.schrijf_alle([(klant, bron)], medewerker=medewerker, doel=doel,
                          handeling=handeling, tijdstip=tijdstip)

    def schrijf_alle(
        self, klanten: Iterable[tuple[KlantRef, str]], *, medewerker: str, doel: str,
        handeling: str, tijdstip: datetime,
    ) -> None:
        """One line per (klant, bron), all in one transaction."""
        with self._store.sessie() as s, s.begin():
            s.add_all(AuditRegel(
                tijdstip=tijdstip, medewerker=medewerker, klant_soort=klant.soort.value,
                klant_nummer=klant.nummer, doel=doel, bron=bron, handeling=handeling,
            ) for klant, bron in klanten)

    def van_klant(self, klant: KlantRef) -> list[AuditRegel]:
        with self._store.sessie() as s:
            q = (select(AuditRegel)
                 .where(AuditRegel.klant_soort == klant.soort.value,
                        AuditRegel.klant_nummer == klant.nummer)
                 .order_by(AuditRegel.id))
            return list(s.scalars(q))


class Instellingen:
    def __init__(self, store: Store) -> None:
        self._store = store

    def lees(self, sleutel: str) -> str | None:
        with self._store.sessie() as s:
            rij = s.get(Instelling, sleutel)
            return rij.waarde if rij else None

    def schrijf(self, sleutel: str, waarde: str) -> None:
        with self._store.sessie() as s, s.begin():
            s.merge(Instelling(sleutel=sleutel, waarde=waarde))

    def wis(self, sleutel: str) -> None:
        with self._store.sessie() as s, s.begin():
            s.execute(delete(Instelling).where(Instelling.sleutel == sleutel))


_WOORD = re.compile(r"\w+", re.UNICODE)


def fts_vraag(tekst: str) -> str | None:
    """Turn free text into a safe FTS5 query: every word quoted, as a prefix, all required.

    Quotes, ``*``, ``NEAR``, ``--`` and other syntax typed by an agent become plain words
    or disappear, so a search can find nothing but never fail.
    """
    woorden = _WOORD.findall(tekst)[:20]
    if not woorden:
        return None
    return " ".join(f'"{w}"*' for w in woorden)


class KennisIndex:
    """The full-text index of the kennisbank (SQLite FTS5, ranked with bm25)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def vervang(self, bron: str, artikelen: Iterable[Kennisartikel]) -> int:
        """Replace every article of ``bron`` in the index, in one transaction."""
        n = 0
        with self._store.engine.begin() as conn:
            conn.execute(text("DELETE FROM kennis_fts WHERE bron = :bron"), {"bron": bron})
            for a in artikelen:
                conn.execute(
                    text(f"INSERT INTO kennis_fts ({_KOLOMMEN}) VALUES (:id, :bron, :titel,"
                         " :onderwerp, :trefwoorden, :samenvatting, :tekst, :eigenaar,"
                         " :laatst_beoordeeld, :kanaalnotities)"),
                    {"id": a.id, "bron": bron, "titel": a.titel, "onderwerp": a.onderwerp,
                     "trefwoorden": "\n".join(a.trefwoorden), "samenvatting": a.samenvatting,
                     "tekst": a.tekst, "eigenaar": a.eigenaar,
                     "laatst_beoordeeld": (a.laatst_beoordeeld.isoformat()
                                           if a.laatst_beoordeeld else ""),
                     "kanaalnotities": json.dumps({k.value: t for k, t in a.kanaalnotities},
                                                  ensure_ascii=False)},
                )
                n += 1
        return n

    def zoek(self, tekst: str, limiet: int = 50) -> list[Kennisartikel]:
        vraag = fts_vraag(tekst)
        if vraag is None:
            return []
        sql = text(
            f"SELECT {_KOLOMMEN} FROM kennis_fts WHERE kennis_fts MATCH :vraag"
            " ORDER BY bm25(kennis_fts, 0, 0, 10.0, 6.0, 6.0, 3.0, 1.0, 0, 0, 0) LIMIT :limiet"
        )
        with self._store.engine.connect() as conn:
            rijen = conn.execute(sql, {"vraag": vraag, "limiet": limiet}).all()
        return [_artikel(r) for r in rijen]

    def alle(self) -> list[Kennisartikel]:
        sql = text(f"SELECT {_KOLOMMEN} FROM kennis_fts ORDER BY onderwerp, titel")
        with self._store.engine.connect() as conn:
            return [_artikel(r) for r in conn.execute(sql).all()]

    def op_onderwerp(self, onderwerpen: list[str]) -> list[Kennisartikel]:
        """Articles of these onderwerpen, in the order the onderwerpen are given."""
        if not onderwerpen:
            return []
        sql = text(f"SELECT {_KOLOMMEN} FROM kennis_fts WHERE onderwerp IN :onderwerpen"
                   " ORDER BY titel").bindparams(bindparam("onderwerpen", expanding=True))
        with self._store.engine.connect() as conn:
            rijen = [_artikel(r) for r in conn.execute(sql, {"onderwerpen": onderwerpen})]
        volgorde = {o: i for i, o in enumerate(onderwerpen)}
        return sorted(rijen, key=lambda a: volgorde[a.onderwerp])

    def op_id(self, ids: list[str]) -> list[Kennisartikel]:
        """These articles, in the order asked; an id no source has is left out."""
        if not ids:
            return []
        sql = text(f"SELECT {_KOLOMMEN} FROM kennis_fts WHERE artikel_id IN :ids"
                   ).bindparams(bindparam("ids", expanding=True))
        with self._store.engine.connect() as conn:
            gevonden = {r.artikel_id: _artikel(r) for r in conn.execute(sql, {"ids": ids})}
        return [gevonden[i] for i in ids if i in gevonden]

    def onderwerpen(self) -> list[str]:
        sql = text("SELECT DISTINCT onderwerp FROM kennis_fts ORDER BY onderwerp")
        with self._store.engine.connect() as conn:
            return [r[0] for r in conn.execute(sql).all()]


_KOLOMMEN = ("artikel_id, bron, titel, onderwerp, trefwoorden, samenvatting, tekst, eigenaar,"
             " laatst_beoordeeld, kanaalnotities")


def _artikel(r: Row[Any]) -> Kennisartikel:
    notities = json.loads(r.kanaalnotities or "{}")
    return Kennisartikel(
        id=r.artikel_id, titel=r.titel, onderwerp=r.onderwerp, samenvatting=r.samenvatting,
        tekst=r.tekst, trefwoorden=tuple(str(r.trefwoorden).splitlines()),
        kanaalnotities=tuple((k, notities[k.value]) for k in Kanaal if notities.get(k.value)),
        eigenaar=r.eigenaar or "",
        laatst_beoordeeld=date.fromisoformat(r.laatst_beoordeeld) if r.laatst_beoordeeld
        else None,
        bron=r.bron,
    )
