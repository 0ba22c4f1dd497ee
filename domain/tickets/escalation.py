"""Escalating a ticket to an admin, who must acknowledge it."""

from __future__ import annotations

from domain.context import CommandContext
from domain.errors import InvalidInput, NotPermitted, RuleViolation
from domain.tickets.aggregate import Ticket
from domain.tickets.inputs import Escalation
from domain.tickets.permissions import require_handler
from domain.tickets.rules import require_open


def escalate(ticket: Ticket, ctx: CommandContext, escalation: Escalation) -> None:
    """Hand the ticket to an admin with a staff-only note of why and what was tried (the admin is checked by the command)."""
    require_handler(ctx, ticket.assignee_id, "escalate this ticket")
    require_open(ticket)
    reason = escalation.reason.strip()
    if not reason:
        raise InvalidInput("An escalation needs the reason: what needs an admin's decision.")
    to_admin = str(escalation.to_admin)
    if to_admin == ctx.actor.id:
        raise RuleViolation("You cannot escalate a ticket to yourself.")
    if to_admin == ticket.escalated_to and not ticket.escalation_acknowledged:
        raise RuleViolation("The ticket is already escalated to this admin and awaits their acknowledgement.")
    ticket._record(
        Ticket.Escalated,
        ctx,
        to_admin=to_admin,
        from_assignee=ticket.assignee_id,
        reason=reason,
        tried=escalation.tried.strip(),
    )


def acknowledge_escalation(ticket: Ticket, ctx: CommandContext) -> None:
    """The admin the ticket was escalated to takes it on."""
    if not ticket.escalated_to or ticket.escalation_acknowledged:
        raise RuleViolation("The ticket has no escalation awaiting acknowledgement.")
    if ctx.actor.role != "admin" or ctx.actor.id != ticket.escalated_to:
        raise NotPermitted("Only the admin the ticket was escalated to may acknowledge it.")
    ticket._record(Ticket.EscalationAcknowledged, ctx)
