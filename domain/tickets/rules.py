"""The ticket's command side for the thread and the workflow: check the rules, then record.

Each function checks who acts (``ctx.actor.role``) and the ticket's state, raises
a specific error when refused, and only then records events on the ticket.
Whether a client user belongs to the ticket's organisation, and whether an
assignee is a staff member, need other records: the commands check those.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from domain.context import CommandContext
from domain.errors import InvalidInput, NotPermitted, RuleViolation
from domain.tickets.aggregate import Ticket
from domain.tickets.errors import TicketClosed
from domain.tickets.inputs import (
    Attachment,
    Channel,
    ClientMessage,
    NewTicket,
    Requester,
    RequesterKind,
    attachments_of,
    body_of,
    subject_of,
)
from domain.tickets.permissions import require_client_side, require_handler, require_staff
from domain.tickets.urgency import UrgentCategory, match_urgent
from domain.tickets.workflow import REOPENED_BY_CLIENT_REPLY, Priority, TicketStatus, check_move


def _require_self(ctx: CommandContext, person: Requester, doing: str) -> None:
    """A client user writes in their own name only."""
    if ctx.actor.role == "client" and (person.kind is not RequesterKind.CLIENT_USER or person.id != ctx.actor.id):
        raise NotPermitted(f"A client user may only {doing} in their own name.")


def require_open(ticket: Ticket) -> None:
    """Refuse to add anything to a closed ticket."""
    if ticket.status is TicketStatus.CLOSED:
        raise TicketClosed(f"Ticket {ticket.id} is closed: it can no longer change.")


def open_ticket(
    ctx: CommandContext,
    ticket_id: UUID,
    new: NewTicket,
    categories: Iterable[UrgentCategory],
    *,
    follows_up: UUID | None = None,
) -> Ticket:
    """Open a ticket; an urgent category (chosen, or named in the subject or message) makes it urgent."""
    if ctx.actor.role not in ("admin", "employee", "client", "system"):
        raise NotPermitted(f"A {ctx.actor.role} may not open tickets.")
    _require_self(ctx, new.requester, "open a ticket")
    subject = subject_of(new.subject)
    message = body_of(new.message, new.attachments, required=False)
    category = new.category.strip().lower()
    if len(category) > 60:
        raise InvalidInput("A category has at most 60 characters.")
    if not str(new.client_id).strip():
        raise InvalidInput("A ticket needs the id of the client it is for.")
    urgent = match_urgent(categories, category=category, texts=(subject, message))
    priority = Priority.URGENT if urgent else new.priority
    if ctx.actor.role == "client" and priority is Priority.URGENT and urgent is None:
        raise NotPermitted("'urgent' is set by the urgent categories: choose the category that fits, or 'high'.")
    ticket: Ticket = Ticket._start(
        Ticket.Opened,
        ctx,
        ticket_id,
        subject=subject,
        client_id=str(new.client_id).strip(),
        project_id=str(new.project_id).strip(),
        requester_kind=new.requester.kind.value,
        requester_id=str(new.requester.id).strip(),
        priority=priority.value,
        category=category,
        urgent_category=urgent.category if urgent else "",
        urgent_phrase=urgent.phrase if urgent else "",
        channel=Channel.of(ctx.actor.role).value,
        message=message,
        attachments=attachments_of(new.attachments),
        message_id=new.message_id.strip(),
        follows_up=str(follows_up) if follows_up else "",
    )
    return ticket


def client_reply(ticket: Ticket, ctx: CommandContext, message: ClientMessage) -> bool:
    """Add the client's message; it reopens a ticket waiting on them or resolved. False for a repeat."""
    require_client_side(ctx, "write as the client")
    _require_self(ctx, message.author, "reply")
    require_open(ticket)
    message_id = message.message_id.strip()
    if message_id and message_id in ticket.message_ids:
        return False  # the same email delivered again
    text = body_of(message.text, message.attachments)
    ticket._record(
        Ticket.ClientReplied,
        ctx,
        author_kind=message.author.kind.value,
        author_id=str(message.author.id).strip(),
        text=text,
        attachments=attachments_of(message.attachments),
        channel=Channel.of(ctx.actor.role).value,
        message_id=message_id,
    )
    if ticket.status in REOPENED_BY_CLIENT_REPLY:
        ticket._record(Ticket.Reopened, ctx, from_status=ticket.status.value, assignee_id=ticket.assignee_id)
    return True


def link_follow_up(ticket: Ticket, ctx: CommandContext, follow_up_id: UUID) -> None:
    """Record on a closed ticket the new ticket that carries on its conversation."""
    require_client_side(ctx, "write as the client")
    if ticket.status is not TicketStatus.CLOSED:
        raise RuleViolation("A follow-up ticket is opened only when the client writes after a ticket closed.")
    ticket._record(Ticket.FollowUpOpened, ctx, follow_up_id=str(follow_up_id))


def staff_reply(ticket: Ticket, ctx: CommandContext, text: str, attachments: tuple[Attachment, ...] = ()) -> None:
    """Answer the client: the reply is visible to them and emailed."""
    require_handler(ctx, ticket.assignee_id, "reply to the client on this ticket")
    require_open(ticket)
    ticket._record(Ticket.StaffReplied, ctx, text=body_of(text, attachments), attachments=attachments_of(attachments))


def add_internal_note(ticket: Ticket, ctx: CommandContext, text: str, attachments: tuple[Attachment, ...] = ()) -> None:
    """Write a note for staff only (any staff member may, assigned or not)."""
    require_staff(ctx, "add internal notes")
    require_open(ticket)
    ticket._record(
        Ticket.InternalNoteAdded, ctx, text=body_of(text, attachments), attachments=attachments_of(attachments)
    )


def change_status(ticket: Ticket, ctx: CommandContext, to: TicketStatus) -> None:
    """Move the ticket by hand: staff to in_progress, pending_client or resolved; an admin also to closed."""
    require_handler(ctx, ticket.assignee_id, "change this ticket's status")
    check_move(ticket.status, to, ctx.actor.role)
    ticket._record(Ticket.StatusChanged, ctx, from_status=ticket.status.value, to_status=to.value)


def assign(ticket: Ticket, ctx: CommandContext, assignee_id: UUID) -> None:
    """Give the ticket to a staff member (whether they are staff is checked by the command)."""
    require_handler(ctx, ticket.assignee_id, "reassign this ticket")
    require_open(ticket)
    if str(assignee_id) == ticket.assignee_id:
        raise RuleViolation("The ticket is already assigned to them.")
    ticket._record(Ticket.Assigned, ctx, from_assignee=ticket.assignee_id, to_assignee=str(assignee_id))


def change_priority(ticket: Ticket, ctx: CommandContext, priority: Priority, reason: str = "") -> None:
    """Raise or lower the priority; lowering it needs a reason."""
    require_handler(ctx, ticket.assignee_id, "change this ticket's priority")
    require_open(ticket)
    if priority is ticket.priority:
        raise RuleViolation(f"The ticket already has priority '{priority}'.")
    if priority.rank < ticket.priority.rank and not reason.strip():
        raise InvalidInput(f"Lowering a ticket from '{ticket.priority}' to '{priority}' needs a reason.")
    ticket._record(
        Ticket.PriorityChanged,
        ctx,
        from_priority=ticket.priority.value,
        to_priority=priority.value,
        reason=reason.strip(),
    )
