"""A company's RSIN and vestigingsnummer (the Zaken API knows a company by those), and a
zaak's legal deadline (uiterlijke einddatum afdoening) beside its planned end.

Revision ID: e0006
Revises: e0005
"""

import sqlalchemy as sa
from alembic import op

revision = "e0006"
down_revision = "e0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bedrijf") as b:
        b.add_column(sa.Column("rsin", sa.String(9), nullable=False, server_default=""))
        b.add_column(sa.Column("vestigingsnummer", sa.String(12), nullable=False,
                               server_default=""))
    with op.batch_alter_table("zaak") as b:
        b.add_column(sa.Column("uiterlijke_einddatum", sa.Date, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("zaak") as b:
        b.drop_column("uiterlijke_einddatum")
    with op.batch_alter_table("bedrijf") as b:
        b.drop_column("vestigingsnummer")
        b.drop_column("rsin")
