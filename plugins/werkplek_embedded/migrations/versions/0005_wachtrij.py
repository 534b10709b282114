"""The queue source: reported event ids, calls, counter tickets, contacts counted for FCR,
and the channel of an agent's state.

Revision ID: e0005
Revises: e0004
"""

import sqlalchemy as sa
from alembic import op

revision = "e0005"
down_revision = "e0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wachtrij_gebeurtenis",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("soort", sa.String(40), nullable=False),
        sa.Column("ontvangen", sa.DateTime, nullable=False, index=True),
    )
    op.create_table(
        "wachtrij_gesprek",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("wachtrij", sa.String(200), nullable=False, server_default=""),
        sa.Column("aangeboden", sa.DateTime, nullable=True, index=True),
        sa.Column("aangenomen", sa.DateTime, nullable=True),
        sa.Column("opgehangen", sa.DateTime, nullable=True),
        sa.Column("medewerker", sa.String(200), nullable=False, server_default=""),
    )
    op.create_table(
        "wachtrij_ticket",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("nummer", sa.String(10), nullable=False),
        sa.Column("dag", sa.Date, nullable=False),
        sa.Column("uitgegeven", sa.DateTime, nullable=False, index=True),
        sa.Column("opgeroepen", sa.DateTime, nullable=True),
        sa.Column("opgeroepen_door", sa.String(200), nullable=False, server_default=""),
        sa.Column("geholpen", sa.DateTime, nullable=True),
        sa.Column("niet_verschenen", sa.DateTime, nullable=True),
        sa.Column("klant_soort", sa.String(20), nullable=True),
        sa.Column("klant_nummer", sa.String(20), nullable=True),
        sa.Column("afspraak", sa.DateTime, nullable=True),
        sa.UniqueConstraint("dag", "nummer", name="uq_wachtrij_ticket_nummer"),
    )
    op.create_table(
        "wachtrij_contact",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("kanaal", sa.String(20), nullable=False),
        sa.Column("afhandeling", sa.String(40), nullable=False),
        sa.Column("tijd", sa.DateTime, nullable=False, index=True),
        sa.Column("medewerker", sa.String(200), nullable=False, server_default=""),
    )
    with op.batch_alter_table("agentstatus") as b:
        b.add_column(sa.Column("kanaal", sa.String(20), nullable=True))
        b.create_index("ix_agentstatus_sinds", ["sinds"])


def downgrade() -> None:
    with op.batch_alter_table("agentstatus") as b:
        b.drop_index("ix_agentstatus_sinds")
        b.drop_column("kanaal")
    op.drop_table("wachtrij_contact")
    op.drop_table("wachtrij_ticket")
    op.drop_table("wachtrij_gesprek")
    op.drop_table("wachtrij_gebeurtenis")
