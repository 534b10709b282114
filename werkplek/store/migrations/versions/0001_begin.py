"""First schema: audit log, settings and the kennisbank full-text index.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("tijdstip", sa.DateTime(timezone=True), nullable=False),
        sa.Column("medewerker", sa.String(200), nullable=False),
        sa.Column("klant_soort", sa.String(20), nullable=False),
        sa.Column("klant_nummer", sa.String(20), nullable=False),
        sa.Column("doel", sa.String(200), nullable=False),
        sa.Column("bron", sa.String(100), nullable=False),
        sa.Column("handeling", sa.String(50), nullable=False),
    )
    op.create_index("ix_audit_tijdstip", "audit", ["tijdstip"])
    op.create_index("ix_audit_klant_nummer", "audit", ["klant_nummer"])
    op.create_table(
        "instelling",
        sa.Column("sleutel", sa.String(200), primary_key=True),
        sa.Column("waarde", sa.Text, nullable=False),
    )
    # Diacritics-insensitive, so "categorie" finds "catégorie" and "reunie" finds "reünie".
    op.execute(
        "CREATE VIRTUAL TABLE kennis_fts USING fts5("
        "artikel_id UNINDEXED, bron UNINDEXED, titel, onderwerp, trefwoorden, samenvatting, tekst,"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )


def downgrade() -> None:
    op.execute("DROP TABLE kennis_fts")
    op.drop_table("instelling")
    op.drop_index("ix_audit_klant_nummer", "audit")
    op.drop_index("ix_audit_tijdstip", "audit")
    op.drop_table("audit")
