"""Who sees which delivery rows: said once here, for every delivery query.

- Admins see everything.
- Employees see the projects they manage or are a member of, those projects'
  tasks, milestones, deployments and documents, and the clients whose account
  they manage or on whose projects they work.
- Client users see their own organisation's projects, with their milestones,
  deployments to production and client-facing documents; nothing internal
  (no tasks, notes, budget, team, internal documents, other environments).
"""

from __future__ import annotations

from psycopg import sql

from projections.scope import Clause, Scope

# A project the reader (the one %s) manages or is a member of; ``{project}`` is the outer column holding its id.
_ON_TEAM = (
    "SELECT 1 FROM project_members m WHERE m.project_id = {project} AND m.user_id = %s::text"
    " AND (m.is_manager OR m.is_member)"
)
_CLIENT_OF_MINE = (
    "SELECT 1 FROM (SELECT %s::text AS u) me WHERE client_list.account_manager_id = me.u OR EXISTS ("
    "SELECT 1 FROM project_list p JOIN project_members m ON m.project_id = p.id"
    " WHERE p.client_id = client_list.id::text AND m.user_id = me.u AND (m.is_manager OR m.is_member))"
)


def projects(scope: Scope) -> Clause:
    """Rows of ``project_list`` the reader may see."""
    return scope.rows(organisation="client_id", members_sql=_ON_TEAM.format(project="project_list.id"))


def project_held(scope: Scope, table: str) -> Clause:
    """Rows of ``table`` (with a ``project_id``) whose project the reader may see."""
    if scope.is_admin:
        return Clause.true()
    visible = projects(scope)
    return Clause(
        sql.SQL("EXISTS (SELECT 1 FROM project_list WHERE project_list.id = {}.project_id AND {})").format(
            sql.Identifier(table), visible.sql
        ),
        visible.params,
    )


def tasks(scope: Scope) -> Clause:
    """Rows of ``task_list`` the reader may see: staff on the project's team (admins all); client users none."""
    if scope.is_client:
        return Clause.false()
    return scope.rows(organisation=None, members_sql=_ON_TEAM.format(project="task_list.project_id"))


def clients(scope: Scope) -> Clause:
    """Rows of ``client_list`` the reader may see: admins all, employees theirs, client users none."""
    if not scope.is_staff:
        return Clause.false()
    return scope.rows(organisation=None, members_sql=_CLIENT_OF_MINE)


def client_facing(scope: Scope, clause: str) -> Clause:
    """``clause`` (what a client user may see of a table) for client users; every row for staff."""
    return Clause(sql.SQL(clause)) if scope.is_client else Clause.true()


def like(text: str) -> str:
    """A LIKE pattern finding ``text`` anywhere, its ``%``, ``_`` and ``\\`` taken as plain characters."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
