"""Salvage of a damaged store: every row that still reads goes into the new store.

SQLCipher fails a whole query at the first page whose HMAC does not verify, so a table is
read in rowid ranges, each failing range halved down to single rows: one bad page loses
only the rows on it. The table's indexes, read from both ends, tell which rows existed
(and under which id) when the rows themselves no longer read.
"""

from __future__ import annotations

import bisect
import logging
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import text

from werkplek.store.bestanden import prive_bestand
from werkplek.store.database import PAGINA, Store, verbind_ruw

log = logging.getLogger(__name__)

TABELLEN = ("outbox", "audit", "instelling")
"""What is salvaged: writes not yet sent (parked ones too), the audit log, settings. The
cache and the kennisbank index refill from their sources."""
BLOK = 256
"""Rowids per range read; a failing range is halved."""
_LEGE_BLOKKEN = 8
"""Past the last known row, reading stops after this many blocks that gave nothing."""
_VERLENGINGEN = 40
"""How often a truncated copy is doubled in length before its schema is given up."""


class _Lezer:
    """A connection to the copy that is opened anew after every failed read: SQLCipher
    leaves a connection that met a bad page failing every later query."""

    def __init__(self, pad: Path, sleutel: str) -> None:
        self._pad, self._sleutel = pad, sleutel
        self.conn = verbind_ruw(pad, sleutel)

    def opnieuw(self) -> None:
        self.conn.close()
        self.conn = verbind_ruw(self._pad, self._sleutel)

    def execute(self, vraag: str, parameters: tuple[Any, ...] = ()) -> Any:
        return self.conn.execute(vraag, parameters)

    def close(self) -> None:
        self.conn.close()


class NietTeBergen(Exception):
    """Not even the schema of the damaged store reads: nothing can be salvaged."""


@dataclass(slots=True)
class Tabelberging:
    """What one table gave back: rows read, rows known to exist but unreadable."""

    tabel: str
    rijen: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    """rowid -> the row's values, in ``kolommen`` order."""
    kolommen: list[str] = field(default_factory=list)
    onleesbaar: dict[int, str | None] = field(default_factory=dict)
    """rowid -> its id (outbox) where an index still gave it, else None."""
    onzeker: int = 0
    """Rowids between known rows that failed to read, where no complete index says whether
    a row was there."""
    onbekend: bool = False
    """Reads failed where no index tells what was there: more rows may be lost than counted."""

    @property
    def verloren(self) -> int:
        return len(self.onleesbaar) + self.onzeker


@dataclass(slots=True)
class Berging:
    tabellen: dict[str, Tabelberging] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)


def berg(opzij: Path, sleutel: str, doel: Store) -> Berging:
    """Read every readable row of ``opzij`` (a store moved aside) and write it into ``doel``.

    Works on a copy, so the file moved aside stays as it was for the beheerder. Raises
    NietTeBergen when not even its schema reads.
    """
    werk = opzij.with_name(opzij.name + ".berging")
    _kopieer(opzij, werk)
    try:
        _maak_leesbaar(werk, sleutel)
        conn = _Lezer(werk, sleutel)
        try:
            berging = Berging()
            bestaand = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not bestaand & set(TABELLEN):  # an empty file: nothing to say what was lost
                raise NietTeBergen("het bestand bevat geen tabellen van werkplek")
            for tabel in TABELLEN:
                if tabel in bestaand:
                    berging.tabellen[tabel] = _berg_tabel(conn, tabel)
        finally:
            conn.close()
    finally:
        for achtervoegsel in ("", "-wal", "-shm", "-journal"):
            Path(str(werk) + achtervoegsel).unlink(missing_ok=True)
    _schrijf(berging, doel)
    for t in berging.tabellen.values():
        log.info("Berging van %s: %d rijen hersteld, %d onleesbaar, %d onzeker%s", t.tabel,
                 len(t.rijen), len(t.onleesbaar), t.onzeker,
                 " (en mogelijk meer)" if t.onbekend else "")
    return berging


def _kopieer(bron: Path, doel: Path) -> None:
    for achtervoegsel in ("", "-wal"):
        b = Path(str(bron) + achtervoegsel)
        if b.exists():
            d = Path(str(doel) + achtervoegsel)
            shutil.copyfile(b, d)
            prive_bestand(d)


def _maak_leesbaar(werk: Path, sleutel: str) -> None:
    """Make the copy's schema read: a truncated copy is cut to whole pages and lengthened
    with empty pages (they fail their check like any damaged page) until its header's page
    count fits."""
    grootte = werk.stat().st_size
    for poging in range(_VERLENGINGEN + 1):
        conn = verbind_ruw(werk, sleutel)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return
        except sqlcipher.DatabaseError as e:
            if "malformed" not in str(e) or grootte < PAGINA:
                raise NietTeBergen(str(e)) from None
        finally:
            conn.close()
        hele = grootte // PAGINA * PAGINA
        os.truncate(werk, hele * 2 ** (poging + 1) if poging < _VERLENGINGEN else hele)
    raise NietTeBergen("het schema is ook na verlengen niet te lezen")


