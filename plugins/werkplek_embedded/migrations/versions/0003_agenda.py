"""Backoffice agendas and their appointments.

Revision ID: e0003
Revises: e0002
"""

import sqlalchemy as sa
from alembic import op

revision = "e0003"
down_revision = "e0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agenda",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("naam", sa.String(200), nullable=False),
        sa.Column("onderwerpen", sa.Text, nullable=False),
        sa.Column("locatie", sa.String(200), nullable=False),
        sa.Column("rooster", sa.Text, nullable=False),
    )
    op.create_table(
        "afspraak",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("agenda_id", sa.String(64), sa.ForeignKey("agenda.id"), nullable=False,
                  index=True),
        sa.Column("klant_soort", sa.String(20), nullable=False),
        sa.Column("klant_nummer", sa.String(20), nullable=False, index=True),
        sa.Column("klantnaam", sa.String(200), nullable=False),
        sa.Column("onderwerp", sa.String(200), nullable=False),
        sa.Column("begin", sa.DateTime, nullable=False),
        sa.Column("einde", sa.DateTime, nullable=False),
        sa.Column("notitie", sa.Text, nullable=False),
        sa.Column("locatie", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("contactmoment", sa.String(36), nullable=False),
        sa.Column("versie", sa.Integer, nullable=False),
        sa.UniqueConstraint("agenda_id", "begin", name="uq_afspraak_slot"),
    )


def downgrade() -> None:
    op.drop_table("afspraak")
    op.drop_table("agenda")
