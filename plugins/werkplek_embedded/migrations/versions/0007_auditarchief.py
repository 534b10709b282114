"""The team's audit archive: each workstation's audit chain by number and hash (never a row's
content, so no BSN), kept append-only like the workstations' own logs.

Revision ID: e0007
Revises: e0006
"""

import sqlalchemy as sa
from alembic import op

revision = "e0007"
down_revision = "e0006"
branch_labels = None
depends_on = None

_MELDING = "het auditarchief is alleen-toevoegen"


def upgrade() -> None:
    op.create_table(
        "audit_schakel",
        sa.Column("keten", sa.String(32), primary_key=True),
        sa.Column("volgnummer", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("werkplek", sa.String(200), nullable=False),
        sa.Column("ontvangen", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.current_timestamp()),
    )
    op.create_index("ix_audit_schakel_werkplek", "audit_schakel", ["werkplek"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE FUNCTION audit_schakel_alleen_toevoegen() RETURNS trigger "
                   f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{_MELDING}'; END $$")
        op.execute("CREATE TRIGGER audit_schakel_niet_wijzigen BEFORE UPDATE OR DELETE ON "
                   "audit_schakel FOR EACH ROW EXECUTE FUNCTION audit_schakel_alleen_toevoegen()")
    else:
        for bewerking in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_schakel_niet_{bewerking.lower()} BEFORE "
                       f"{bewerking} ON audit_schakel BEGIN SELECT RAISE(ABORT, '{_MELDING}'); "
                       "END")


def downgrade() -> None:
    op.drop_table("audit_schakel")  # its triggers go with it
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_schakel_alleen_toevoegen()")
