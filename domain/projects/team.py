"""Who may do what on a project and the records that belong to it (tasks, milestones, documents)."""

from __future__ import annotations

from domain.context import CommandContext
from domain.delivery.access import is_admin, is_user, require, user_key
from domain.errors import RuleViolation
from domain.projects.status import FINAL, ProjectArchived


class NotOnTeam(RuleViolation):
    """The user named is not the project's manager or one of its members."""

    title = "Not on the project's team"


class ProjectTeam:
    """The project's questions about its team, mixed into the Project aggregate.

    Admins and the project's manager run it: its plan, team, tasks, milestones
    and documents. The whole team (manager and members) works on it: notes,
    deployments, comments. Client users do none of these.
    """

    manager_id: str
    member_ids: list[str]
    status: str

    @property
    def archived(self) -> bool:
        """Completed or cancelled: kept for the record, its plan and team no longer change."""
        return self.status in FINAL

    def on_team(self, user_id: str) -> bool:
        """The user is the project's manager or one of its members."""
        key = user_key(user_id)
        return key == user_key(self.manager_id) or key in {user_key(m) for m in self.member_ids}

    def is_member(self, user_id: str) -> bool:
        """The user is one of the members (the manager may or may not be one)."""
        return user_key(user_id) in {user_key(m) for m in self.member_ids}

    def can_manage(self, ctx: CommandContext) -> bool:
        """An admin or the project's manager."""
        return is_admin(ctx.actor) or is_user(ctx.actor, self.manager_id)

    def can_work(self, ctx: CommandContext) -> bool:
        """An admin, or staff on the project's team."""
        return is_admin(ctx.actor) or (ctx.actor.role != "client" and self.on_team(ctx.actor.id))

    def require_manager(self, ctx: CommandContext, doing: str) -> None:
        """Refuse unless an admin or the project's manager acts."""
        require(self.can_manage(ctx), f"Only an admin or the project's manager may {doing}.")

    def require_team(self, ctx: CommandContext, doing: str) -> None:
        """Refuse unless an admin or staff on the team acts."""
        require(self.can_work(ctx), f"Only an admin or a member of the project's team may {doing}.")

    def require_open(self, doing: str) -> None:
        """Refuse once the project is archived."""
        if self.archived:
            raise ProjectArchived(f"The project is {self.status} and archived: you can no longer {doing}.")
