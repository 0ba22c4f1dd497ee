"""The task board: one row per task, its comments, and tasks per status."""

from __future__ import annotations

import json
from uuid import UUID

from domain.delivery.values import day_of
from domain.tasks import Task
from projections.engine import Appends, Column, Entities, Fold, Projection, counts, handles
from projections.engine import position_column as position
from projections.engine import version_column as version

TASKS = Entities(
    "task_list",
    (
        Column("id", "uuid"),
        Column("project_id", "uuid"),
        Column("title", "text", changes=True),
        Column("description", "text", changes=True),
        Column("due_date", "date", changes=True, default=None),
        Column("priority", "text", changes=True),
        Column("assignee_id", "text", changes=True),
        Column("status", "text", changes=True, default="to_do"),
        # Deleted tasks stay for the record; every read hides them.
        Column("deleted", "boolean", changes=True, default=False),
        Column("comments_count", "integer", changes=True, default=0),
        Column("created_at", "timestamptz"),
        Column("updated_at", "timestamptz", changes=True),
        Column("created_by", "text"),
        version(),
        position(),
    ),
    indexes=("(updated_at, id)", "(created_at, id)", "(project_id, status)", "(assignee_id)", "(due_date)"),
)

COMMENTS = Appends(
    "task_comments",
    (
        Column("task_id", "uuid"),
        Column("version", "integer"),
        Column("comment_id", "text"),
        Column("text", "text"),
        # The user ids the comment @mentions, as a JSON list.
        Column("mentions", "text"),
        Column("author_id", "text"),
        Column("written_at", "timestamptz"),
    ),
    key=("task_id", "version"),
)

# Deleted tasks are counted apart, so a board's counts leave them out without a scan.
COUNTS = counts("task_counts", of=TASKS, by=("status", "deleted"), column="tasks")

DETAIL_FIELDS = ("title", "description", "due_date", "priority")


class TaskBoard(Projection):
    """Tasks by project, assignee, status and due date, with their comments."""

    name = "task_board"
    version = 1
    tables = (TASKS, COMMENTS, COUNTS)

    @handles(Task.Created)
    def created(self, fold: Fold, e: Task.Created) -> None:
        fold.insert(
            TASKS,
            e,
            project_id=UUID(e.project_id),
            title=e.title,
            description=e.description,
            due_date=day_of(e.due_date),
            priority=e.priority,
            assignee_id=e.assignee_id,
            created_at=e.timestamp,
            created_by=e.actor_id,
        )

    @handles(Task.DetailsChanged)
    def details_changed(self, fold: Fold, e: Task.DetailsChanged) -> None:
        if (row := fold.update(TASKS, e)) is not None:
            for field, value in e.changes.items():
                if field in DETAIL_FIELDS:
                    row[field] = day_of(value) if field == "due_date" else value

    @handles(Task.Reassigned)
    def reassigned(self, fold: Fold, e: Task.Reassigned) -> None:
        if (row := fold.update(TASKS, e)) is not None:
            row["assignee_id"] = e.to_assignee_id

    @handles(Task.StatusChanged)
    def status_changed(self, fold: Fold, e: Task.StatusChanged) -> None:
        if (row := fold.update(TASKS, e)) is not None:
            row["status"] = e.to_status

    @handles(Task.CommentAdded)
    def comment_added(self, fold: Fold, e: Task.CommentAdded) -> None:
        if (row := fold.update(TASKS, e)) is not None:
            row["comments_count"] += 1
        fold.append(
            COMMENTS,
            task_id=e.originator_id,
            version=e.originator_version,
            comment_id=e.comment_id,
            text=e.text,
            mentions=json.dumps(e.mentions),
            author_id=e.actor_id,
            written_at=e.timestamp,
        )

    @handles(Task.Deleted)
    def deleted(self, fold: Fold, e: Task.Deleted) -> None:
        if (row := fold.update(TASKS, e)) is not None:
            row["deleted"] = True
