"""Commands on a project's handoff: start, fill in, attach billing's records, move the stages, tick, after care.

Each loads the project (who runs it) and, where a command reads billing, the
contract or invoice, and passes them to the aggregate. ``hand_off`` takes the
``Evidence`` of the other records (see ``evidence``), folded by the caller from
the log or a view that has caught up with it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from domain.application import CommandResult
from domain.billing.contract import Contract
from domain.billing.invoice import Invoice
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.errors import InvalidInput
from domain.handoff.aggregate import Handoff
from domain.handoff.checklist import Item
from domain.handoff.data import DataChanges
from domain.handoff.errors import AlreadyExists
from domain.handoff.evidence import Evidence
from domain.handoff.ids import handoff_id
from domain.handoff.stage import Stage
from domain.projects.aggregate import Project
from domain.users.aggregate import User
from domain.users.roles import UserStatus

# A timer's command does not depend on what anyone saw: on a race, try again.
_TIMER_RETRIES = 3


def _uuid(text: str, what: str) -> UUID:
    try:
        return UUID(str(text))
    except ValueError:
        raise InvalidInput(f"'{text}' is not the id of a {what}.") from None


class HandoffCommands(CommandGroup):
    """The write side of the PM-to-support handoff."""

    def get(self, project_id: UUID, *, version: int | None = None) -> Handoff:
        """The project's handoff (as of ``version``), or NotFound."""
        return self.load(Handoff, handoff_id(project_id), version=version)

    def start(self, ctx: CommandContext, project_id: UUID) -> CommandResult:
        """Start the project's handoff (one per project)."""
        project = self.load(Project, project_id)
        if self.find(Handoff, handoff_id(project_id)) is not None:
            raise AlreadyExists("This project's handoff has been started already.")
        return self.create(Handoff.start(ctx, handoff_id(project_id), project))

    def change_data(
        self, ctx: CommandContext, project_id: UUID, changes: DataChanges, *, expected_version: int | None = None
    ) -> CommandResult:
        """Fill in or change the handoff's data (the support lead must be an active staff member)."""
        if changes.support_lead_id:
            self._require_staff(changes.support_lead_id)
        return self._act(ctx, project_id, lambda h, p: h.change_data(ctx, p, changes), expected_version)

    def attach_contract(
        self, ctx: CommandContext, project_id: UUID, contract_id: UUID, *, expected_version: int | None = None
    ) -> CommandResult:
        """Attach the client's support contract, read from billing."""
        contract = self.load(Contract, contract_id)
        return self._act(ctx, project_id, lambda h, p: h.attach_contract(ctx, p, contract), expected_version)

    def name_final_invoice(
        self, ctx: CommandContext, project_id: UUID, invoice_id: UUID, *, expected_version: int | None = None
    ) -> CommandResult:
        """Name the invoice that closes the project, read from billing."""
        invoice = self.load(Invoice, invoice_id)
        return self._act(ctx, project_id, lambda h, p: h.name_final_invoice(ctx, p, invoice), expected_version)

    def advance(
        self, ctx: CommandContext, project_id: UUID, to: Stage, *, expected_version: int | None = None
    ) -> CommandResult:
        """Mark the client trained or the site launched."""
        return self._act(ctx, project_id, lambda h, p: h.advance(ctx, p, to), expected_version)

    def hand_off(
        self,
        ctx: CommandContext,
        project_id: UUID,
        evidence: Evidence,
        *,
        override_reason: str = "",
        expected_version: int | None = None,
    ) -> CommandResult:
        """Hand the client to support (an admin may override open checklist items with a reason)."""
        return self._act(ctx, project_id, lambda h, p: h.hand_off(ctx, p, evidence, override_reason), expected_version)

    def cancel(
        self, ctx: CommandContext, project_id: UUID, reason: str, *, expected_version: int | None = None
    ) -> CommandResult:
        """Call the handoff off, saying why."""
        return self._act(ctx, project_id, lambda h, p: h.cancel(ctx, p, reason), expected_version)

    def tick(
        self, ctx: CommandContext, project_id: UUID, item: Item, note: str = "", *, expected_version: int | None = None
    ) -> CommandResult:
        """Tick a checklist item a person did."""
        return self._act(ctx, project_id, lambda h, _: h.tick(ctx, item, note), expected_version)

    def untick(
        self, ctx: CommandContext, project_id: UUID, item: Item, reason: str, *, expected_version: int | None = None
    ) -> CommandResult:
        """Take a tick back, saying why."""
        return self._act(ctx, project_id, lambda h, _: h.untick(ctx, item, reason), expected_version)

    def close_window(self, ctx: CommandContext, project_id: UUID, key: str) -> CommandResult | None:
        """The timer closes the 30-day window; None when it was closed already."""
        closed: list[bool] = []
        result = self.change(
            Handoff, handoff_id(project_id), lambda h: closed.append(h.close_window(ctx, key)), retries=_TIMER_RETRIES
        )
        return result if closed[-1] else None

    def plan_monthly_calls(
        self,
        ctx: CommandContext,
        project_id: UUID,
        first_call: date,
        reminder_days: int = 5,
        *,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Plan an enterprise client's monthly call."""
        return self._act(
            ctx, project_id, lambda h, p: h.plan_monthly_calls(ctx, p, first_call, reminder_days), expected_version
        )

    def record_call_reminder(
        self, ctx: CommandContext, project_id: UUID, call_on: date, email_id: str
    ) -> CommandResult | None:
        """The timer asked the client for a topic; None when that was recorded already."""
        recorded: list[bool] = []
        result = self.change(
            Handoff,
            handoff_id(project_id),
            lambda h: recorded.append(h.record_call_reminder(ctx, call_on, email_id)),
            retries=_TIMER_RETRIES,
        )
        return result if recorded[-1] else None

    def report_call(
        self,
        ctx: CommandContext,
        project_id: UUID,
        call_on: date,
        topic: str,
        summary: str,
        *,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Record how a monthly call went."""
        return self._act(ctx, project_id, lambda h, _: h.report_call(ctx, call_on, topic, summary), expected_version)

    def _act(
        self,
        ctx: CommandContext,
        project_id: UUID,
        act: Callable[[Handoff, Project], object],
        expected_version: int | None,
    ) -> CommandResult:
        project = self.load(Project, project_id)
        return self.change(
            Handoff, handoff_id(project_id), lambda h: act(h, project), expected_version=expected_version
        )

    def _require_staff(self, user_id: str) -> None:
        user = self.find(User, _uuid(user_id, "staff member"))
        if user is None or not user.is_staff or user.status is not UserStatus.ACTIVE:
            raise InvalidInput(f"{user_id} is not an active staff member: the support lead must be one.")
