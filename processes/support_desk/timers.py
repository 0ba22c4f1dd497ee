"""The ticket's timers: after each change, its deadlines are set to what its state implies.

After every ticket event that can move a deadline (and, after an SLA policy
change, for every ticket not closed) this process computes the ticket's
deadlines (``domain.tickets.deadlines``), schedules or moves each purpose
listed, cancels the others, and records the SLA due times on the ticket when
they moved. Each deadline's handler runs the matching timer command with the
deadline's key; the commands re-check the ticket, so a late or repeated firing
records nothing. A breach is recorded here; who hears of it is ``TicketEmails``'
business. The escalation reminder emails the admin once, if still unacknowledged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Protocol
from uuid import UUID

from domain.clock import Clock
from domain.context import Actor, CommandContext
from domain.tickets import SlaPolicy, Ticket
from domain.tickets import deadlines as d
from domain.tickets.commands import TicketCommands
from domain.tickets.desk import DeskSettings, desk_from
from domain.tickets.policy_commands import SlaPolicyCommands
from domain.tickets.timer_commands import TicketTimerCommands
from processes.kit import ProcessKit
from processes.manager import ProcessManager, reacts_to
from processes.support_desk.notices import Notices
from processes.timers import Deadline, Handler

OWNER = "tickets"
ACTOR = Actor.system("ticket-timers")


class DeadlineBook(Protocol):
    """What this process needs of ``processes.timers.Deadlines``."""

    def schedule(self, *, owner: str, purpose: str, subject: str, due_at: Any, data: Any = None) -> Any: ...

    def cancel(self, *, owner: str, purpose: str, subject: str) -> bool: ...


class TicketTimers(ProcessManager):
    """Keeps each ticket's SLA, auto-close and escalation-reminder deadlines in step with its state."""

    name: ClassVar[str] = "ticket_timers"

    def __init__(
        self,
        tickets: TicketCommands,
        timers: TicketTimerCommands,
        policy: SlaPolicyCommands,
        deadlines: DeadlineBook,
        clock: Clock,
        desk: DeskSettings,
        open_tickets: Callable[[], list[UUID]],
        notices: Notices | None = None,
    ) -> None:
        super().__init__()
        self.tickets, self.timer_commands, self.policy = tickets, timers, policy
        self.deadlines, self.clock, self.desk = deadlines, clock, desk
        self.open_tickets = open_tickets
        self.notices = notices

    @classmethod
    def build(cls, kit: ProcessKit) -> TicketTimers:
        from projections.tickets.queries import open_ticket_ids

        def open_tickets() -> list[UUID]:
            with kit.pool.connection() as conn:
                return open_ticket_ids(conn)

        return cls(
            kit.commands(TicketCommands),
            kit.commands(TicketTimerCommands),
            kit.commands(SlaPolicyCommands),
            kit.deadlines,
            kit.clock,
            desk_from(kit.settings, kit.secret_key),
            open_tickets,
            Notices.build(kit),
        )

    def _ctx(self, event: Any) -> CommandContext:
        cause = f"{event.originator_id}:{event.originator_version}"
        return CommandContext(ACTOR, self.clock.now(), event.correlation_id, cause)

    # Events that cannot move a deadline (notes, assignments, client messages that reopen nothing,
    # the due times recorded here) are not reacted to.
    @reacts_to(
        Ticket.Opened,
        Ticket.Reopened,
        Ticket.StaffReplied,
        Ticket.StatusChanged,
        Ticket.AutoClosed,
        Ticket.PriorityChanged,
        Ticket.Escalated,
        Ticket.EscalationAcknowledged,
        Ticket.SlaAtRisk,
        Ticket.SlaBreached,
    )
    def ticket_changed(self, event: Ticket.Event) -> None:
        self.sync(event.originator_id, self._ctx(event))

    @reacts_to(SlaPolicy.Adopted, SlaPolicy.TargetsChanged, SlaPolicy.CalendarChanged)
    def policy_changed(self, event: SlaPolicy.Event) -> None:
        ctx = self._ctx(event)
        for ticket_id in self.open_tickets():
            self.sync(ticket_id, ctx)

    def sync(self, ticket_id: UUID, ctx: CommandContext) -> None:
        """Make the ticket's deadlines and recorded due times match its state under the policy in force."""
        ticket = self.tickets.get(ticket_id)
        terms = self.policy.terms()
        wanted = {
            x.purpose: x.due_at for x in d.ticket_deadlines(ticket, terms, auto_close_after=self.desk.auto_close_after)
        }
        subject = str(ticket_id)
        for purpose in d.PURPOSES:
            if purpose in wanted:
                self.deadlines.schedule(owner=OWNER, purpose=purpose, subject=subject, due_at=wanted[purpose])
            else:
                self.deadlines.cancel(owner=OWNER, purpose=purpose, subject=subject)
        first, resolution = d.sla_due_times(ticket, terms)
        self.timer_commands.record_due_times(ctx, ticket_id, first, resolution, terms.version)

    def timers(self) -> Mapping[str, Handler]:
        t = self.timer_commands

        def sla(kind: str, at_risk: bool) -> Handler:
            def fire(deadline: Deadline, ctx: CommandContext) -> None:
                act = t.mark_at_risk if at_risk else t.record_breach
                act(ctx, UUID(deadline.subject), kind, deadline.key)

            return fire

        def auto_close(deadline: Deadline, ctx: CommandContext) -> None:
            t.auto_close(ctx, UUID(deadline.subject), deadline.key, after=self.desk.auto_close_after)

        def remind(deadline: Deadline, ctx: CommandContext) -> None:
            ticket = self.tickets.get(UUID(deadline.subject))
            if self.notices is not None and ticket.escalated_to and not ticket.escalation_acknowledged:
                self.notices.escalation_reminder(ctx, ticket, deadline.derived_id("escalation-reminder"))

        return {
            d.FIRST_RESPONSE_AT_RISK: sla("first_response", True),
            d.FIRST_RESPONSE_BREACH: sla("first_response", False),
            d.RESOLUTION_AT_RISK: sla("resolution", True),
            d.RESOLUTION_BREACH: sla("resolution", False),
            d.AUTO_CLOSE: auto_close,
            d.ESCALATION_REMINDER: remind,
        }
