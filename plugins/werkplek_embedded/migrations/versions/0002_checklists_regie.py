"""Checklist answers and used kennisartikelen with a contact; idempotent zaak starts;
kennisartikelen with channel notes, owner and review date.

Revision ID: e0002
Revises: e0001
"""

import sqlalchemy as sa
from alembic import op

revision = "e0002"
down_revision = "e0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("zaak") as b:
        b.add_column(sa.Column("aanvraag_id", sa.String(36), nullable=True))
        b.create_index("ix_zaak_aanvraag_id", ["aanvraag_id"], unique=True)
    with op.batch_alter_table("kennisartikel") as b:
        b.add_column(sa.Column("eigenaar", sa.String(200), nullable=False, server_default=""))
        b.add_column(sa.Column("laatst_beoordeeld", sa.Date, nullable=True))
        b.add_column(sa.Column("kanaalnotities", sa.Text, nullable=False, server_default="{}"))
    op.create_table(
        "contactmoment_antwoord",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("contactmoment_id", sa.String(36),
                  sa.ForeignKey("contactmoment.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("volgorde", sa.Integer, nullable=False),
        sa.Column("checklist", sa.String(64), nullable=False),
        sa.Column("vraag_id", sa.String(64), nullable=False),
        sa.Column("vraag", sa.Text, nullable=False),
        sa.Column("antwoord", sa.Text, nullable=False),
        sa.Column("niet_gevraagd", sa.Text, nullable=False),
    )
    op.create_table(
        "contactmoment_kennisartikel",
        sa.Column("contactmoment_id", sa.String(36),
                  sa.ForeignKey("contactmoment.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("artikel_id", sa.String(100), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("contactmoment_kennisartikel")
    op.drop_table("contactmoment_antwoord")
    with op.batch_alter_table("kennisartikel") as b:
        b.drop_column("kanaalnotities")
        b.drop_column("laatst_beoordeeld")
        b.drop_column("eigenaar")
    with op.batch_alter_table("zaak") as b:
        b.drop_index("ix_zaak_aanvraag_id")
        b.drop_column("aanvraag_id")
