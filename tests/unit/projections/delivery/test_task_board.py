"""The task board's rows, comments with mentions and counts, folded without PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

from domain.tasks import NewTask, TaskChanges, TaskPriority, TaskStatus
from projections.delivery import TaskBoard
from tests.unit.delivery.agency import Agency
from tests.unit.projections.delivery.views import fold, same_in_any_batching


def test_task_row_follows_edits_reassignment_and_review_when_worked(agency: Agency) -> None:
    task_id = agency.task(status=TaskStatus.IN_REVIEW, due_date=date(2026, 4, 1))
    manager = agency.as_("manager", 5)
    agency.tasks.change_details(manager, task_id, TaskChanges(title="Header v2", priority=TaskPriority.URGENT))
    agency.tasks.change_status(manager, task_id, TaskStatus.IN_PROGRESS, comment="Align the logo")

    (row,) = fold(agency, TaskBoard()).rows("task_list")

    assert (row["title"], row["priority"], row["due_date"], row["status"]) == (
        "Header v2",
        "urgent",
        date(2026, 4, 1),
        "in_progress",
    )
    assert (row["assignee_id"], row["comments_count"], row["deleted"]) == (str(agency.ids["member"]), 1, False)


def test_comments_keep_text_author_and_mentioned_ids_when_written(agency: Agency) -> None:
    task_id = agency.task()
    member, manager = str(agency.ids["member"]), str(agency.ids["manager"])
    agency.tasks.comment(agency.as_("member", 2), task_id, "Done, @morgan please look", handles={"morgan": manager})

    (comment,) = fold(agency, TaskBoard()).rows("task_comments")

    assert (comment["text"], comment["author_id"], json.loads(comment["mentions"])) == (
        "Done, @morgan please look",
        member,
        [manager],
    )


def test_counts_leave_deleted_tasks_apart_when_a_task_is_deleted(agency: Agency) -> None:
    project_id = agency.project()
    kept = agency.task(project_id)
    gone = agency.task(project_id, title="Old idea")
    agency.tasks.change_status(agency.as_("member", 1), kept, TaskStatus.IN_PROGRESS)
    agency.tasks.delete(agency.as_("manager", 2), gone, reason="Out of scope")
    agency.tasks.reassign(agency.as_("manager", 3), kept, None)

    view = fold(agency, TaskBoard())

    assert sorted(view.rows("task_counts"), key=repr) == sorted(
        [
            {"status": "in_progress", "deleted": False, "tasks": 1},
            {"status": "to_do", "deleted": True, "tasks": 1},
        ],
        key=repr,
    )
    rows = {r["id"]: r for r in view.rows("task_list")}
    assert rows[gone]["deleted"] and rows[kept]["assignee_id"] == ""


def test_rows_are_the_same_in_any_batching_and_on_a_second_replay_when_history_is_varied(agency: Agency) -> None:
    project_id = agency.project()
    for n, status in enumerate(TaskStatus):
        agency.task(project_id, status, title=f"Task {n}")
    task_id = agency.tasks.add(agency.as_("manager"), NewTask(project_id, "Unassigned")).id
    agency.tasks.comment(agency.as_("admin", 4), task_id, "Who takes this?")
    agency.tasks.delete(agency.as_("manager", 5), task_id)

    assert same_in_any_batching(agency, TaskBoard())
