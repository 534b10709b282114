"""First schema: persons, companies, zaken with status history, zaaktypen, kennis, contacts.

Revision ID: e0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "e0001"
down_revision = None
branch_labels = None
depends_on = None


def _adres() -> list[sa.Column[object]]:
    return [
        sa.Column("straat", sa.String(200), nullable=False),
        sa.Column("huisnummer", sa.String(20), nullable=False),
        sa.Column("postcode", sa.String(6), nullable=False, index=True),
        sa.Column("woonplaats", sa.String(100), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "persoon",
        sa.Column("bsn", sa.String(9), primary_key=True),
        sa.Column("voornamen", sa.String(200), nullable=False),
        sa.Column("voorvoegsel", sa.String(20), nullable=False),
        sa.Column("geslachtsnaam", sa.String(200), nullable=False, index=True),
        sa.Column("geboortedatum", sa.Date, nullable=False),
        *_adres(),
        sa.Column("geheimhouding", sa.Boolean, nullable=False),
    )
    op.create_table(
        "bedrijf",
        sa.Column("kvk_nummer", sa.String(8), primary_key=True),
        sa.Column("naam", sa.String(200), nullable=False),
        sa.Column("rechtsvorm", sa.String(100), nullable=False),
        *_adres(),
        sa.Column("contactpersoon", sa.String(200), nullable=False),
    )
    op.create_table(
        "digitaal_adres",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("klant_soort", sa.String(20), nullable=False),
        sa.Column("klant_nummer", sa.String(20), nullable=False, index=True),
        sa.Column("soort", sa.String(20), nullable=False),
        sa.Column("waarde", sa.String(254), nullable=False, index=True),
    )
    op.create_table(
        "zaaktype",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("omschrijving", sa.String(200), nullable=False),
        sa.Column("doorlooptijd_dagen", sa.Integer, nullable=False),
        sa.Column("statussen", sa.Text, nullable=False),
    )
    op.create_table(
        "zaak",
        sa.Column("identificatie", sa.String(40), primary_key=True),
        sa.Column("omschrijving", sa.String(300), nullable=False),
        sa.Column("zaaktype_code", sa.String(40), sa.ForeignKey("zaaktype.code"), nullable=False),
        sa.Column("klant_soort", sa.String(20), nullable=False),
        sa.Column("klant_nummer", sa.String(20), nullable=False, index=True),
        sa.Column("startdatum", sa.Date, nullable=False),
        sa.Column("geplande_einddatum", sa.Date, nullable=True),
        sa.Column("behandelaar", sa.String(200), nullable=False),
        sa.Column("resultaat", sa.String(200), nullable=False),
    )
    op.create_table(
        "zaakstatus",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("zaak_identificatie", sa.String(40), sa.ForeignKey("zaak.identificatie"),
                  nullable=False, index=True),
        sa.Column("omschrijving", sa.String(200), nullable=False),
        sa.Column("gezet_op", sa.DateTime, nullable=False),
        sa.Column("toelichting", sa.Text, nullable=False),
    )
    op.create_table(
        "kennisartikel",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("titel", sa.String(300), nullable=False),
        sa.Column("onderwerp", sa.String(200), nullable=False, index=True),
        sa.Column("samenvatting", sa.Text, nullable=False),
        sa.Column("tekst", sa.Text, nullable=False),
        sa.Column("trefwoorden", sa.Text, nullable=False),
    )
    op.create_table(
        "contactmoment",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("klant_soort", sa.String(20), nullable=False),
        sa.Column("klant_nummer", sa.String(20), nullable=False, index=True),
        sa.Column("kanaal", sa.String(20), nullable=False),
        sa.Column("onderwerp", sa.String(200), nullable=False),
        sa.Column("vraag", sa.Text, nullable=False),
        sa.Column("antwoord", sa.Text, nullable=False),
        sa.Column("afhandeling", sa.String(40), nullable=False),
        sa.Column("medewerker", sa.String(200), nullable=False),
        sa.Column("begin", sa.DateTime, nullable=False),
        sa.Column("einde", sa.DateTime, nullable=False),
    )
    op.create_table(
        "contactmoment_zaak",
        sa.Column("contactmoment_id", sa.String(36),
                  sa.ForeignKey("contactmoment.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("zaak_identificatie", sa.String(40), primary_key=True),
    )


def downgrade() -> None:
    for tabel in ("contactmoment_zaak", "contactmoment", "kennisartikel", "zaakstatus", "zaak",
                  "zaaktype", "digitaal_adres", "bedrijf", "persoon"):
        op.drop_table(tabel)
