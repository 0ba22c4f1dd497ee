"""Creating, editing, reassigning, deleting and commenting on tasks: admins and the project's manager run them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.errors import InvalidInput, NotPermitted, RuleViolation
from domain.projects import ProjectArchived, ProjectStatus
from domain.projects.team import NotOnTeam
from domain.tasks import NewTask, Task, TaskChanges, TaskPriority
from tests.unit.delivery.agency import Agency


def new_task(project_id: UUID, **fields: object) -> NewTask:
    values: dict[str, object] = {"project_id": project_id, "title": " Build the header ", "priority": TaskPriority.HIGH}
    return NewTask(**{**values, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize("part", ["manager", "admin"])
def test_task_is_created_in_to_do_when_the_manager_or_an_admin_adds_it(agency: Agency, part: str) -> None:
    project_id = agency.project(ProjectStatus.ACTIVE)
    new = new_task(project_id, assignee_id=agency.ids["member"], due_date=date(2026, 3, 20), description=" Sticky ")
    before = agency.head()
    task_id = agency.tasks.add(agency.as_(part), new).id
    assert agency.topics_since(before) == ["baton.task.Created"]
    task = agency.app.load(Task, task_id)
    assert (task.title, task.description, task.due_date, task.priority, task.status) == (
        "Build the header",
        "Sticky",
        "2026-03-20",
        "high",
        "to_do",
    )
    assert (task.project_id, task.assignee_id) == (str(project_id), str(agency.ids["member"]))


def test_task_is_created_unassigned_when_no_assignee_is_given(agency: Agency) -> None:
    task_id = agency.tasks.add(agency.as_("manager"), new_task(agency.project())).id
    assert agency.app.load(Task, task_id).assignee_id == ""


@pytest.mark.parametrize("part", ["member", "outsider", "client"])
def test_task_creation_is_refused_when_the_actor_does_not_run_the_project(agency: Agency, part: str) -> None:
    project_id = agency.project()
    before = agency.head()
    with pytest.raises(NotPermitted, match="Only an admin or the project's manager may create tasks"):
        agency.tasks.add(agency.as_(part), new_task(project_id))
    assert agency.head() == before


@pytest.mark.parametrize("assignee", ["outsider", "admin"])
def test_task_creation_is_refused_when_the_assignee_is_not_on_the_team(agency: Agency, assignee: str) -> None:
    with pytest.raises(NotOnTeam, match="member of the project's team"):
        agency.tasks.add(agency.as_("manager"), new_task(agency.project(), assignee_id=agency.ids[assignee]))


def test_task_can_be_assigned_to_the_manager_when_they_take_it_on(agency: Agency) -> None:
    project_id = agency.project()
    task_id = agency.tasks.add(agency.as_("manager"), new_task(project_id, assignee_id=agency.ids["manager"])).id
    assert agency.app.load(Task, task_id).assignee_id == str(agency.ids["manager"])


@pytest.mark.parametrize(
    ("fields", "message"), [({"title": "  "}, "needs a title"), ({"priority": "critical"}, "not a task priority")]
)
def test_task_creation_is_refused_when_input_is_wrong(agency: Agency, fields: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        agency.tasks.add(agency.as_("manager"), new_task(agency.project(), **fields))


@pytest.mark.parametrize("final", [ProjectStatus.COMPLETED, ProjectStatus.CANCELLED])
def test_task_creation_is_refused_when_the_project_is_archived(agency: Agency, final: ProjectStatus) -> None:
    with pytest.raises(ProjectArchived, match="can no longer add tasks"):
        agency.tasks.add(agency.as_("manager"), new_task(agency.project(final)))


def test_edit_records_only_what_changed_when_the_manager_edits(agency: Agency) -> None:
    task_id = agency.task()
    before = agency.head()
    changes = TaskChanges(title="Build the header", priority=TaskPriority.URGENT, due_date=date(2026, 3, 9))
    agency.tasks.change_details(agency.as_("manager"), task_id, changes)
    (event,) = agency.events_since(before)
    assert event.changes == {"priority": "urgent", "due_date": "2026-03-09"}


@pytest.mark.parametrize("part", ["member", "outsider", "client"])
def test_edit_is_refused_when_the_actor_does_not_run_the_project(agency: Agency, part: str) -> None:
    task_id = agency.task()
    with pytest.raises(NotPermitted, match="edit tasks"):
        agency.tasks.change_details(agency.as_(part), task_id, TaskChanges(title="Mine"))


def test_task_goes_to_another_team_member_when_reassigned(agency: Agency) -> None:
    task_id = agency.task()
    project_id = UUID(agency.app.load(Task, task_id).project_id)
    agency.projects.add_member(agency.as_("manager"), project_id, agency.ids["colleague"])
    before = agency.head()
    agency.tasks.reassign(agency.as_("manager"), task_id, agency.ids["colleague"])
    agency.tasks.reassign(agency.as_("admin"), task_id, None)
    events = agency.events_since(before)
    assert [(e.from_assignee_id, e.to_assignee_id) for e in events] == [
        (str(agency.ids["member"]), str(agency.ids["colleague"])),
        (str(agency.ids["colleague"]), ""),
    ]


def test_reassignment_is_refused_when_the_new_assignee_is_off_the_team_or_the_same(agency: Agency) -> None:
    task_id = agency.task()
    with pytest.raises(NotOnTeam):
        agency.tasks.reassign(agency.as_("manager"), task_id, agency.ids["outsider"])
    with pytest.raises(RuleViolation, match="already has that assignee"):
        agency.tasks.reassign(agency.as_("manager"), task_id, agency.ids["member"])
    with pytest.raises(NotPermitted, match="reassign tasks"):
        agency.tasks.reassign(agency.as_("member"), task_id, None)


@pytest.mark.parametrize("part", ["manager", "admin"])
def test_task_is_hidden_when_the_manager_or_an_admin_deletes_it(agency: Agency, part: str) -> None:
    task_id = agency.task()
    before = agency.head()
    agency.tasks.delete(agency.as_(part), task_id, reason=" Duplicate ")
    (event,) = agency.events_since(before)
    assert (type(event).TOPIC, event.reason) == ("baton.task.Deleted", "Duplicate")
    assert agency.app.load(Task, task_id).deleted


@pytest.mark.parametrize("part", ["member", "outsider", "client"])
def test_deletion_is_refused_when_the_actor_does_not_run_the_project(agency: Agency, part: str) -> None:
    task_id = agency.task()
    with pytest.raises(NotPermitted, match="delete tasks"):
        agency.tasks.delete(agency.as_(part), task_id)
    assert not agency.app.load(Task, task_id).deleted


@pytest.mark.parametrize("part", ["member", "manager", "admin", "colleague"])
def test_comment_is_recorded_when_someone_who_can_see_the_task_writes_it(agency: Agency, part: str) -> None:
    task_id = agency.task()
    project_id = UUID(agency.app.load(Task, task_id).project_id)
    agency.projects.add_member(agency.as_("manager"), project_id, agency.ids["colleague"])
    before = agency.head()
    agency.tasks.comment(agency.as_(part), task_id, " Pushed a fix ")
    (event,) = agency.events_since(before)
    assert (type(event).TOPIC, event.text, event.mentions) == ("baton.task.CommentAdded", "Pushed a fix", [])


@pytest.mark.parametrize("part", ["outsider", "client"])
def test_comment_is_refused_when_the_actor_cannot_see_the_task(agency: Agency, part: str) -> None:
    task_id = agency.task()
    with pytest.raises(NotPermitted, match="comment"):
        agency.tasks.comment(agency.as_(part), task_id, "Hello")


def test_comment_is_refused_when_blank(agency: Agency) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        agency.tasks.comment(agency.as_("member"), agency.task(), " \n ")


def test_comment_mentions_team_members_by_id_and_handle_when_they_are_on_the_team(agency: Agency) -> None:
    task_id = agency.task()
    manager, member, outsider = (agency.ids[p] for p in ("manager", "member", "outsider"))
    handles = {"Boss": manager, "stranger": outsider}
    text = f"@boss please look; @{member.hex} tested it, @stranger and @ghost not involved"
    before = agency.head()
    agency.tasks.comment(agency.as_("member"), task_id, text, handles=handles)
    (event,) = agency.events_since(before)
    assert event.mentions == [str(manager), str(member)]


@pytest.mark.parametrize("final", [ProjectStatus.COMPLETED, ProjectStatus.CANCELLED])
def test_comment_is_recorded_when_the_project_is_archived(agency: Agency, final: ProjectStatus) -> None:
    project_id = agency.project(ProjectStatus.ACTIVE)
    task_id = agency.task(project_id)
    walk = {ProjectStatus.COMPLETED: [ProjectStatus.IN_REVIEW, ProjectStatus.COMPLETED]}.get(final, [final])
    for step in walk:
        agency.projects.change_status(agency.as_("manager"), project_id, step, reason="Wrapped up")
    agency.tasks.comment(agency.as_("member"), task_id, "For the record: shipped")
    with pytest.raises(ProjectArchived):
        agency.tasks.change_details(agency.as_("manager"), task_id, TaskChanges(title="Late edit"))
