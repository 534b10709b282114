"""Contactverzoeken and their ontvangers; a contact with a caller who stayed unknown; agent
states for the supervisor.

Revision ID: e0004
Revises: e0003
"""

import sqlalchemy as sa
from alembic import op

revision = "e0004"
down_revision = "e0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contactmoment") as b:
        b.alter_column("klant_soort", existing_type=sa.String(20), nullable=True)
        b.alter_column("klant_nummer", existing_type=sa.String(20), nullable=True)
        b.add_column(sa.Column("telefoonnummer", sa.String(40), nullable=False,
                               server_default=""))
    op.create_table(
        "ontvanger",
        sa.Column("code", sa.String(64), primary_key=True),
        sa.Column("soort", sa.String(20), nullable=False),
        sa.Column("naam", sa.String(200), nullable=False),
        sa.Column("telefoon", sa.String(40), nullable=False, server_default=""),
    )
    op.create_table(
        "contactverzoek",
        sa.Column("contactmoment_id", sa.String(36),
                  sa.ForeignKey("contactmoment.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("ontvanger_code", sa.String(64), sa.ForeignKey("ontvanger.code"),
                  nullable=False, index=True),
        sa.Column("handeling", sa.String(200), nullable=False),
        sa.Column("toelichting", sa.Text, nullable=False),
        sa.Column("terugbelnummer", sa.String(40), nullable=False, server_default=""),
        sa.Column("status", sa.String(20), nullable=False, server_default="open"),
    )
    op.create_table(
        "agentstatus",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("medewerker", sa.String(200), nullable=False, index=True),
        sa.Column("naam", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("sinds", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("contactmoment") as b:
        b.drop_column("telefoonnummer")
    op.drop_table("agentstatus")
    op.drop_table("contactverzoek")
    op.drop_table("ontvanger")
