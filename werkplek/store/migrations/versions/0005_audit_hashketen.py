"""The audit log becomes tamper-evident: every row carries a hash chained to the row before.

Rows already written are chained here, in their order, from a fresh random start; the
setting ``audit.voor_keten`` keeps how many there were, so ``werkplek audit controleer``
can say that the chain vouches for them only from this migration on. The UPDATE trigger of
0004 is lifted for that one pass and made again.

Revision ID: 0005
Revises: 0004
"""

from datetime import UTC

import sqlalchemy as sa
from alembic import op

from werkplek.store import auditketen

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_WIJZIGEN = ("CREATE TRIGGER audit_niet_wijzigen BEFORE UPDATE ON audit BEGIN"
             " SELECT RAISE(ABORT, 'het auditlogboek is alleen-toevoegen: een auditregel"
             " wijzigen is niet toegestaan'); END")
_KOLOMMEN = ("id", "tijdstip", "medewerker", "klant_soort", "klant_nummer", "doel", "bron",
             "handeling")


def upgrade() -> None:
    op.add_column("audit", sa.Column("keten", sa.String(32), nullable=True))
    op.add_column("audit", sa.Column("vorige", sa.String(64), nullable=True))
    op.add_column("audit", sa.Column("hash", sa.String(64), nullable=True))
    audit = sa.table("audit", *(sa.column(k) for k in _KOLOMMEN[2:]),
                     sa.column("id", sa.Integer), sa.column("tijdstip", sa.DateTime()),
                     sa.column("keten"), sa.column("vorige"), sa.column("hash"))
    conn = op.get_bind()
    rijen = conn.execute(sa.select(*(audit.c[k] for k in _KOLOMMEN)).order_by(audit.c.id)).all()
    if not rijen:
        return
    keten, vorige = auditketen.nieuwe_keten(), auditketen.beginwaarde()
    nieuw = []
    for r in rijen:
        record = auditketen.Auditrecord(r.id, r.tijdstip.replace(tzinfo=UTC), r.medewerker,
                                        r.klant_soort, r.klant_nummer, r.doel, r.bron,
                                        r.handeling, keten, vorige)
        h = auditketen.schakel(vorige, record)
        nieuw.append({"regel": r.id, "k": keten, "v": vorige, "h": h})
        vorige = h
    op.execute("DROP TRIGGER IF EXISTS audit_niet_wijzigen")
    conn.execute(audit.update().where(audit.c.id == sa.bindparam("regel"))
                 .values(keten=sa.bindparam("k"), vorige=sa.bindparam("v"),
                         hash=sa.bindparam("h")), nieuw)
    op.execute(_WIJZIGEN)
    instelling = sa.table("instelling", sa.column("sleutel"), sa.column("waarde"))
    conn.execute(instelling.insert().values(sleutel="audit.voor_keten", waarde=str(len(rijen))))


def downgrade() -> None:
    # SQLite drops a column by rebuilding the table (and its triggers); make them again.
    with op.batch_alter_table("audit") as b:
        b.drop_column("hash")
        b.drop_column("vorige")
        b.drop_column("keten")
    op.execute("DROP TRIGGER IF EXISTS audit_niet_wijzigen")
    op.execute("DROP TRIGGER IF EXISTS audit_niet_verwijderen")
    op.execute(_WIJZIGEN)
    op.execute("CREATE TRIGGER audit_niet_verwijderen BEFORE DELETE ON audit BEGIN"
               " SELECT RAISE(ABORT, 'het auditlogboek is alleen-toevoegen: een auditregel"
               " verwijderen is niet toegestaan'); END")
    op.execute("DELETE FROM instelling WHERE sleutel = 'audit.voor_keten'")