def _berg_tabel(conn: _Lezer, tabel: str) -> Tabelberging:
    t = Tabelberging(tabel, kolommen=[r[1] for r in conn.execute(f"PRAGMA table_info({tabel})")])
    vraag = f"SELECT rowid, {', '.join(t.kolommen)} FROM {tabel}"
    if _lees(conn, vraag + " ORDER BY rowid", (), t):
        return t  # the table reads whole: the damage is elsewhere
    bekend, ids, volledig = _uit_indexen(conn, tabel)
    nog = sorted(set(bekend) - set(t.rijen))
    mislukt: set[int] = set()

    def lees_bereik(a: int, b: int) -> None:
        if volledig and bisect.bisect_left(nog, a) == bisect.bisect_right(nog, b):
            return  # no row of this range is unread
        if a == b:  # by equality: a range would step on to the next (damaged) leaf
            if not _lees(conn, vraag + " WHERE rowid = ?", (a,), t):
                mislukt.add(a)
            return
        if _lees(conn, vraag + " WHERE rowid BETWEEN ? AND ? ORDER BY rowid", (a, b), t):
            return
        m = (a + b) // 2
        lees_bereik(a, m)
        lees_bereik(m + 1, b)

    hoogste = max([*t.rijen, *bekend], default=0)
    for a in range(1, hoogste + 1, BLOK):
        lees_bereik(a, min(a + BLOK - 1, hoogste))
    leeg = 0  # rows past the highest known one, that no index may know of
    while (not volledig and leeg < _LEGE_BLOKKEN
           and not _lees(conn, vraag + " WHERE rowid > ? ORDER BY rowid", (hoogste,), t)):
        voor = len(t.rijen)
        lees_bereik(hoogste + 1, hoogste + BLOK)
        leeg = leeg + 1 if len(t.rijen) == voor else 0
        hoogste += BLOK
    t.onleesbaar = {r: ids.get(r) for r in sorted(set(bekend) - set(t.rijen))}
    if not volledig:  # failed rowids no index accounts for, up to the last row seen
        grens = max([*t.rijen, *bekend], default=0)
        raadsel = mislukt - set(bekend) - set(t.rijen)
        t.onzeker = len({r for r in raadsel if r <= grens})
        t.onbekend = bool(raadsel)
    return t


def _lees(conn: _Lezer, vraag: str, parameters: tuple[int, ...], t: Tabelberging) -> bool:
    """Read rows into ``t`` until done (True) or until a damaged page (False)."""
    try:
        for rij in conn.execute(vraag, parameters):
            t.rijen[rij[0]] = tuple(rij[1:])
    except sqlcipher.DatabaseError:
        conn.opnieuw()
        return False
    return True


def _uit_indexen(conn: _Lezer, tabel: str) -> tuple[set[int], dict[int, str], bool]:
    """Rowids the table's indexes still hold (from both ends), ids from an index on ``id``,
    and whether one index read whole (then no other row existed)."""
    bekend: set[int] = set()
    ids: dict[int, str] = {}
    volledig = False
    for (index,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                                 "AND tbl_name = ?", (tabel,)).fetchall():
        kolommen = [r[2] for r in conn.execute(f"PRAGMA index_info({_naam(index)})")]
        if not kolommen or None in kolommen:
            continue
        met_id = kolommen == ["id"]
        for richting, rijen in (("", True), (" DESC", False)):
            volgorde = ", ".join(f"{k}{richting}" for k in [*kolommen, "rowid"])
            heel = True
            try:
                for rij in conn.execute(f"SELECT rowid, {', '.join(kolommen)} FROM {tabel} "
                                        f"INDEXED BY {_naam(index)} ORDER BY {volgorde}"):
                    bekend.add(rij[0])
                    if met_id:
                        ids[rij[0]] = str(rij[1])
            except sqlcipher.DatabaseError:
                conn.opnieuw()
                heel = False
            if heel:
                volledig = True
                if rijen:
                    break  # read whole from the start: the other end adds nothing
    return bekend, ids, volledig


def _naam(naam: str) -> str:
    return '"' + naam.replace('"', '""') + '"'


def _schrijf(berging: Berging, doel: Store) -> None:
    """Rows as they were, into the new store's tables (the columns both have)."""
    with doel.engine.begin() as conn:
        for t in berging.tabellen.values():
            nieuw = {r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({t.tabel})")}
            kolommen = [k for k in t.kolommen if k in nieuw]
            if not kolommen or not t.rijen:
                continue
            plek = [t.kolommen.index(k) for k in kolommen]
            sql = text(f"INSERT OR REPLACE INTO {t.tabel} ({', '.join(kolommen)}) VALUES "
                       f"({', '.join(':' + k for k in kolommen)})")
            conn.execute(sql, list(_als_dicts(t, kolommen, plek)))


def _als_dicts(t: Tabelberging, kolommen: list[str], plek: list[int]
               ) -> Iterator[dict[str, Any]]:
    for _rowid, rij in sorted(t.rijen.items()):
        yield {k: rij[i] for k, i in zip(kolommen, plek, strict=True)}
