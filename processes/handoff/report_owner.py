"""Whose the monthly client hours report is: after a project's handoff, the support lead's.

The time slice's reminder (``processes/time/reports.py``) asks this who to
remind: the support lead of the client's handed-off project, or else the
client's account manager, as before the handoff.
"""

from __future__ import annotations

from collections.abc import Callable

from domain.commands import CommandGroup
from domain.handoff.aggregate import Handoff
from domain.handoff.ids import handoff_id
from domain.handoff.stage import Stage
from processes.kit import ProcessKit

ReportOwner = Callable[[str, str], str]  # (client id, account manager id) -> who owns the report


def owner_from(handoffs: CommandGroup, projects_of: Callable[[str], list[str]]) -> ReportOwner:
    """The report's owner from the client's handoffs (``projects_of``: the client's projects with one, latest first)."""

    def owner(client_id: str, account_manager_id: str) -> str:
        for project in projects_of(client_id):
            handoff = handoffs.find(Handoff, handoff_id(project))
            lead = handoff.details.support_lead_id if handoff is not None else ""
            if handoff is not None and handoff.stage is Stage.HANDED_OFF and lead:
                return lead
        return account_manager_id

    return owner


def report_owner(kit: ProcessKit) -> ReportOwner:
    """The owner lookup on the deployment's handoff board."""
    from domain.handoff.commands import HandoffCommands
    from projections.handoff.queries import projects_of_client

    def projects_of(client_id: str) -> list[str]:
        if kit.pool is None:  # a kit without a database (unit tests): no handoff to look at
            return []
        with kit.pool.connection() as conn:
            return projects_of_client(conn, client_id)

    return owner_from(kit.commands(HandoffCommands), projects_of)
