"""The audit log is append-only: the database refuses UPDATE and DELETE of its rows.

Before the triggers are made, the times of rows already written are converted from
Amsterdam wall time (how they were kept until now: SQLite dropped the offset) to UTC, which
is how the model keeps them from now on; the export then gives each moment its true offset.

A later migration that rebuilds the audit table (Alembic's batch mode on SQLite copies and
drops it) loses these triggers and must make them again.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
"""The zone of werkplek.domain.model.nu(), in which rows before this migration were written."""

_TRIGGERS = {
    "audit_niet_wijzigen": ("UPDATE", "wijzigen"),
    "audit_niet_verwijderen": ("DELETE", "verwijderen"),
}


def _naar_utc(t: datetime) -> datetime:
    # In the hour that occurs twice in October, the first (summer time) one is taken.
    return t.replace(tzinfo=AMSTERDAM).astimezone(UTC).replace(tzinfo=None)


def _naar_amsterdam(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC).astimezone(AMSTERDAM).replace(tzinfo=None)


def _zet_tijden_om(omzetting: Callable[[datetime], datetime]) -> None:
    audit = sa.table("audit", sa.column("id", sa.Integer),
                     sa.column("tijdstip", sa.DateTime()))
    conn = op.get_bind()
    rijen = [{"regel": id_, "nieuw": omzetting(t)}
             for id_, t in conn.execute(sa.select(audit.c.id, audit.c.tijdstip))]
    if rijen:
        conn.execute(audit.update().where(audit.c.id == sa.bindparam("regel"))
                     .values(tijdstip=sa.bindparam("nieuw")), rijen)


def upgrade() -> None:
    _zet_tijden_om(_naar_utc)
    for naam, (bewerking, werkwoord) in _TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {naam} BEFORE {bewerking} ON audit BEGIN"
            " SELECT RAISE(ABORT, 'het auditlogboek is alleen-toevoegen: een auditregel"
            f" {werkwoord} is niet toegestaan'); END"
        )


def downgrade() -> None:
    for naam in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {naam}")
    _zet_tijden_om(_naar_amsterdam)
