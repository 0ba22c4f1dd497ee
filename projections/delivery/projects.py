"""The project portfolio: one row per project, who is on its team, its notes, and projects per status."""

from __future__ import annotations

import json
from typing import Any

from domain.delivery.access import user_key
from domain.delivery.values import day_of
from domain.projects import Project
from projections.delivery.child import child
from projections.engine import Appends, Column, Entities, Fold, Projection, counts, handles
from projections.engine import position_column as position
from projections.engine import version_column as version

PROJECTS = Entities(
    "project_list",
    (
        Column("id", "uuid"),
        Column("name", "text", changes=True),
        Column("client_id", "text"),
        Column("description", "text", changes=True),
        Column("start_date", "date", changes=True, default=None),
        Column("target_date", "date", changes=True, default=None),
        Column("manager_id", "text", changes=True),
        # The members' user ids, as a JSON list in the order they joined.
        Column("members", "text", changes=True, default="[]"),
        Column("budget_hours", "numeric", changes=True, default=None),
        Column("status", "text", changes=True, default="planning"),
        Column("status_reason", "text", changes=True, default=""),
        Column("notes_count", "integer", changes=True, default=0),
        Column("created_at", "timestamptz"),
        Column("updated_at", "timestamptz", changes=True),
        Column("created_by", "text"),
        version(),
        position(),
    ),
    indexes=("(updated_at, id)", "(created_at, id)", "(name, id)", "(status)", "(client_id)", "(manager_id)"),
)

# One row per user who is or was on a project's team: what scopes an employee's reads.
MEMBERS = Entities(
    "project_members",
    (
        Column("id", "uuid"),
        Column("project_id", "uuid"),
        Column("user_id", "text"),
        Column("is_manager", "boolean", changes=True, default=False),
        Column("is_member", "boolean", changes=True, default=False),
        version(),
    ),
    indexes=("(user_id, project_id)", "(project_id)"),
)

NOTES = Appends(
    "project_notes",
    (
        Column("project_id", "uuid"),
        Column("version", "integer"),
        Column("note_id", "text"),
        Column("text", "text"),
        Column("kickoff", "boolean"),
        Column("author_id", "text"),
        Column("written_at", "timestamptz"),
    ),
    key=("project_id", "version"),
)

COUNTS = counts("project_counts", of=PROJECTS, by=("status",), column="projects")

DETAIL_FIELDS = ("name", "description", "start_date", "target_date")


def _details(changes: dict[str, str]) -> dict[str, Any]:
    """A project's changed fields as the row holds them (dates as dates)."""
    return {k: day_of(v) if k.endswith("_date") else v for k, v in changes.items() if k in DETAIL_FIELDS}


class ProjectPortfolio(Projection):
    """Projects by status, client, manager and member, with their notes."""

    name = "project_portfolio"
    version = 1
    tables = (PROJECTS, MEMBERS, NOTES, COUNTS)

    @handles(Project.Created)
    def created(self, fold: Fold, e: Project.Created) -> None:
        fold.insert(
            PROJECTS,
            e,
            name=e.name,
            client_id=e.client_id,
            description=e.description,
            start_date=day_of(e.start_date),
            target_date=day_of(e.target_date),
            manager_id=e.manager_id,
            members=json.dumps(e.member_ids),
            budget_hours=e.budget_hours,
            created_at=e.timestamp,
            created_by=e.actor_id,
        )
        # One row per user, even when the manager is also among the members.
        parts = {user_key(m): {"is_member": True} for m in e.member_ids}
        parts.setdefault(user_key(e.manager_id), {})["is_manager"] = True
        for user, part in parts.items():
            _team(fold, e, user, **part)

    @handles(Project.DetailsChanged)
    def details_changed(self, fold: Fold, e: Project.DetailsChanged) -> None:
        if (row := fold.update(PROJECTS, e)) is not None:
            row.update(_details(e.changes))

    @handles(Project.BudgetChanged)
    def budget_changed(self, fold: Fold, e: Project.BudgetChanged) -> None:
        if (row := fold.update(PROJECTS, e)) is not None:
            row["budget_hours"] = e.budget_hours

    @handles(Project.ManagerChanged)
    def manager_changed(self, fold: Fold, e: Project.ManagerChanged) -> None:
        if (row := fold.update(PROJECTS, e)) is not None:
            row["manager_id"] = e.to_manager_id
        _team(fold, e, e.from_manager_id, is_manager=False)
        _team(fold, e, e.to_manager_id, is_manager=True)

    @handles(Project.MemberAdded)
    def member_added(self, fold: Fold, e: Project.MemberAdded) -> None:
        if (row := fold.update(PROJECTS, e)) is not None:
            row["members"] = json.dumps([*json.loads(row["members"]), e.user_id])
        _team(fold, e, e.user_id, is_member=True)

    @handles(Project.MemberRemoved)
    def member_removed(self, fold: Fold, e: Project.MemberRemoved) -> None:
        if (row := fold.update(PROJECTS, e)) is not None:
            row["members"] = json.dumps([m for m in json.loads(row["members"]) if m != e.user_id])
        _team(fold, e, e.user_id, is_member=False)

    @handles(Project.StatusChanged)
    def status_changed(self, fold: Fold, e: Project.StatusChanged) -> None:
        if (row := fold.update(PROJECTS, e)) is not None:
            row.update(status=e.to_status, status_reason=e.reason)

    @handles(Project.NoteAdded)
    def note_added(self, fold: Fold, e: Project.NoteAdded) -> None:
        if (row := fold.update(PROJECTS, e)) is not None:
            row["notes_count"] += 1
        fold.append(
            NOTES,
            project_id=e.originator_id,
            version=e.originator_version,
            note_id=e.note_id,
            text=e.text,
            kickoff=e.kickoff,
            author_id=e.actor_id,
            written_at=e.timestamp,
        )


def _team(fold: Fold, e: Project.Event, user_id: str, **part: bool) -> None:
    """Set the user's part on the project's team (manager, member) as of ``e``; a replay changes nothing."""
    ref = child(e, user_key(user_id))
    row = fold.update(MEMBERS, ref) or fold.insert(MEMBERS, ref, project_id=e.originator_id, user_id=user_key(user_id))
    if row is not None:
        row.update(part)
