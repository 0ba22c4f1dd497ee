"""A task's review step: the assignee moves it up to in_review; an admin or the manager accepts or sends it back."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.errors import InvalidInput, InvalidTransition, NotPermitted
from domain.projects import ProjectArchived, ProjectStatus
from domain.tasks import Task, TaskDeleted, TaskStatus
from tests.unit.delivery.agency import Agency

S = TaskStatus
ASSIGNEE_MOVES = [(S.TO_DO, S.IN_PROGRESS), (S.IN_PROGRESS, S.IN_REVIEW)]
REVIEW_MOVES = [(S.IN_REVIEW, S.DONE), (S.IN_REVIEW, S.IN_PROGRESS), (S.DONE, S.IN_PROGRESS)]
REFUSED = [(a, b) for a in S for b in S if (a, b) not in ASSIGNEE_MOVES + REVIEW_MOVES]


def team_task(agency: Agency, status: TaskStatus = S.TO_DO) -> UUID:
    """A task of the member's on an active project whose team also has the colleague."""
    project_id = agency.project(ProjectStatus.ACTIVE)
    agency.projects.add_member(agency.as_("manager"), project_id, agency.ids["colleague"])
    return agency.task(project_id, status)


@pytest.mark.parametrize("part", ["member", "manager", "admin", "system"])
@pytest.mark.parametrize(("start", "to"), ASSIGNEE_MOVES)
def test_task_moves_up_when_its_assignee_or_whoever_runs_the_project_moves_it(
    agency: Agency, start: TaskStatus, to: TaskStatus, part: str
) -> None:
    task_id = team_task(agency, start)
    before = agency.head()
    agency.tasks.change_status(agency.as_(part), task_id, to)
    (event,) = agency.events_since(before)
    assert (type(event).TOPIC, event.from_status, event.to_status) == ("baton.task.StatusChanged", start, to)
    assert agency.app.load(Task, task_id).status == to


@pytest.mark.parametrize("part", ["manager", "admin"])
def test_task_is_done_when_the_manager_or_an_admin_accepts_it(agency: Agency, part: str) -> None:
    task_id = team_task(agency, S.IN_REVIEW)
    agency.tasks.change_status(agency.as_(part), task_id, S.DONE)
    assert agency.app.load(Task, task_id).status == S.DONE


@pytest.mark.parametrize("part", ["manager", "admin"])
def test_task_goes_back_with_the_comment_when_changes_are_requested(agency: Agency, part: str) -> None:
    task_id = team_task(agency, S.IN_REVIEW)
    before = agency.head()
    comment = f"The header overlaps on mobile, @{agency.ids['member']}"
    agency.tasks.change_status(agency.as_(part), task_id, S.IN_PROGRESS, comment=comment)
    status, note = agency.events_since(before)
    assert (type(status).TOPIC, status.from_status, status.to_status) == (
        "baton.task.StatusChanged",
        S.IN_REVIEW,
        S.IN_PROGRESS,
    )
    assert (type(note).TOPIC, note.text, note.mentions) == (
        "baton.task.CommentAdded",
        comment,
        [str(agency.ids["member"])],
    )
    assert agency.app.load(Task, task_id).comments_count == 1


@pytest.mark.parametrize("comment", ["", "   "])
def test_sending_back_is_refused_when_no_comment_says_what_to_change(agency: Agency, comment: str) -> None:
    task_id = team_task(agency, S.IN_REVIEW)
    before = agency.head()
    with pytest.raises(InvalidInput, match="needs a comment"):
        agency.tasks.change_status(agency.as_("manager"), task_id, S.IN_PROGRESS, comment=comment)
    assert agency.head() == before


@pytest.mark.parametrize(("start", "to"), REVIEW_MOVES)
def test_review_is_refused_when_the_assignee_judges_their_own_task(
    agency: Agency, start: TaskStatus, to: TaskStatus
) -> None:
    task_id = team_task(agency, start)
    with pytest.raises(NotPermitted, match="reviews a task"):
        agency.tasks.change_status(agency.as_("member"), task_id, to, comment="Looks good to me")
    assert agency.app.load(Task, task_id).status == start


