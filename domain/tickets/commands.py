"""Commands on tickets from people: open, write in the thread, move, assign, prioritise, escalate.

Besides the ticket's own rules, these check what needs other records: that a
client user acts only for their own organisation, and that an assignee is an
active staff member (an admin, to escalate to).
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID, uuid4

from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.errors import ConcurrentChange, NotPermitted
from domain.tickets import escalation as escalating
from domain.tickets import rules
from domain.tickets.aggregate import Ticket
from domain.tickets.errors import NotStaff
from domain.tickets.inbound import ticket_id_for_message
from domain.tickets.inputs import Attachment, ClientMessage, Escalation, NewTicket, body_of
from domain.tickets.policy_commands import UrgentCategoryCommands
from domain.tickets.workflow import Priority, TicketStatus
from domain.users.aggregate import User
from domain.users.roles import Role, UserStatus

# A client's message does not depend on what they last saw: on a race, try again.
_CLIENT_RETRIES = 3


class TicketCommands(CommandGroup):
    """The support desk's write side for people (the timers' commands are in ``TicketTimerCommands``)."""

    def get(self, ticket_id: UUID) -> Ticket:
        return self.load(Ticket, ticket_id)

    def events_of(self, ticket_id: UUID, version: int | None = None) -> list[Ticket.Event]:
        """The ticket's events, oldest first, up to ``version`` (its thread as recorded)."""
        return [e for e in self._app.events.get(ticket_id, lte=version) if isinstance(e, Ticket.Event)]

    def open(self, ctx: CommandContext, new: NewTicket, *, ticket_id: UUID | None = None) -> CommandResult | None:
        """Open a ticket; None when a ticket with this id exists already (the same email delivered again)."""
        self._require_member(ctx, str(new.client_id))
        if new.message_id.strip() and ticket_id is None:
            ticket_id = ticket_id_for_message(new.message_id)
        if ticket_id is not None and self.find(Ticket, ticket_id) is not None:
            return None
        categories = UrgentCategoryCommands(self._app).categories()
        ticket = rules.open_ticket(ctx, ticket_id or uuid4(), new, categories)
        try:
            return self.create(ticket)
        except ConcurrentChange:
            if ticket_id is not None and self.find(Ticket, ticket_id) is not None:
                return None  # the same email, recorded a moment ago by another worker
            raise

    def reply_from_client(self, ctx: CommandContext, ticket_id: UUID, message: ClientMessage) -> CommandResult | None:
        """The client writes: reopens if waiting on them or resolved; after closing, opens a linked follow-up.

        The result names the follow-up ticket when one was opened. None when the
        message (by its email Message-ID) was already recorded.
        """
        self._require_member(ctx, self.load(Ticket, ticket_id).client_id)
        categories = UrgentCategoryCommands(self._app).categories()
        outcome: dict[str, Ticket | bool] = {}

        def act(ticket: Ticket) -> tuple[Ticket, ...]:
            outcome.clear()
            if ticket.status is not TicketStatus.CLOSED:
                outcome["recorded"] = rules.client_reply(ticket, ctx, message)
                return ()
            if self._seen(ticket, message.message_id):
                outcome["recorded"] = False
                return ()
            body_of(message.text, message.attachments)  # an empty message opens nothing
            new, new_id = _follow_up(ticket, message), self._follow_up_id(message)
            follow_up = rules.open_ticket(ctx, new_id, new, categories, follows_up=ticket.id)
            rules.link_follow_up(ticket, ctx, follow_up.id)
            outcome.update(recorded=True, follow_up=follow_up)
            return (follow_up,)

        result = self.change(Ticket, ticket_id, act, retries=_CLIENT_RETRIES)
        follow_up = outcome.get("follow_up")
        if isinstance(follow_up, Ticket):
            return CommandResult(id=follow_up.id, version=follow_up.version, position=result.position)
        return result if outcome.get("recorded") else None

    def reply(
        self,
        ctx: CommandContext,
        ticket_id: UUID,
        text: str,
        attachments: tuple[Attachment, ...] = (),
        *,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Answer the client (visible to them, sent by email)."""
        return self._act(ticket_id, lambda t: rules.staff_reply(t, ctx, text, attachments), expected_version)

    def add_internal_note(
        self,
        ctx: CommandContext,
        ticket_id: UUID,
        text: str,
        attachments: tuple[Attachment, ...] = (),
        *,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Add a note only staff will ever see."""
        return self._act(ticket_id, lambda t: rules.add_internal_note(t, ctx, text, attachments), expected_version)

    def change_status(
        self, ctx: CommandContext, ticket_id: UUID, status: TicketStatus, *, expected_version: int | None = None
    ) -> CommandResult:
        """Move a ticket to ``status`` (staff; ``closed`` is for admins)."""
        return self._act(ticket_id, lambda t: rules.change_status(t, ctx, status), expected_version)

    def assign(
        self, ctx: CommandContext, ticket_id: UUID, assignee_id: UUID, *, expected_version: int | None = None
    ) -> CommandResult:
        """Give a ticket to an active staff member."""
        self._require_staff_user(assignee_id, admin=False)
        return self._act(ticket_id, lambda t: rules.assign(t, ctx, assignee_id), expected_version)

    def change_priority(
        self,
        ctx: CommandContext,
        ticket_id: UUID,
        priority: Priority,
        *,
        reason: str = "",
        expected_version: int | None = None,
    ) -> CommandResult:
        """Raise or lower a ticket's priority (lowering needs a reason)."""
        return self._act(ticket_id, lambda t: rules.change_priority(t, ctx, priority, reason), expected_version)

    def escalate(
        self, ctx: CommandContext, ticket_id: UUID, escalation: Escalation, *, expected_version: int | None = None
    ) -> CommandResult:
        """Hand a ticket to an admin, with a staff-only account of why and what was tried."""
        self._require_staff_user(escalation.to_admin, admin=True)
        return self._act(ticket_id, lambda t: escalating.escalate(t, ctx, escalation), expected_version)

    def acknowledge_escalation(self, ctx: CommandContext, ticket_id: UUID) -> CommandResult:
        """The admin a ticket was escalated to takes it on."""
        return self._act(ticket_id, lambda t: escalating.acknowledge_escalation(t, ctx), None)

    def _act(self, ticket_id: UUID, act: Callable[[Ticket], None], expected_version: int | None) -> CommandResult:
        return self.change(Ticket, ticket_id, act, expected_version=expected_version)

    def _seen(self, ticket: Ticket, message_id: str) -> bool:
        """This email was recorded already: on the ticket, or as the follow-up it opened."""
        message_id = message_id.strip()
        if not message_id:
            return False
        return message_id in ticket.message_ids or self.find(Ticket, ticket_id_for_message(message_id)) is not None

    @staticmethod
    def _follow_up_id(message: ClientMessage) -> UUID:
        # By email, the id follows from the message, so a second delivery finds the first.
        return ticket_id_for_message(message.message_id) if message.message_id.strip() else uuid4()

    def _require_member(self, ctx: CommandContext, client_id: str) -> None:
        """A client user acts only for their own organisation."""
        if ctx.actor.role != "client":
            return
        user = self.find(User, _uuid(ctx.actor.id))
        if user is None or user.role is not Role.CLIENT or user.client_id != client_id or not user.can_sign_in:
            raise NotPermitted("Client users may only open and write on their own organisation's tickets.")

    def _require_staff_user(self, user_id: UUID, *, admin: bool) -> None:
        user = self.find(User, user_id)
        wanted = "an active admin" if admin else "an active staff member"
        if user is None or not user.is_staff or user.status is not UserStatus.ACTIVE:
            raise NotStaff(f"{user_id} is not {wanted}.")
        if admin and user.role is not Role.ADMIN:
            raise NotStaff(f"Escalations go to an admin; {user.email} is {user.role}.")


def _uuid(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise NotPermitted("This account cannot act on tickets.") from None


def _follow_up(ticket: Ticket, message: ClientMessage) -> NewTicket:
    """The follow-up to a closed ticket: same client, project, subject and category; the message opens it."""
    return NewTicket(
        subject=ticket.subject,
        client_id=ticket.client_id,
        requester=message.author,
        message=message.text,
        project_id=ticket.project_id,
        category=ticket.category,
        attachments=message.attachments,
        message_id=message.message_id,
    )
