"""The kennisbank index keeps each article's channel notes, owner and review date.

The index is rebuilt from the sources at every start, so it is recreated empty.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_KOLOMMEN = ("artikel_id UNINDEXED, bron UNINDEXED, titel, onderwerp, trefwoorden, samenvatting,"
             " tekst")
_TOKENIZER = "tokenize = 'unicode61 remove_diacritics 2'"


def upgrade() -> None:
    op.execute("DROP TABLE kennis_fts")
    op.execute(f"CREATE VIRTUAL TABLE kennis_fts USING fts5({_KOLOMMEN}, eigenaar UNINDEXED,"
               f" laatst_beoordeeld UNINDEXED, kanaalnotities UNINDEXED, {_TOKENIZER})")


def downgrade() -> None:
    op.execute("DROP TABLE kennis_fts")
    op.execute(f"CREATE VIRTUAL TABLE kennis_fts USING fts5({_KOLOMMEN}, {_TOKENIZER})")
