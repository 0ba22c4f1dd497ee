"""Commands on inbound emails: record one as it arrives, place it, hold it, or let staff decide."""

from __future__ import annotations

from uuid import UUID

from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.errors import ConcurrentChange, NotFound
from domain.tickets.inbound_email import InboundEmail, ReceivedEmail, inbound_email_id
from domain.tickets.inputs import Requester

_RETRIES = 3


class InboundEmailCommands(CommandGroup):
    """The support mailbox's write side: idempotent by the email's Message-ID."""

    def get(self, email_id: UUID) -> InboundEmail:
        return self.load(InboundEmail, email_id)

    def as_received(self, email_id: UUID) -> ReceivedEmail:
        """The email as it was recorded on arrival."""
        first = next(iter(self._app.events.get(email_id, lte=1)), None)
        if not isinstance(first, InboundEmail.Received):
            raise NotFound(f"No inbound email with id {email_id}.")
        return ReceivedEmail.from_event(first)

    def receive(self, ctx: CommandContext, email: ReceivedEmail) -> CommandResult | None:
        """Record an inbound email; None when this Message-ID was recorded already."""
        email_id = inbound_email_id(email.message_id)
        if self.find(InboundEmail, email_id) is not None:
            return None
        try:
            return self.create(InboundEmail.receive(ctx, email))
        except ConcurrentChange:
            return None  # the same email, recorded a moment ago by another delivery

    def route(
        self, ctx: CommandContext, email_id: UUID, ticket_id: UUID, outcome: str, matched_by: str
    ) -> CommandResult | None:
        """Record where the email went; None when it was placed already."""
        done: list[bool] = []
        result = self.change(
            InboundEmail,
            email_id,
            lambda e: done.append(e.route(ctx, ticket_id, outcome, matched_by)),
            retries=_RETRIES,
        )
        return result if done and done[-1] else None

    def hold(self, ctx: CommandContext, email_id: UUID, reason: str) -> CommandResult | None:
        """Keep the email for staff to place; None when it was decided already."""
        done: list[bool] = []
        result = self.change(InboundEmail, email_id, lambda e: done.append(e.hold(ctx, reason)), retries=_RETRIES)
        return result if done and done[-1] else None

    def release_to_ticket(
        self, ctx: CommandContext, email_id: UUID, ticket_id: UUID, *, expected_version: int | None = None
    ) -> CommandResult:
        """Staff: the held email is the client's reply on ``ticket_id``."""
        return self.change(
            InboundEmail,
            email_id,
            lambda e: e.release(ctx, ticket_id=str(ticket_id)),
            expected_version=expected_version,
        )

    def release_to_client(
        self,
        ctx: CommandContext,
        email_id: UUID,
        client_id: str,
        requester: Requester,
        *,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Staff: the held email opens a ticket for ``client_id`` from ``requester``."""
        person = (requester.kind.value, str(requester.id))
        return self.change(
            InboundEmail,
            email_id,
            lambda e: e.release(ctx, client_id=client_id, requester=person),
            expected_version=expected_version,
        )

    def dismiss(
        self, ctx: CommandContext, email_id: UUID, reason: str, *, expected_version: int | None = None
    ) -> CommandResult:
        """Staff: set a held email aside."""
        return self.change(InboundEmail, email_id, lambda e: e.dismiss(ctx, reason), expected_version=expected_version)
