"""The team's audit archive in the embedded database: links (number and hash) of each
workstation's audit chain, sent through the workstation's outbox."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, func, select
from sqlalchemy.orm import Session

from werkplek.ports import Auditketenkop, Auditketenstuk, Auditschakel, BronFout

_META = MetaData()
SCHAKEL = Table(
    "audit_schakel", _META,
    Column("keten", String(32), primary_key=True),
    Column("volgnummer", Integer, primary_key=True, autoincrement=False),
    Column("hash", String(64), nullable=False),
    Column("werkplek", String(200), nullable=False),
    Column("ontvangen", DateTime(timezone=True), server_default=func.current_timestamp()),
)
"""Made by migration e0007 (with triggers that refuse UPDATE and DELETE)."""


def bewaar(s: Session, stuk: Auditketenstuk) -> None:
    """Keep each link once; one already kept with another hash is refused, the first stays."""
    if not stuk.schakels:
        return
    nummers = [sch.volgnummer for sch in stuk.schakels]
    bekend = {int(r.volgnummer): r.hash for r in s.execute(
        select(SCHAKEL.c.volgnummer, SCHAKEL.c.hash).where(
            SCHAKEL.c.keten == stuk.keten, SCHAKEL.c.volgnummer.in_(nummers)))}
    anders = [sch.volgnummer for sch in stuk.schakels
              if sch.volgnummer in bekend and bekend[sch.volgnummer] != sch.hash]
    if anders:
        raise BronFout(f"Het auditarchief kent regel {anders[0]} van deze werkplek al met een "
                       "andere hash: het lokale auditlogboek is herschreven. Meld dit bij de "
                       "privacy officer (werkplek audit controleer).")
    nieuw = [{"keten": stuk.keten, "volgnummer": sch.volgnummer, "hash": sch.hash,
              "werkplek": stuk.werkplek} for sch in stuk.schakels
             if sch.volgnummer not in bekend]
    if nieuw:
        s.execute(SCHAKEL.insert(), nieuw)


def ketens(s: Session, werkplek: str) -> list[Auditketenkop]:
    kop = (select(SCHAKEL.c.keten, func.max(SCHAKEL.c.volgnummer).label("hoogste"),
                  func.count().label("aantal"))
           .where(SCHAKEL.c.werkplek == werkplek).group_by(SCHAKEL.c.keten).subquery())
    rijen = s.execute(select(kop.c.keten, kop.c.hoogste, kop.c.aantal, SCHAKEL.c.hash)
                      .join(SCHAKEL, (SCHAKEL.c.keten == kop.c.keten)
                            & (SCHAKEL.c.volgnummer == kop.c.hoogste))
                      .order_by(kop.c.keten)).all()
    return [Auditketenkop(r.keten, werkplek, int(r.hoogste), r.hash, int(r.aantal))
            for r in rijen]


def schakels(s: Session, keten: str) -> list[Auditschakel]:
    return [Auditschakel(int(r.volgnummer), r.hash) for r in s.execute(
        select(SCHAKEL.c.volgnummer, SCHAKEL.c.hash).where(SCHAKEL.c.keten == keten)
        .order_by(SCHAKEL.c.volgnummer))]
