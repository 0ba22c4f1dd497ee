"""A project's statuses and the moves between them."""

from __future__ import annotations

from enum import StrEnum

from domain.errors import InvalidInput, InvalidTransition, RuleViolation


class ProjectStatus(StrEnum):
    """Where a project stands."""

    PLANNING = "planning"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    IN_REVIEW = "in_review"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


S = ProjectStatus

_MOVES: dict[ProjectStatus, tuple[ProjectStatus, ...]] = {
    S.PLANNING: (S.ACTIVE, S.CANCELLED),
    S.ACTIVE: (S.ON_HOLD, S.IN_REVIEW, S.CANCELLED),
    S.ON_HOLD: (S.ACTIVE, S.CANCELLED),
    S.IN_REVIEW: (S.COMPLETED, S.CANCELLED),
    S.COMPLETED: (),
    S.CANCELLED: (),
}
# Completed and cancelled projects are archived: kept for the record, never changed again.
FINAL = frozenset({S.COMPLETED, S.CANCELLED})


class ProjectArchived(RuleViolation):
    """The project is completed or cancelled: its plan and team no longer change."""

    title = "Project archived"


def allowed_moves(status: ProjectStatus) -> tuple[ProjectStatus, ...]:
    """The statuses a project may move to from ``status``."""
    return _MOVES[ProjectStatus(status)]


def check_move(status: ProjectStatus, to: ProjectStatus, reason: str) -> None:
    """Refuse a move the workflow does not allow, naming the current status and the allowed ones."""
    allowed = allowed_moves(status)
    if to not in allowed:
        if allowed:
            hint = "From '{}' it can move to {}.".format(status, ", ".join(f"'{s}'" for s in allowed))
        else:
            hint = f"'{status}' is final: the project is archived."
        raise InvalidTransition(f"A project cannot move from '{status}' to '{to}'. {hint}")
    if to in FINAL and not reason.strip():
        raise InvalidInput(f"Moving a project to '{to}' needs a reason.")
