"""The stages of a handoff, and the one order they are taken in."""

from __future__ import annotations

from enum import StrEnum

from domain.errors import InvalidTransition


class Stage(StrEnum):
    """Where a project's handoff to support stands."""

    NOT_STARTED = "not_started"
    CLIENT_TRAINED = "client_trained"
    LAUNCHED = "launched"
    HANDED_OFF = "handed_off"
    CANCELLED = "cancelled"


S = Stage
_NEXT: dict[Stage, Stage] = {
    S.NOT_STARTED: S.CLIENT_TRAINED,
    S.CLIENT_TRAINED: S.LAUNCHED,
    S.LAUNCHED: S.HANDED_OFF,
}
FINAL = frozenset({S.HANDED_OFF, S.CANCELLED})
# Before the client is trained the project manager is the client's only contact: no routing applies.
ROUTING_STAGES = frozenset({S.CLIENT_TRAINED, S.LAUNCHED, S.HANDED_OFF})


def next_stage(stage: Stage) -> Stage | None:
    """The stage after ``stage`` (None for a final one)."""
    return _NEXT.get(Stage(stage))


def check_move(stage: Stage, to: Stage) -> None:
    """Refuse a move out of order, naming the stage the handoff can take next."""
    stage = Stage(stage)
    if stage in FINAL:
        raise InvalidTransition(f"The handoff is {stage}: it can no longer change stage.")
    if to is S.CANCELLED:
        return
    expected = _NEXT[stage]
    if to is not expected:
        raise InvalidTransition(
            f"A handoff cannot move from '{stage}' to '{to}': from '{stage}' it moves to '{expected}' (or 'cancelled')."
        )