@pytest.mark.parametrize("part", ["colleague", "outsider", "client"])
@pytest.mark.parametrize(("start", "to"), ASSIGNEE_MOVES + REVIEW_MOVES)
def test_move_is_refused_when_the_actor_neither_has_the_task_nor_runs_the_project(
    agency: Agency, start: TaskStatus, to: TaskStatus, part: str
) -> None:
    task_id = team_task(agency, start)
    before = agency.head()
    with pytest.raises(NotPermitted):
        agency.tasks.change_status(agency.as_(part), task_id, to, comment="Please fix")
    assert agency.head() == before


@pytest.mark.parametrize(("start", "to"), REFUSED)
def test_move_is_refused_naming_current_and_allowed_statuses_when_the_workflow_does_not_allow_it(
    agency: Agency, start: TaskStatus, to: TaskStatus
) -> None:
    task_id = team_task(agency, start)
    with pytest.raises(InvalidTransition) as refused:
        agency.tasks.change_status(agency.as_("admin"), task_id, to, comment="Why not")
    message = str(refused.value)
    assert f"from '{start}' to '{to}'" in message
    allowed = [b for a, b in ASSIGNEE_MOVES + REVIEW_MOVES if a is start]
    assert all(f"'{s}'" in message.split(". ", 1)[1] for s in allowed)


@pytest.mark.parametrize("part", ["manager", "admin"])
def test_done_task_is_reopened_with_the_comment_when_more_work_turns_up(agency: Agency, part: str) -> None:
    task_id = team_task(agency, S.DONE)
    before = agency.head()
    agency.tasks.change_status(agency.as_(part), task_id, S.IN_PROGRESS, comment="The footer breaks on tablets")
    status, note = agency.events_since(before)
    assert (type(status).TOPIC, status.from_status, status.to_status) == (
        "baton.task.StatusChanged",
        S.DONE,
        S.IN_PROGRESS,
    )
    assert (type(note).TOPIC, note.text) == ("baton.task.CommentAdded", "The footer breaks on tablets")


def test_reopening_needs_a_comment_and_is_refused_to_the_assignee(agency: Agency) -> None:
    task_id = team_task(agency, S.DONE)
    before = agency.head()
    with pytest.raises(InvalidInput, match="what is left to do"):
        agency.tasks.change_status(agency.as_("manager"), task_id, S.IN_PROGRESS, comment=" ")
    with pytest.raises(NotPermitted, match="reopening"):
        agency.tasks.change_status(agency.as_("member"), task_id, S.IN_PROGRESS, comment="Not finished after all")
    assert agency.head() == before


@pytest.mark.parametrize("final", [ProjectStatus.COMPLETED, ProjectStatus.CANCELLED])
def test_move_is_refused_when_the_project_is_archived(agency: Agency, final: ProjectStatus) -> None:
    project_id = agency.project(ProjectStatus.ACTIVE)
    task_id = agency.task(project_id)
    walk = {ProjectStatus.COMPLETED: [ProjectStatus.IN_REVIEW, ProjectStatus.COMPLETED]}.get(final, [final])
    for step in walk:
        agency.projects.change_status(agency.as_("manager"), project_id, step, reason="Wrapped up")
    with pytest.raises(ProjectArchived):
        agency.tasks.change_status(agency.as_("member"), task_id, S.IN_PROGRESS)


def test_every_command_is_refused_when_the_task_was_deleted(agency: Agency) -> None:
    task_id = team_task(agency, S.IN_PROGRESS)
    agency.tasks.delete(agency.as_("manager"), task_id, reason="Duplicate")
    assert agency.app.load(Task, task_id).deleted
    refusals = [
        lambda: agency.tasks.change_status(agency.as_("member"), task_id, S.IN_REVIEW),
        lambda: agency.tasks.comment(agency.as_("member"), task_id, "Still here?"),
        lambda: agency.tasks.reassign(agency.as_("manager"), task_id, None),
        lambda: agency.tasks.delete(agency.as_("manager"), task_id),
    ]
    for refused in refusals:
        with pytest.raises(TaskDeleted, match="was deleted"):
            refused()
