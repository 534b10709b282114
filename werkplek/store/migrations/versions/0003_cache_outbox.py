"""The read-through cache of dossier parts and the outbox of writes not yet accepted.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cache",
        sa.Column("bron", sa.String(100), primary_key=True),
        sa.Column("soort", sa.String(40), primary_key=True),
        sa.Column("sleutel", sa.String(200), primary_key=True),
        sa.Column("opgehaald", sa.DateTime(timezone=True), nullable=False),
        sa.Column("inhoud", sa.Text, nullable=False),
    )
    op.create_index("ix_cache_opgehaald", "cache", ["opgehaald"])
    op.create_table(
        "outbox",
        sa.Column("volgnummer", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("soort", sa.String(40), nullable=False),
        sa.Column("bron", sa.String(100), nullable=False),
        sa.Column("klant", sa.String(40), nullable=False),
        sa.Column("omschrijving", sa.String(300), nullable=False),
        sa.Column("inhoud", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("pogingen", sa.Integer, nullable=False, server_default="0"),
        sa.Column("laatste_fout", sa.Text, nullable=False, server_default=""),
        sa.Column("aangemaakt", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_outbox_klant", "outbox", ["klant"])
    op.create_index("ix_outbox_status", "outbox", ["status"])


def downgrade() -> None:
    op.drop_index("ix_outbox_status", "outbox")
    op.drop_index("ix_outbox_klant", "outbox")
    op.drop_table("outbox")
    op.drop_index("ix_cache_opgehaald", "cache")
    op.drop_table("cache")
