"""The kennisbank as a table of articles with an FTS5 index over it that has prefix indexes.

Articles live in ``kennis_artikel`` (an index on onderwerp and titel lists them page by page);
``kennis_fts`` indexes them as external content with prefix indexes of 1, 2 and 3 letters,
so search as you type reads one doclist per typed prefix. Triggers keep the two in step.
The index is rebuilt from the sources at every start, so it is recreated empty.

``cache_persoon`` lets a name and birth date find a cached person offline: the folded
geslachtsnaam (werkplek.domain.namen) of each cached person, gone with its cache row.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_FTS = ("titel, onderwerp, trefwoorden, samenvatting, tekst, content='kennis_artikel',"
        " content_rowid='nr', prefix='1 2 3', tokenize='unicode61 remove_diacritics 2'")
_INDEX = "titel, onderwerp, trefwoorden, samenvatting, tekst"
_OUD = ("artikel_id UNINDEXED, bron UNINDEXED, titel, onderwerp, trefwoorden, samenvatting,"
        " tekst, eigenaar UNINDEXED, laatst_beoordeeld UNINDEXED, kanaalnotities UNINDEXED,"
        " tokenize = 'unicode61 remove_diacritics 2'")


def upgrade() -> None:
    op.execute("DROP TABLE kennis_fts")
    # The body last: reading a title or a page of the list never touches its overflow pages.
    op.execute("CREATE TABLE kennis_artikel (nr INTEGER PRIMARY KEY, artikel_id TEXT NOT NULL,"
               " bron TEXT NOT NULL, onderwerp TEXT NOT NULL, titel TEXT NOT NULL,"
               " samenvatting TEXT NOT NULL, eigenaar TEXT NOT NULL,"
               " laatst_beoordeeld TEXT NOT NULL, trefwoorden TEXT NOT NULL,"
               " kanaalnotities TEXT NOT NULL, tekst TEXT NOT NULL)")
    op.execute("CREATE INDEX ix_kennis_artikel_lijst ON kennis_artikel (onderwerp, titel)")
    op.execute("CREATE INDEX ix_kennis_artikel_id ON kennis_artikel (artikel_id, titel)")
    op.execute("CREATE INDEX ix_kennis_artikel_bron ON kennis_artikel (bron)")
    op.execute(f"CREATE VIRTUAL TABLE kennis_fts USING fts5({_FTS})")
    op.execute(f"CREATE TRIGGER kennis_artikel_in AFTER INSERT ON kennis_artikel BEGIN"
               f" INSERT INTO kennis_fts (rowid, {_INDEX}) VALUES (new.nr, new.titel,"
               f" new.onderwerp, new.trefwoorden, new.samenvatting, new.tekst); END")
    op.execute(f"CREATE TRIGGER kennis_artikel_uit AFTER DELETE ON kennis_artikel BEGIN"
               f" INSERT INTO kennis_fts (kennis_fts, rowid, {_INDEX}) VALUES ('delete',"
               f" old.nr, old.titel, old.onderwerp, old.trefwoorden, old.samenvatting,"
               f" old.tekst); END")
    op.execute(f"CREATE TRIGGER kennis_artikel_anders AFTER UPDATE ON kennis_artikel BEGIN"
               f" INSERT INTO kennis_fts (kennis_fts, rowid, {_INDEX}) VALUES ('delete',"
               f" old.nr, old.titel, old.onderwerp, old.trefwoorden, old.samenvatting,"
               f" old.tekst);"
               f" INSERT INTO kennis_fts (rowid, {_INDEX}) VALUES (new.nr, new.titel,"
               f" new.onderwerp, new.trefwoorden, new.samenvatting, new.tekst); END")
    op.execute("CREATE TABLE cache_persoon (bron VARCHAR(100) NOT NULL,"
               " soort VARCHAR(40) NOT NULL, sleutel VARCHAR(200) NOT NULL,"
               " zoeknaam VARCHAR(200) NOT NULL, geboortedatum DATE NOT NULL,"
               " PRIMARY KEY (bron, soort, sleutel), FOREIGN KEY (bron, soort, sleutel)"
               " REFERENCES cache (bron, soort, sleutel) ON DELETE CASCADE)")
    # The search's own columns, all four: SQLite prefers it over the primary key's index.
    op.execute("CREATE INDEX ix_cache_persoon_zoeknaam ON cache_persoon"
               " (zoeknaam, geboortedatum, soort, bron)")


def downgrade() -> None:
    op.execute("DROP TABLE cache_persoon")
    op.execute("DROP TABLE kennis_fts")
    op.execute("DROP TABLE kennis_artikel")  # its indexes and triggers go with it
    op.execute(f"CREATE VIRTUAL TABLE kennis_fts USING fts5({_OUD})")
