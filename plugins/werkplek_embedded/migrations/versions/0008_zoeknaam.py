"""A person's folded geslachtsnaam (werkplek.domain.namen: no case, no accents, Ĳ as ij)
beside the name, with an index on it and the birth date: the search by name and birth date
then reads the index, and finds "Öztürk" typed as "ozturk". Existing rows are filled here.

Revision ID: e0008
Revises: e0007
"""

import sqlalchemy as sa
from alembic import op

from werkplek.domain.namen import vouw

revision = "e0008"
down_revision = "e0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("persoon") as b:
        b.add_column(sa.Column("zoeknaam", sa.String(200), nullable=False, server_default=""))
    persoon = sa.table("persoon", sa.column("bsn"), sa.column("geslachtsnaam"),
                       sa.column("zoeknaam"))
    conn = op.get_bind()
    rijen = [{"b": r.bsn, "z": vouw(r.geslachtsnaam)}
             for r in conn.execute(sa.select(persoon.c.bsn, persoon.c.geslachtsnaam))]
    if rijen:
        conn.execute(persoon.update().where(persoon.c.bsn == sa.bindparam("b"))
                     .values(zoeknaam=sa.bindparam("z")), rijen)
    op.create_index("ix_persoon_zoeknaam_geboortedatum", "persoon",
                    ["zoeknaam", "geboortedatum"])


def downgrade() -> None:
    op.drop_index("ix_persoon_zoeknaam_geboortedatum", "persoon")
    with op.batch_alter_table("persoon") as b:
        b.drop_column("zoeknaam")
