"""The client onboarding checklist (Workflow 4), each step ticked by the event that proves it.

Why a fold over events rather than ticks kept on the Client aggregate: the steps
happen on four kinds of record (the client, a client user, a project, a task),
each in its own command. Keeping ticks on the client would make every one of
those commands also load and save the client (more contention, and one more
thing a new command could forget), and the ticks would repeat facts the log
already holds. Here each step is proved by an event recorded anyway, so the
checklist can be rebuilt from history and never disagrees with it.

It is pure, for the read side to reuse: a projection calls ``proof_of`` on each
event, finds the client (directly, or through the project the proof names: a
project's client never changes, so a project -> client lookup learned from
``Project.Created`` suffices) and keeps the first tick per step
(``Checklist.tick``). ``checklist`` folds one client's steps from events in log
order, as the unit tests and an audit read do. A tick stays once made: a step is
"done" when it first happened, even if, say, that contact is later removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain.clients.aggregate import Client
from domain.projects.aggregate import Project
from domain.tasks.aggregate import Task
from domain.users.aggregate import User
from domain.users.roles import Role


class Step(StrEnum):
    """The onboarding steps, in the order the workflow takes them."""

    RECORD_CREATED = "record_created"
    PORTAL_INVITATION_SENT = "portal_invitation_sent"
    PRIMARY_CONTACT_SET = "primary_contact_set"
    PROJECT_TEAM_ASSIGNED = "project_team_assigned"
    KICKOFF_HELD = "kickoff_held"
    TASKS_CREATED = "tasks_created"


@dataclass(frozen=True)
class Tick:
    """A step done: when, by whom, and the event (topic and record) that proves it."""

    step: Step
    at: datetime
    actor_id: str
    actor_role: str
    topic: str
    record_id: str


@dataclass(frozen=True)
class Proof:
    """An event's evidence for a step of the client ``client_id``, or of the client owning ``project_id``."""

    tick: Tick
    client_id: str = ""
    project_id: str = ""


def _tick(step: Step, event: Any) -> Tick:
    return Tick(step, event.timestamp, event.actor_id, event.actor_role, type(event).TOPIC, str(event.originator_id))


def proof_of(event: object) -> Proof | None:
    """Which step ``event`` proves, and for which client or project; None for any other event."""
    own = str(getattr(event, "originator_id", ""))
    if isinstance(event, Client.Created):
        return Proof(_tick(Step.RECORD_CREATED, event), client_id=own)
    if isinstance(event, Client.ContactInvited):
        return Proof(_tick(Step.PORTAL_INVITATION_SENT, event), client_id=own)
    if isinstance(event, User.Invited) and event.role == Role.CLIENT.value and event.client_id:
        return Proof(_tick(Step.PORTAL_INVITATION_SENT, event), client_id=event.client_id)
    if isinstance(event, Client.PrimaryContactSet):
        return Proof(_tick(Step.PRIMARY_CONTACT_SET, event), client_id=own)
    if isinstance(event, Project.Created) and event.member_ids:
        return Proof(_tick(Step.PROJECT_TEAM_ASSIGNED, event), client_id=event.client_id)
    if isinstance(event, Project.MemberAdded):
        return Proof(_tick(Step.PROJECT_TEAM_ASSIGNED, event), project_id=own)
    if isinstance(event, Project.NoteAdded) and event.kickoff:
        return Proof(_tick(Step.KICKOFF_HELD, event), project_id=own)
    if isinstance(event, Task.Created):
        return Proof(_tick(Step.TASKS_CREATED, event), project_id=event.project_id)
    return None


@dataclass(frozen=True)
class Checklist:
    """One client's onboarding: the first tick of each step done so far."""

    client_id: str
    ticks: tuple[Tick, ...] = ()

    def tick(self, tick: Tick) -> Checklist:
        """This checklist with ``tick`` added, unless its step is ticked already (the first proof stands)."""
        if any(t.step is tick.step for t in self.ticks):
            return self
        return Checklist(self.client_id, (*self.ticks, tick))

    def ticked(self, step: Step) -> Tick | None:
        """The tick of ``step``, or None while it is open."""
        return next((t for t in self.ticks if t.step is step), None)

    @property
    def steps(self) -> list[tuple[Step, Tick | None]]:
        """Every step in workflow order, with its tick or None."""
        return [(step, self.ticked(step)) for step in Step]

    @property
    def complete(self) -> bool:
        return len(self.ticks) == len(Step)


def checklist(client_id: str, events: Iterable[object]) -> Checklist:
    """Fold a client's checklist from events in log order (other records' events are passed over)."""
    result = Checklist(client_id)
    projects: set[str] = set()
    for event in events:
        if isinstance(event, Project.Created) and event.client_id == client_id:
            projects.add(str(event.originator_id))
        proof = proof_of(event)
        if proof is not None and (proof.client_id == client_id or proof.project_id in projects):
            result = result.tick(proof.tick)
    return result
