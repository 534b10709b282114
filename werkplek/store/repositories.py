"""Repositories over the local store; all synchronous, callers run them off the event loop."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    DateTime,
    Row,
    String,
    Text,
    bindparam,
    delete,
    false,
    func,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from werkplek.domain.model import Kanaal, Kennisartikel, KlantRef, KlantSoort
from werkplek.store import auditketen
from werkplek.store.database import Store, maak_engine
from werkplek.store.models import AuditRegel, CacheRegel, Instelling, UitgaandBericht
from werkplek.store.rijen import AANGEKOMEN, GEPARKEERD, WACHTEND, Bericht, Kennistreffer

AUDITSOORT = "audit"
"""The outbox kind of audit hashes on their way to the team database."""
_POGINGEN = 3


@dataclass(frozen=True, slots=True)
class Teamkopie:
    """Where the audit chain's hashes go: the team database's source, and this workstation."""

    bron: str
    werkplek: str


class AuditLog:
    """Protocollering of every view of a person's or company's data.

    Append-only: rows are written and read, never changed or removed (the database's
    triggers refuse it too). Times go in aware and come back aware, in UTC.
    """

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
        handeling: str, tijdstip: datetime, team: Teamkopie | None = None,
    ) -> list[tuple[int, str]]:
        """One line per (klant, bron), all in one transaction, each chained to the row
        before it; returns their (volgnummer, hash). With ``team`` their numbers and hashes
        (never their content) go into the outbox in the same transaction, for the team
        database. A row numbered meanwhile by another process (its number taken, or the
        snapshot read stale) makes it try again."""
        regels = list(klanten)
        for poging in range(_POGINGEN):
            try:
                return self._schrijf(regels, medewerker=medewerker, doel=doel,
                                     handeling=handeling, tijdstip=tijdstip, team=team)
            except (IntegrityError, OperationalError) as e:
                if poging == _POGINGEN - 1 or (isinstance(e, OperationalError)
                                               and "locked" not in str(e.orig)):
                    raise
        return []

    def _schrijf(self, regels: list[tuple[KlantRef, str]], *, medewerker: str, doel: str,
                 handeling: str, tijdstip: datetime, team: Teamkopie | None
                 ) -> list[tuple[int, str]]:
        if not regels:
            return []
        with self._store.sessie() as s, s.begin():
            # Take the write lock before reading the last row: another process (or
            # connection) writing audit rows waits instead of numbering the same row.
            s.execute(update(Instelling).where(false()).values(waarde=Instelling.waarde))
            laatste = s.execute(select(AuditRegel.id, AuditRegel.keten, AuditRegel.hash)
                                .order_by(AuditRegel.id.desc()).limit(1)).first()
            volgnummer = laatste.id + 1 if laatste else 1
            keten = (laatste.keten if laatste and laatste.keten
                     else auditketen.nieuwe_keten())
            vorige = laatste.hash if laatste and laatste.hash else auditketen.beginwaarde()
            geschreven: list[tuple[int, str]] = []
            for klant, bron in regels:
                record = auditketen.Auditrecord(
                    volgnummer, tijdstip, medewerker, klant.soort.value, klant.nummer, doel,
                    bron, handeling, keten, vorige)
                h = auditketen.schakel(vorige, record)
                s.add(AuditRegel(
                    id=volgnummer, tijdstip=tijdstip, medewerker=medewerker,
                    klant_soort=klant.soort.value, klant_nummer=klant.nummer, doel=doel,
                    bron=bron, handeling=handeling, keten=keten, vorige=vorige, hash=h))
                geschreven.append((volgnummer, h))
                volgnummer, vorige = volgnummer + 1, h
            if team is not None:
                s.add(UitgaandBericht(
                    id=str(uuid.uuid4()), soort=AUDITSOORT, bron=team.bron, klant="",
                    omschrijving=f"Auditregels {geschreven[0][0]}–{geschreven[-1][0]}",
                    inhoud=json.dumps({"keten": keten, "werkplek": team.werkplek,
                                       "schakels": [{"volgnummer": n, "hash": h}
                                                    for n, h in geschreven]}),
                    status=WACHTEND, pogingen=0, laatste_fout="", aangemaakt=_utc(tijdstip)))
        return geschreven

    def records(self) -> Iterator[auditketen.Auditrecord]:
        """Every row in its order, as the chain check reads them."""
        with self._store.sessie() as s:
            for r in s.scalars(select(AuditRegel).order_by(AuditRegel.id)
                               .execution_options(yield_per=500)):
                yield auditketen.Auditrecord(
                    r.id, r.tijdstip, r.medewerker, r.klant_soort, r.klant_nummer, r.doel,
                    r.bron, r.handeling, r.keten, r.vorige, r.hash)

    def schakel(self, volgnummer: int) -> tuple[str | None, str | None] | None:
        """(keten, hash) of one row, None when there is no such row."""
        with self._store.sessie() as s:
            rij = s.execute(select(AuditRegel.keten, AuditRegel.hash)
                            .where(AuditRegel.id == volgnummer)).first()
            return (rij.keten, rij.hash) if rij else None

    def voor_keten(self) -> int:
        """How many rows existed before the chain did (chained by migration 0005)."""
        with self._store.sessie() as s:
            rij = s.get(Instelling, "audit.voor_keten")
            return int(rij.waarde) if rij and rij.waarde.isdigit() else 0

    def van_klant(self, klant: KlantRef) -> list[AuditRegel]:
        with self._store.sessie() as s:
            q = (select(AuditRegel)
                 .where(AuditRegel.klant_soort == klant.soort.value,
                        AuditRegel.klant_nummer == klant.nummer)
                 .order_by(AuditRegel.id))
            return list(s.scalars(q))

    def sinds(self, grens: datetime, soort: KlantSoort | None = None) -> Iterator[AuditRegel]:
        """Every row from ``grens`` on, oldest first, read in batches (for the export)."""
        with self._store.sessie() as s:
            q = select(AuditRegel).where(AuditRegel.tijdstip >= grens)
            if soort is not None:
                q = q.where(AuditRegel.klant_soort == soort.value)
            yield from s.scalars(q.order_by(AuditRegel.tijdstip, AuditRegel.id)
                                 .execution_options(yield_per=500))


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


def _utc(t: datetime) -> datetime:
    """SQLite keeps no zone: the store holds UTC, read back as aware UTC."""
    return t.astimezone(UTC).replace(tzinfo=None)


def _uit_utc(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t


@dataclass(frozen=True, slots=True)
class Gecachet:
    bron: str
    inhoud: str
    opgehaald: datetime


class CacheOpslag:
    """What sources returned per dossier part, kept encrypted until the retention limit."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def bewaar(self, soort: str, sleutel: str, per_bron: Sequence[tuple[str, str]],
               opgehaald: datetime,
               personen: Mapping[str, tuple[str, date]] | None = None) -> None:
        """Keep what each source returned; ``personen``: per source the folded geslachtsnaam
        and birth date of the person it returned, so a name search finds it offline."""
        with self._store.sessie() as s, s.begin():
            for bron, inhoud in per_bron:
                s.merge(CacheRegel(bron=bron, soort=soort, sleutel=sleutel,
                                   opgehaald=_utc(opgehaald), inhoud=inhoud))
                if personen is None:
                    continue
                waar = {"bron": bron, "soort": soort, "sleutel": sleutel}
                s.execute(text("DELETE FROM cache_persoon WHERE bron = :bron"
                               " AND soort = :soort AND sleutel = :sleutel"), waar)
                if bron in personen:
                    zoeknaam, geboren = personen[bron]
                    s.execute(text("INSERT INTO cache_persoon (bron, soort, sleutel, zoeknaam,"
                                   " geboortedatum) VALUES (:bron, :soort, :sleutel, :naam,"
                                   " :geboren)"),
                              waar | {"naam": zoeknaam, "geboren": geboren.isoformat()})

    def zoek_personen(self, soort: str, zoeknamen: Sequence[str], geboortedatum: date,
                      bronnen: Iterable[str]) -> list[Gecachet]:
        """Cached persons whose folded geslachtsnaam is one of ``zoeknamen``, born on
        ``geboortedatum``: read along the index (zoeknaam, geboortedatum)."""
        bronnen = list(bronnen)
        if not bronnen or not zoeknamen:
            return []
        sql = text(PERSONEN_IN_CACHE).bindparams(
            bindparam("namen", expanding=True), bindparam("bronnen", expanding=True)
        ).columns(bron=String(), inhoud=Text(), opgehaald=DateTime())
        with self._store.sessie() as s:
            return [Gecachet(r.bron, r.inhoud, _uit_utc(r.opgehaald)) for r in s.execute(
                sql, {"namen": list(zoeknamen), "geboren": geboortedatum.isoformat(),
                      "soort": soort, "bronnen": bronnen})]

    def lees(self, soort: str, sleutel: str, bronnen: Iterable[str]) -> dict[str, Gecachet]:
        bronnen = list(bronnen)
        if not bronnen:
            return {}
        with self._store.sessie() as s:
            rijen = s.scalars(select(CacheRegel).where(
                CacheRegel.soort == soort, CacheRegel.sleutel == sleutel,
                CacheRegel.bron.in_(bronnen)))
            return {r.bron: Gecachet(r.bron, r.inhoud, _uit_utc(r.opgehaald)) for r in rijen}

    def wis_ouder_dan(self, grens: datetime) -> int:
        with self._store.engine.begin() as conn:
            return conn.execute(delete(CacheRegel).where(CacheRegel.opgehaald < _utc(grens))
                                ).rowcount

    def aantal(self) -> int:
        with self._store.sessie() as s:
            return s.scalar(select(func.count()).select_from(CacheRegel)) or 0


