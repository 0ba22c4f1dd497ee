"""Which rows a reader may see: one value, computed by the API's policy, used by every query.

The policy layer (``api/policy.py``) turns a signed-in principal into a ``Scope``;
queries modules never look at roles themselves, they ask the scope for a clause:

- ``organisation(column)``: staff see every organisation; a client user only
  rows whose ``column`` is their own organisation.
- ``membership(members_sql)``: admins see everything; an employee only rows
  for which ``members_sql`` (a subquery taking the reader's id) finds them;
  a client user's rows are narrowed by ``organisation`` instead.

So "an employee sees the projects they are a member of" and "a client user sees
only their organisation's tickets" are each written once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import sql

ADMIN, EMPLOYEE, CLIENT = "admin", "employee", "client"


@dataclass(frozen=True)
class Clause:
    """A WHERE fragment and its parameters."""

    sql: sql.Composable
    params: tuple[Any, ...] = ()

    @classmethod
    def true(cls) -> Clause:
        return cls(sql.SQL("TRUE"))

    @classmethod
    def false(cls) -> Clause:
        return cls(sql.SQL("FALSE"))

    def and_(self, other: Clause) -> Clause:
        return Clause(sql.SQL("({}) AND ({})").format(self.sql, other.sql), (*self.params, *other.params))


@dataclass(frozen=True)
class Scope:
    """The reader: who they are, their role, and for a client user their organisation."""

    user_id: UUID | None
    role: str
    client_id: str = ""

    @classmethod
    def everything(cls) -> Scope:
        """No narrowing at all: for the system itself (CLI, processes, tests)."""
        return cls(user_id=None, role=ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def is_staff(self) -> bool:
        return self.role in (ADMIN, EMPLOYEE)

    @property
    def is_client(self) -> bool:
        return self.role == CLIENT

    def organisation(self, column: str = "client_id") -> Clause:
        """Staff: every row. A client user: rows of their own organisation only."""
        if self.is_staff:
            return Clause.true()
        if not self.client_id:
            return Clause.false()
        return Clause(sql.SQL("{} = %s").format(sql.Identifier(column)), (self.client_id,))

    def membership(self, members_sql: str) -> Clause:
        """Admins: every row. Employees: rows where ``members_sql`` (one ``%s``, the reader's id) matches.

        A client user is narrowed by ``organisation`` instead; here they get every
        row of that clause, so callers combine both: ``scope.organisation().and_(scope.membership(...))``.
        """
        if self.is_admin or self.is_client:
            return Clause.true()
        if self.user_id is None:
            return Clause.false()
        return Clause(sql.SQL("EXISTS ({})").format(sql.SQL(members_sql)), (self.user_id,))

    def rows(self, *, organisation: str | None = "client_id", members_sql: str | None = None) -> Clause:
        """Both narrowings in one: the clause a list or detail query of a scoped view uses."""
        clause = self.organisation(organisation) if organisation else Clause.true()
        if members_sql is not None:
            clause = clause.and_(self.membership(members_sql))
        return clause
