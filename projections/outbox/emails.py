"""The email outbox: one row per outbound email with its current status."""

from __future__ import annotations

from domain.outbox import OutboundEmail
from projections.engine import Column, Entities, Fold, Projection, handles
from projections.engine import version_column as version

OUTBOX = Entities(
    "email_outbox",
    (
        Column("id", "uuid"),
        Column("to_address", "text"),
        Column("template", "text"),
        Column("status", "text", changes=True),
        Column("attempts", "integer", changes=True, default=0),
        Column("last_error", "text", changes=True, default=""),
        Column("queued_at", "timestamptz"),
        Column("settled_at", "timestamptz", changes=True, default=None),
        version(),
    ),
    indexes=("(status, queued_at)",),
)


class EmailOutbox(Projection):
    """Outbound emails and where each stands."""

    name = "email_outbox"
    version = 1
    tables = (OUTBOX,)

    @handles(OutboundEmail.Queued)
    def queued(self, fold: Fold, e: OutboundEmail.Queued) -> None:
        fold.insert(OUTBOX, e, to_address=e.to, template=e.template, status="queued", queued_at=e.timestamp)

    @handles(OutboundEmail.Sent)
    def sent(self, fold: Fold, e: OutboundEmail.Sent) -> None:
        if (row := fold.update(OUTBOX, e)) is not None:
            row.update(status="sent", settled_at=e.timestamp)

    @handles(OutboundEmail.Dropped)
    def dropped(self, fold: Fold, e: OutboundEmail.Dropped) -> None:
        if (row := fold.update(OUTBOX, e)) is not None:
            row.update(status="dropped", settled_at=e.timestamp)

    @handles(OutboundEmail.SendFailed)
    def failed(self, fold: Fold, e: OutboundEmail.SendFailed) -> None:
        if (row := fold.update(OUTBOX, e)) is not None:
            row.update(attempts=e.attempt, last_error=e.error)
