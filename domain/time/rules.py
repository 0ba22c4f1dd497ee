"""Who may put hours on which task, when, and on which projects: the checks an entry makes before booking."""

from __future__ import annotations

from datetime import date

from domain.context import CommandContext
from domain.delivery.access import is_user
from domain.errors import InvalidInput
from domain.projects.aggregate import Project
from domain.projects.status import ProjectStatus
from domain.tasks.aggregate import Task
from domain.tasks.workflow import TaskDeleted
from domain.time.errors import NotYourTask, ProjectNotOpenForTime
from domain.time.overrides import TimeOverride

# Paused or closed: time goes there only with an override from the project's manager.
CLOSED_FOR_TIME = frozenset({ProjectStatus.ON_HOLD, ProjectStatus.COMPLETED, ProjectStatus.CANCELLED})


def check_day(ctx: CommandContext, day: date) -> None:
    """Never in the future by the command's clock (UTC)."""
    today = ctx.now.date()
    if day > today:
        raise InvalidInput(f"Time cannot be logged for {day}: it is in the future (today is {today}, UTC).")


def check_task(ctx: CommandContext, task: Task) -> None:
    """The task exists and is assigned to the person logging."""
    if task.deleted:
        raise TaskDeleted(f"The task '{task.title}' was deleted: time cannot be logged on it.")
    if not is_user(ctx.actor, task.assignee_id):
        raise NotYourTask(
            f"The task '{task.title}' is not assigned to you: time is logged only on your own tasks. "
            "Ask the project's manager to assign it to you."
        )


def check_project(project: Project, override: TimeOverride | None) -> None:
    """Open projects take time; paused or closed ones only with an active override for the person."""
    if ProjectStatus(project.status) not in CLOSED_FOR_TIME or (override is not None and override.active):
        return
    raise ProjectNotOpenForTime(
        f"The project '{project.name}' is {project.status}: time cannot be logged on it "
        "unless its manager grants you an override."
    )
