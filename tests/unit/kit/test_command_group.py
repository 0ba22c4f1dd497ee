"""The one command form: load, act, commit; the expected version and retries live there."""

from __future__ import annotations

import subprocess
import sys
from uuid import UUID

import pytest

from domain.application import BatonApplication
from domain.commands import RETRIES, CommandGroup
from domain.errors import ConcurrentChange, StaleVersion
from domain.leads import Lead, NewLead
from domain.leads.commands import LeadCommands
from tests.builders import ctx


class RacingApplication(BatonApplication):
    """Commits fail with a concurrent change the first ``failures`` times."""

    def __init__(self, failures: int) -> None:
        super().__init__(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
        self.failures = failures
        self.attempts = 0

    def commit(self, primary: Lead, *others: Lead):  # type: ignore[override]
        self.attempts += 1
        if self.attempts <= self.failures:
            raise ConcurrentChange("someone else saved first")
        return super().commit(primary, *others)


def registered(app: BatonApplication) -> UUID:
    return LeadCommands(app).register(ctx(), NewLead(name="Avery")).id


def note(group: CommandGroup, lead_id: UUID, *, expected: int | None = None, retries: int = 0) -> int:
    result = group.change(
        Lead, lead_id, lambda lead: lead.add_note(ctx(), "called"), expected_version=expected, retries=retries
    )
    return result.version


def test_change_retries_a_concurrent_change_when_retries_are_allowed() -> None:
    app = RacingApplication(failures=0)
    lead_id = registered(app)
    app.failures, app.attempts = 2, 0
    assert note(CommandGroup(app), lead_id, retries=2) == 2
    assert app.attempts == 3


def test_change_gives_up_when_the_conflicts_outlast_the_retries() -> None:
    app = RacingApplication(failures=0)
    lead_id = registered(app)
    app.failures, app.attempts = 3, 0
    with pytest.raises(ConcurrentChange):
        note(CommandGroup(app), lead_id, retries=2)
    assert app.load(Lead, lead_id).version == 1


def test_change_never_retries_when_the_caller_named_the_version_it_saw() -> None:
    app = RacingApplication(failures=0)
    lead_id = registered(app)
    app.failures, app.attempts = 1, 0
    with pytest.raises(ConcurrentChange):
        note(CommandGroup(app), lead_id, expected=1, retries=5)
    assert app.attempts == 1


def test_change_is_refused_before_acting_when_the_expected_version_is_stale(app: BatonApplication) -> None:
    lead_id = registered(app)
    acted: list[Lead] = []
    with pytest.raises(StaleVersion, match="7"):
        CommandGroup(app).change(Lead, lead_id, acted.append, expected_version=7)
    assert acted == []


def test_change_saves_the_other_aggregates_the_action_returns(app: BatonApplication) -> None:
    first, second = registered(app), registered(app)
    group = CommandGroup(app)
    other = group.load(Lead, second)

    def both(lead: Lead) -> tuple[Lead]:
        lead.add_note(ctx(), "first")
        other.add_note(ctx(), "second")
        return (other,)

    group.change(Lead, first, both)
    assert (app.load(Lead, first).version, app.load(Lead, second).version) == (2, 2)


def test_find_answers_none_when_there_is_no_such_aggregate(app: BatonApplication) -> None:
    assert CommandGroup(app).find(Lead, UUID(int=1)) is None


def test_importing_a_slice_leaves_the_application_class_unchanged() -> None:
    # A fresh interpreter: this process has long imported every slice.
    probe = (
        "from domain.application import BatonApplication as A; before = dict(A.snapshotting_intervals); "
        "import domain.leads, domain.users, domain.outbox, domain.registry; "
        "print(before == A.snapshotting_intervals == {})"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


def test_snapshot_intervals_come_from_the_registry_when_the_application_is_built(app: BatonApplication) -> None:
    from domain.registry import AGGREGATES

    expected = {r.aggregate: r.snapshot_every for r in AGGREGATES if r.snapshot_every}
    assert app.snapshotting_intervals == expected
    assert Lead in expected


def test_change_without_a_named_version_runs_again_on_the_newer_state_by_default() -> None:
    app = RacingApplication(failures=0)
    lead_id = registered(app)
    app.failures, app.attempts = RETRIES, 0
    result = CommandGroup(app).change(Lead, lead_id, lambda lead: lead.add_note(ctx(), "called"))
    assert (result.version, app.attempts) == (2, RETRIES + 1)


def test_change_with_no_retries_refuses_at_the_first_conflict() -> None:
    app = RacingApplication(failures=0)
    lead_id = registered(app)
    app.failures, app.attempts = 1, 0
    with pytest.raises(ConcurrentChange):
        note(CommandGroup(app), lead_id, retries=0)
    assert app.attempts == 1
