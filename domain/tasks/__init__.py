"""Tasks: the pieces of a project's work, with their review step and comments."""

from domain.tasks.aggregate import Task
from domain.tasks.inputs import NewTask, TaskChanges
from domain.tasks.workflow import TaskDeleted, TaskPriority, TaskStatus

__all__ = ["NewTask", "Task", "TaskChanges", "TaskDeleted", "TaskPriority", "TaskStatus"]
