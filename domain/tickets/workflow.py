"""A ticket's statuses and priorities, and which status moves each role may make."""

from __future__ import annotations

from enum import StrEnum

from domain.errors import InvalidTransition, NotPermitted


class TicketStatus(StrEnum):
    """Where a ticket stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    PENDING_CLIENT = "pending_client"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Priority(StrEnum):
    """How soon a ticket needs an answer; each has its own first-response target."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """Higher is more pressing: lowering a priority is a move to a smaller rank."""
        return list(Priority).index(self)


S = TicketStatus

# The moves staff make by hand. ``open`` is only ever reached by a client's reply
# (a reopen), and ``closed`` only by an admin or the auto-close timer.
_STAFF_MOVES: dict[TicketStatus, tuple[TicketStatus, ...]] = {
    S.OPEN: (S.IN_PROGRESS, S.PENDING_CLIENT, S.RESOLVED),
    S.IN_PROGRESS: (S.PENDING_CLIENT, S.RESOLVED),
    S.PENDING_CLIENT: (S.IN_PROGRESS, S.RESOLVED),
    S.RESOLVED: (S.IN_PROGRESS,),
    S.CLOSED: (),
}

# A client's reply to a ticket waiting on them, or already resolved, reopens it.
REOPENED_BY_CLIENT_REPLY = frozenset({S.PENDING_CLIENT, S.RESOLVED})

# While a ticket is in one of these, nobody at the agency owes an answer: the
# SLA clock does not run.
CLOCK_STOPPED = frozenset({S.PENDING_CLIENT, S.RESOLVED, S.CLOSED})


def allowed_moves(status: TicketStatus, role: str) -> tuple[TicketStatus, ...]:
    """The statuses someone with ``role`` may move a ticket to from ``status``."""
    if role not in ("admin", "employee"):
        return ()
    moves = _STAFF_MOVES[status]
    if role == "admin" and status is not S.CLOSED:
        moves = (*moves, S.CLOSED)
    return moves


def check_move(status: TicketStatus, to: TicketStatus, role: str) -> None:
    """Refuse a move this role may not make, naming the current status and the allowed ones."""
    if role not in ("admin", "employee"):
        raise NotPermitted("Only staff change a ticket's status; a client's reply reopens it.")
    if to is S.CLOSED and role != "admin" and status is not S.CLOSED:
        raise NotPermitted("Only an admin closes a ticket by hand; resolved tickets also close on their own.")
    allowed = allowed_moves(status, role)
    if to in allowed:
        return
    if status is S.CLOSED:
        hint = "'closed' is final: a client's reply opens a follow-up ticket instead."
    else:
        options = ", ".join(f"'{s}'" for s in allowed)
        hint = f"From '{status}' it can move to {options}."
    raise InvalidTransition(f"A ticket cannot move from '{status}' to '{to}'. {hint}")
