"""A task's statuses and priorities, and who may make which status move."""

from __future__ import annotations

from enum import StrEnum

from domain.errors import InvalidInput, InvalidTransition, NotPermitted, RuleViolation


class TaskStatus(StrEnum):
    """Where a task stands."""

    TO_DO = "to_do"
    IN_PROGRESS = "in_progress"
    IN_REVIEW = "in_review"
    DONE = "done"


class TaskPriority(StrEnum):
    """How pressing a task is."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class TaskDeleted(RuleViolation):
    """The task was deleted: it is hidden and no longer changes."""

    title = "Task deleted"


S = TaskStatus

_MOVES: dict[TaskStatus, tuple[TaskStatus, ...]] = {
    S.TO_DO: (S.IN_PROGRESS,),
    S.IN_PROGRESS: (S.IN_REVIEW,),
    # Accepted, or sent back when changes are requested.
    S.IN_REVIEW: (S.DONE, S.IN_PROGRESS),
    # Reopened when more work turns up after it was accepted.
    S.DONE: (S.IN_PROGRESS,),
}
# The moves a task's assignee makes on their own task; accepting and sending
# back are the review, which only an admin or the project's manager does.
_ASSIGNEE_MOVES = frozenset({(S.TO_DO, S.IN_PROGRESS), (S.IN_PROGRESS, S.IN_REVIEW)})
SENT_BACK = (S.IN_REVIEW, S.IN_PROGRESS)
REOPENED = (S.DONE, S.IN_PROGRESS)


def allowed_moves(status: TaskStatus) -> tuple[TaskStatus, ...]:
    """The statuses a task may move to from ``status``."""
    return _MOVES[TaskStatus(status)]


def check_move(status: TaskStatus, to: TaskStatus, *, manages: bool, assignee: bool, comment: str) -> None:
    """Refuse a move the workflow or the actor's part does not allow.

    ``manages``: the actor is an admin or the project's manager. ``assignee``:
    the actor is the task's assignee. Sending a task back or reopening a done one needs a comment.
    """
    allowed = allowed_moves(status)
    if to not in allowed:
        hint = "From '{}' it can move to {}.".format(status, ", ".join(f"'{s}'" for s in allowed))
        raise InvalidTransition(f"A task cannot move from '{status}' to '{to}'. {hint}")
    if not manages and (status, to) not in _ASSIGNEE_MOVES:
        raise NotPermitted(
            "Only an admin or the project's manager reviews a task: accepting it ('done'), "
            "sending it back or reopening it once done ('in_progress')."
        )
    if not manages and not assignee:
        raise NotPermitted(f"Only the task's assignee, the project's manager or an admin may move it to '{to}'.")
    if (status, to) == SENT_BACK and not comment.strip():
        raise InvalidInput("Sending a task back needs a comment saying what to change.")
    if (status, to) == REOPENED and not comment.strip():
        raise InvalidInput("Reopening a done task needs a comment saying what is left to do.")