PERSONEN_IN_CACHE = (
    "SELECT c.bron, c.inhoud, c.opgehaald FROM cache_persoon AS p"
    # CROSS JOIN: SQLite keeps p outside, so the name index leads, never a walk of the cache.
    " CROSS JOIN cache AS c ON c.bron = p.bron AND c.soort = p.soort AND c.sleutel = p.sleutel"
    " WHERE p.zoeknaam IN :namen AND p.geboortedatum = :geboren AND p.soort = :soort"
    " AND p.bron IN :bronnen ORDER BY p.zoeknaam, c.sleutel")


def _bericht(r: UitgaandBericht) -> Bericht:
    return Bericht(r.volgnummer, r.id, r.soort, r.bron, r.klant, r.omschrijving, r.inhoud,
                   r.status, r.pogingen, r.laatste_fout, _uit_utc(r.aangemaakt))


class Outbox:
    """Writes not yet accepted by their backoffice; each change is one local transaction."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def plaats(self, *, id: str, soort: str, bron: str, klant: str, omschrijving: str,
               inhoud: str, aangemaakt: datetime) -> None:
        """Add a write; the same id again (a corrected, parked one) replaces it in its place."""
        with self._store.sessie() as s, s.begin():
            rij = s.scalar(select(UitgaandBericht).where(UitgaandBericht.id == id))
            if rij is None:
                s.add(UitgaandBericht(id=id, soort=soort, bron=bron, klant=klant,
                                      omschrijving=omschrijving, inhoud=inhoud, status=WACHTEND,
                                      pogingen=0, laatste_fout="", aangemaakt=_utc(aangemaakt)))
            else:
                rij.soort, rij.bron, rij.klant = soort, bron, klant
                rij.omschrijving, rij.inhoud, rij.status = omschrijving, inhoud, WACHTEND

    def wachtend(self, na: int = 0, limiet: int = 100, behalve: Iterable[str] = ()
                 ) -> list[Bericht]:
        """Waiting writes after ``na`` in the order they were made, but none for ``behalve``."""
        with self._store.sessie() as s:
            q = (select(UitgaandBericht)
                 .where(UitgaandBericht.status == WACHTEND, UitgaandBericht.volgnummer > na,
                        UitgaandBericht.bron.not_in(list(behalve)))
                 .order_by(UitgaandBericht.volgnummer).limit(limiet))
            return [_bericht(r) for r in s.scalars(q)]

    def alle(self) -> list[Bericht]:
        with self._store.sessie() as s:
            return [_bericht(r) for r in s.scalars(
                select(UitgaandBericht).order_by(UitgaandBericht.volgnummer))]

    def van_klant(self, klant: str, soort: str) -> list[Bericht]:
        with self._store.sessie() as s:
            return [_bericht(r) for r in s.scalars(
                select(UitgaandBericht).where(UitgaandBericht.klant == klant,
                                              UitgaandBericht.soort == soort)
                .order_by(UitgaandBericht.volgnummer))]

    def op_id(self, id: str) -> Bericht | None:
        with self._store.sessie() as s:
            r = s.scalar(select(UitgaandBericht).where(UitgaandBericht.id == id))
            return _bericht(r) if r else None

    def aangekomen(self, id: str) -> None:
        """The backoffice accepted it: gone from the outbox."""
        with self._store.sessie() as s, s.begin():
            s.execute(delete(UitgaandBericht).where(UitgaandBericht.id == id))

    def mislukt(self, id: str, fout: str) -> None:
        with self._store.sessie() as s, s.begin():
            s.execute(update(UitgaandBericht).where(UitgaandBericht.id == id).values(
                pogingen=UitgaandBericht.pogingen + 1, laatste_fout=fout))

    def parkeer(self, id: str, reden: str) -> None:
        with self._store.sessie() as s, s.begin():
            s.execute(update(UitgaandBericht).where(UitgaandBericht.id == id).values(
                status=GEPARKEERD, pogingen=UitgaandBericht.pogingen + 1, laatste_fout=reden))

    def boek(self, uitkomsten: Sequence[tuple[str, str, str]]) -> None:
        """Several outcomes in one transaction, each (id, AANGEKOMEN | GEPARKEERD | MISLUKT,
        message): arrived ones leave, refused ones are parked, failed ones count a try."""
        weg = [id for id, actie, _ in uitkomsten if actie == AANGEKOMEN]
        with self._store.sessie() as s, s.begin():
            for i in range(0, len(weg), 500):  # within SQLite's limit of bound variables
                s.execute(delete(UitgaandBericht).where(UitgaandBericht.id.in_(weg[i:i + 500])))
            for id, actie, melding in uitkomsten:
                if actie == AANGEKOMEN:
                    continue
                waarden: dict[str, Any] = {"pogingen": UitgaandBericht.pogingen + 1,
                                           "laatste_fout": melding}
                if actie == GEPARKEERD:
                    waarden["status"] = GEPARKEERD
                s.execute(update(UitgaandBericht).where(UitgaandBericht.id == id)
                          .values(**waarden))

    def opnieuw(self, id: str) -> None:
        """A parked write goes back into the queue, in its old place."""
        with self._store.sessie() as s, s.begin():
            s.execute(update(UitgaandBericht).where(UitgaandBericht.id == id).values(
                status=WACHTEND))

    def tel(self) -> tuple[int, int]:
        """(waiting, parked)."""
        with self._store.sessie() as s:
            rijen = {status: int(n) for status, n in s.execute(
                select(UitgaandBericht.status, func.count()).group_by(UitgaandBericht.status))}
        return rijen.get(WACHTEND, 0), rijen.get(GEPARKEERD, 0)

    def herstel(self, berichten: Iterable[Bericht]) -> int:
        """Put writes recovered from a damaged store back, in their order."""
        n = 0
        with self._store.sessie() as s, s.begin():
            for b in sorted(berichten, key=lambda b: b.volgnummer):
                if s.scalar(select(UitgaandBericht.id).where(UitgaandBericht.id == b.id)):
                    continue
                s.add(UitgaandBericht(id=b.id, soort=b.soort, bron=b.bron, klant=b.klant,
                                      omschrijving=b.omschrijving, inhoud=b.inhoud,
                                      status=b.status, pogingen=b.pogingen,
                                      laatste_fout=b.laatste_fout,
                                      aangemaakt=_utc(b.aangemaakt)))
                n += 1
        return n


def lees_outbox_uit(pad: Path, sleutel: str) -> list[Bericht]:
    """The writes still in a store that failed its checks; raises when none can be read."""
    engine = maak_engine(pad, sleutel)
    try:
        with Session(engine) as s:
            return [_bericht(r) for r in s.scalars(
                select(UitgaandBericht).order_by(UitgaandBericht.volgnummer))]
    finally:
        engine.dispose()


_WOORD = re.compile(r"\w+", re.UNICODE)
PAGINA = 50
"""Articles per page of the kennisbank's list, and the most a search returns."""
PREFIXEN = (1, 2, 3)
"""The prefix lengths kennis_fts keeps an index of (migration 0006)."""
RANGGRENS = 400
"""Above this many matches a search is ranked on the title columns only (see ``zoek``)."""
_RANG = "bm25(10.0, 6.0, 6.0, 3.0, 1.0)"
"""Weights of titel, onderwerp, trefwoorden, samenvatting and tekst: title beats body."""


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
    """The kennisbank: articles in kennis_artikel, searched through kennis_fts (SQLite FTS5
    with prefix indexes, ranked with bm25). Lists and searches return Kennistreffer; only
    ``op_id`` reads whole articles."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def vervang(self, bron: str, artikelen: Iterable[Kennisartikel]) -> int:
        """Replace every article of ``bron``, in one transaction; the same set again (as at
        every start) is left as it is, so the index is not rewritten for nothing."""
        rijen = [_kennisrij(bron, a) for a in artikelen]
        vingerafdruk = hashlib.sha256(json.dumps(rijen, sort_keys=True).encode()).hexdigest()
        sleutel = f"kennis.vingerafdruk.{bron}"
        with self._store.engine.begin() as conn:
            if conn.execute(text("SELECT waarde FROM instelling WHERE sleutel = :s"),
                            {"s": sleutel}).scalar() == vingerafdruk and conn.execute(
                    text("SELECT count(*) FROM kennis_artikel WHERE bron = :bron"),
                    {"bron": bron}).scalar() == len(rijen):
                return len(rijen)
            conn.execute(text("DELETE FROM kennis_artikel WHERE bron = :bron"), {"bron": bron})
            if rijen:
                conn.execute(text(f"INSERT INTO kennis_artikel ({_KOLOMMEN}) VALUES"
                                  f" ({', '.join(':' + k for k in _KOLOMMEN.split(', '))})"),
                             rijen)
            conn.execute(text("INSERT OR REPLACE INTO instelling (sleutel, waarde)"
                              " VALUES (:s, :w)"), {"s": sleutel, "w": vingerafdruk})
        return len(rijen)

    def zoek(self, tekst: str, limiet: int = PAGINA) -> list[Kennistreffer]:
        """The best ``limiet`` matches, best first; FTS5 ranks them itself (ORDER BY rank),
        so the row and its fragment are read only for the rows returned.

        Ranking costs a little per match: a query that matches more than RANGGRENS
        articles (a letter or two, a word in every text) is ranked on the title,
        onderwerp and trefwoorden only, and if those match as many, the first titles
        that match are listed, alphabetically; either way the page is filled up with
        other matches, unranked."""
        vraag = fts_vraag(tekst)
        if vraag is None:
            return []
        with self._store.engine.connect() as conn:
            def veel(v: str) -> bool:
                return int(conn.execute(text(_TEL), {"vraag": v, "grens": RANGGRENS + 1})
                           .scalar() or 0) > RANGGRENS

            if not veel(vraag):
                rijen = list(conn.execute(text(_ZOEK), {"vraag": vraag, "rang": _RANG,
                                                        "limiet": limiet}))
            else:
                titels = f"{{titel onderwerp trefwoorden}} : ({vraag})"
                if not veel(titels):
                    rijen = list(conn.execute(text(_ZOEK), {"vraag": titels, "rang": _RANG,
                                                            "limiet": limiet}))
                else:
                    rijen = sorted(conn.execute(text(_EERSTE), {
                        "vraag": f"{{titel}} : ({vraag})", "limiet": limiet}),
                        key=lambda r: (r.titel.casefold(), r.artikel_id))
                if len(rijen) < limiet:
                    al = {r.artikel_id for r in rijen}
                    rijen += [r for r in conn.execute(text(_EERSTE), {
                        "vraag": vraag, "limiet": limiet + len(rijen)})
                        if r.artikel_id not in al][:limiet - len(rijen)]
        return [Kennistreffer(r.artikel_id, r.titel, r.onderwerp, r.samenvatting, r.bron,
                              " ".join(r.fragment.split())) for r in rijen]

    def pagina(self, onderwerp: str = "", na: int = 0, limiet: int = PAGINA
               ) -> list[Kennistreffer]:
        """One page of the list by onderwerp and title, from position ``na``; the articles
        of ``onderwerp`` first. Read along the index (onderwerp, titel), never the bodies."""
        with self._store.engine.connect() as conn:
            eigen = 0
            if onderwerp:
                eigen = int(conn.execute(text("SELECT count(*) FROM kennis_artikel WHERE"
                                              " onderwerp = :o"), {"o": onderwerp}).scalar() or 0)
            rijen: list[Row[Any]] = []
            if na < eigen:
                rijen += conn.execute(text(f"SELECT {_LIJST} FROM kennis_artikel"
                                          " WHERE onderwerp = :o ORDER BY onderwerp, titel"
                                          " LIMIT :n OFFSET :na"),
                                     {"o": onderwerp, "n": limiet, "na": na}).all()
            if len(rijen) < limiet:
                rest = " WHERE onderwerp <> :o" if onderwerp else ""
                rijen += conn.execute(text(f"SELECT {_LIJST} FROM kennis_artikel{rest}"
                                           " ORDER BY onderwerp, titel LIMIT :n OFFSET :na"),
                                      {"o": onderwerp, "n": limiet - len(rijen),
                                       "na": max(0, na - eigen)}).all()
        return [_treffer(r) for r in rijen]

    def aantal(self) -> int:
        with self._store.engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM kennis_artikel")).scalar() or 0)

    def alle(self) -> list[Kennisartikel]:
        """Every whole article (for an export or a test; the screen pages with ``pagina``)."""
        sql = text(f"SELECT {_KOLOMMEN} FROM kennis_artikel ORDER BY onderwerp, titel")
        with self._store.engine.connect() as conn:
            return [_artikel(r) for r in conn.execute(sql).all()]

    def titels(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        """Titles by id, of these articles or of all (read from the index on artikel_id
        and titel alone, never the rows); an id no source has is left out."""
        if ids is None:
            sql = text("SELECT artikel_id, titel FROM kennis_artikel"
                       " INDEXED BY ix_kennis_artikel_id")
            with self._store.engine.connect() as conn:
                return {r.artikel_id: r.titel for r in conn.execute(sql)}
        ids = list(dict.fromkeys(ids))
        if not ids:
            return {}
        sql = text("SELECT artikel_id, titel FROM kennis_artikel WHERE artikel_id IN :ids"
                   ).bindparams(bindparam("ids", expanding=True))
        with self._store.engine.connect() as conn:
            return {r.artikel_id: r.titel for r in conn.execute(sql, {"ids": ids})}

    def op_onderwerp(self, onderwerpen: list[str], limiet: int = PAGINA
                     ) -> list[Kennistreffer]:
        """Articles of these onderwerpen, in the order the onderwerpen are given."""
        if not onderwerpen:
            return []
        sql = text(f"SELECT {_LIJST} FROM kennis_artikel WHERE onderwerp IN :onderwerpen"
                   " ORDER BY onderwerp, titel LIMIT :n"
                   ).bindparams(bindparam("onderwerpen", expanding=True))
        with self._store.engine.connect() as conn:
            rijen = [_treffer(r) for r in conn.execute(sql, {"onderwerpen": onderwerpen,
                                                              "n": limiet})]
        volgorde = {o: i for i, o in enumerate(onderwerpen)}
        return sorted(rijen, key=lambda a: volgorde[a.onderwerp])

    def op_id(self, ids: list[str]) -> list[Kennisartikel]:
        """These whole articles, in the order asked; an id no source has is left out."""
        if not ids:
            return []
        sql = text(f"SELECT {_KOLOMMEN} FROM kennis_artikel WHERE artikel_id IN :ids"
                   ).bindparams(bindparam("ids", expanding=True))
        with self._store.engine.connect() as conn:
            gevonden = {r.artikel_id: _artikel(r) for r in conn.execute(sql, {"ids": ids})}
        return [gevonden[i] for i in ids if i in gevonden]

    def onderwerpen(self) -> list[str]:
        sql = text("SELECT DISTINCT onderwerp FROM kennis_artikel ORDER BY onderwerp")
        with self._store.engine.connect() as conn:
            return [r[0] for r in conn.execute(sql).all()]


_KOLOMMEN = ("artikel_id, bron, onderwerp, titel, samenvatting, eigenaar, laatst_beoordeeld,"
             " trefwoorden, kanaalnotities, tekst")
_LIJST = "artikel_id, bron, onderwerp, titel, samenvatting"
_TEL = ("SELECT count(*) FROM (SELECT 1 FROM kennis_fts WHERE kennis_fts MATCH :vraag"
        " LIMIT :grens)")
_EERSTE = (f"SELECT a.{_LIJST.replace(', ', ', a.')}, t.fragment FROM"
           " (SELECT rowid AS nr, snippet(kennis_fts, -1, '', '', '…', 12) AS fragment"
           "  FROM kennis_fts WHERE kennis_fts MATCH :vraag LIMIT :limiet) AS t"
           " JOIN kennis_artikel AS a ON a.nr = t.nr")
_ZOEK = (f"SELECT a.{_LIJST.replace(', ', ', a.')}, t.fragment FROM"
         " (SELECT rowid AS nr, rank, snippet(kennis_fts, -1, '', '', '…', 12) AS fragment"
         "  FROM kennis_fts WHERE kennis_fts MATCH :vraag AND rank MATCH :rang"
         "  ORDER BY rank LIMIT :limiet) AS t"
         " JOIN kennis_artikel AS a ON a.nr = t.nr ORDER BY t.rank")


def _kennisrij(bron: str, a: Kennisartikel) -> dict[str, str]:
    return {"artikel_id": a.id, "bron": bron, "onderwerp": a.onderwerp, "titel": a.titel,
            "samenvatting": a.samenvatting, "eigenaar": a.eigenaar,
            "laatst_beoordeeld": a.laatst_beoordeeld.isoformat() if a.laatst_beoordeeld else "",
            "trefwoorden": "\n".join(a.trefwoorden),
            "kanaalnotities": json.dumps({k.value: t for k, t in a.kanaalnotities},
                                         ensure_ascii=False),
            "tekst": a.tekst}


def _treffer(r: Row[Any]) -> Kennistreffer:
    return Kennistreffer(r.artikel_id, r.titel, r.onderwerp, r.samenvatting, r.bron)


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
