"""Delivery's read side: clients, projects (with their records) and tasks, each view in its own module.

- ``clients``: the client list with contacts and the onboarding checklist (``client_queries``);
- ``projects``: projects, their team and notes (``project_queries``);
- ``records``: milestones, deployments and documents of projects (``record_queries``);
- ``tasks``: the task board with comments (``task_queries``).

Who sees which rows is said once, in ``access``.
"""

from projections.delivery.clients import ClientDirectory
from projections.delivery.projects import ProjectPortfolio
from projections.delivery.records import ProjectRecords
from projections.delivery.tasks import TaskBoard

__all__ = ["ClientDirectory", "ProjectPortfolio", "ProjectRecords", "TaskBoard"]
