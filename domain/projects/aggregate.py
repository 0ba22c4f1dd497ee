"""The Project aggregate: scope, dates, team, budget, status and notes."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.delivery.access import is_admin, is_user, require, user_key
from domain.delivery.values import budget_hours, check_dates, day_of, required
from domain.errors import RuleViolation
from domain.projects.inputs import NewProject, ProjectChanges
from domain.projects.status import ProjectStatus, check_move
from domain.projects.team import ProjectTeam


class Project(ProjectTeam, BatonAggregate):
    """Work the agency does for a client, run by a manager with a team."""

    TOPIC = "baton.project.Project"

    class Event(BatonAggregate.Event):
        """Base of the project's events."""

    class Created(Event, BatonAggregate.Created):
        """A project was set up for a client, in status ``planning``."""

        TOPIC = "baton.project.Created"
        name: str
        client_id: str
        description: str
        start_date: str
        target_date: str
        manager_id: str
        member_ids: list[str]
        budget_hours: Decimal | None

    class DetailsChanged(Event):
        """Name, description, start or target date changed; ``changes`` holds the new values (dates ISO)."""

        TOPIC = "baton.project.DetailsChanged"
        changes: dict[str, str]

        def apply(self, aggregate: Project) -> None:
            for field, value in self.changes.items():
                setattr(aggregate, field, value)

    class BudgetChanged(Event):
        """The budget in hours was set, changed or removed (``None``)."""

        TOPIC = "baton.project.BudgetChanged"
        budget_hours: Decimal | None

        def apply(self, aggregate: Project) -> None:
            aggregate.budget_hours = self.budget_hours

    class ManagerChanged(Event):
        """Another staff member now manages the project."""

        TOPIC = "baton.project.ManagerChanged"
        from_manager_id: str
        to_manager_id: str

        def apply(self, aggregate: Project) -> None:
            aggregate.manager_id = self.to_manager_id

    class MemberAdded(Event):
        """A staff member joined the project's team."""

        TOPIC = "baton.project.MemberAdded"
        user_id: str

        def apply(self, aggregate: Project) -> None:
            aggregate.member_ids.append(self.user_id)

    class MemberRemoved(Event):
        """A staff member left the project's team."""

        TOPIC = "baton.project.MemberRemoved"
        user_id: str

        def apply(self, aggregate: Project) -> None:
            aggregate.member_ids.remove(self.user_id)

    class StatusChanged(Event):
        """The project moved to another status; completing or cancelling it records the reason."""

        TOPIC = "baton.project.StatusChanged"
        from_status: str
        to_status: str
        reason: str

        def apply(self, aggregate: Project) -> None:
            aggregate.status = self.to_status

    class NoteAdded(Event):
        """Someone on the team wrote a note; ``kickoff`` marks the notes of the kickoff meeting."""

        TOPIC = "baton.project.NoteAdded"
        note_id: str
        text: str
        kickoff: bool

        def apply(self, aggregate: Project) -> None:
            aggregate.notes_count += 1

    def __init__(  # noqa: PLR0913
        self,
        name: str,
        client_id: str,
        description: str,
        start_date: str,
        target_date: str,
        manager_id: str,
        member_ids: list[str],
        budget_hours: Decimal | None,
    ) -> None:
        self.name = name
        self.client_id = client_id
        self.description = description
        self.start_date = start_date
        self.target_date = target_date
        self.manager_id = manager_id
        self.member_ids = list(member_ids)
        self.budget_hours = budget_hours
        # A plain string, not the enum: snapshots store JSON.
        self.status = ProjectStatus.PLANNING.value
        self.notes_count = 0

    # -- commands --------------------------------------------------------------

    @classmethod
    def plan(cls, ctx: CommandContext, project_id: UUID, project: NewProject) -> Project:
        """Set up a project in ``planning``: admins, or the staff member who will manage it."""
        require(
            is_admin(ctx.actor) or is_user(ctx.actor, str(project.manager_id)),
            "Only an admin, or the staff member who will manage it, may set up a project.",
        )
        created: Project = cls._start(cls.Created, ctx, project_id, **project.as_data())
        return created

    def change_details(self, ctx: CommandContext, changes: ProjectChanges) -> None:
        """Change name, description or dates; unchanged values are not recorded."""
        self.require_manager(ctx, "change the project's details")
        self.require_open("change its details")
        given = changes.as_data()
        start, target = given.get("start_date", self.start_date), given.get("target_date", self.target_date)
        check_dates(day_of(start), day_of(target), "project's")
        actual = {k: v for k, v in given.items() if getattr(self, k) != v}
        if actual:
            self._record(self.DetailsChanged, ctx, changes=actual)

    def change_budget(self, ctx: CommandContext, hours: Decimal | None) -> None:
        """Set, change or remove (``None``) the budget in hours."""
        self.require_manager(ctx, "change the budget")
        self.require_open("change its budget")
        checked = None if hours is None else budget_hours(hours)
        if checked != self.budget_hours:
            self._record(self.BudgetChanged, ctx, budget_hours=checked)

    def change_manager(self, ctx: CommandContext, manager_id: str) -> None:
        """Give the project to another manager (an admin's decision)."""
        require(is_admin(ctx.actor), "Only an admin may change a project's manager.")
        self.require_open("change its manager")
        if user_key(manager_id) == user_key(self.manager_id):
            raise RuleViolation("That staff member already manages this project.")
        self._record(self.ManagerChanged, ctx, from_manager_id=self.manager_id, to_manager_id=manager_id)

    def add_member(self, ctx: CommandContext, user_id: str) -> None:
        """Add a staff member to the team."""
        self.require_manager(ctx, "change the team")
        self.require_open("change its team")
        if self.is_member(user_id):
            raise RuleViolation("That staff member already is on the project's team.")
        self._record(self.MemberAdded, ctx, user_id=user_id)

    def remove_member(self, ctx: CommandContext, user_id: str) -> None:
        """Take a staff member off the team (their tasks stay assigned until reassigned)."""
        self.require_manager(ctx, "change the team")
        self.require_open("change its team")
        member = next((m for m in self.member_ids if user_key(m) == user_key(user_id)), None)
        if member is None:
            raise RuleViolation("That user is not a member of the project's team.")
        self._record(self.MemberRemoved, ctx, user_id=member)

    def change_status(self, ctx: CommandContext, to: ProjectStatus, reason: str = "") -> None:
        """Move the project along its workflow; completing or cancelling needs a reason."""
        self.require_manager(ctx, "change the project's status")
        check_move(ProjectStatus(self.status), to, reason)
        self._record(self.StatusChanged, ctx, from_status=self.status, to_status=to.value, reason=reason.strip())

    def add_note(self, ctx: CommandContext, note_id: UUID, text: str, *, kickoff: bool = False) -> None:
        """Add a note (``kickoff`` for the kickoff meeting's); allowed in every status."""
        self.require_team(ctx, "add notes to the project")
        body = required(text, "A note cannot be empty.")
        self._record(self.NoteAdded, ctx, note_id=str(note_id), text=body, kickoff=kickoff)
