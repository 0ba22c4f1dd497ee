"""The policy table: which role may do what, and which users each role sees."""

from __future__ import annotations

from uuid import uuid4

import pytest

from api.policy import PERMISSIONS, check, permits, user_scope
from api.principal import Principal
from domain.identity.errors import AccessDenied
from domain.users import Role


def principal(role: Role, client_id: str = "") -> Principal:
    return Principal(uuid4(), role, client_id, uuid4(), "full")


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        ("leads.read", {Role.ADMIN, Role.EMPLOYEE}),
        ("leads.write", {Role.ADMIN, Role.EMPLOYEE}),
        ("audit.read", {Role.ADMIN}),
        ("users.invite", {Role.ADMIN}),
        ("users.manage", {Role.ADMIN}),
        ("users.read", set(Role)),
    ],
)
def test_action_is_permitted_exactly_to_its_roles(action: str, allowed: set[Role]) -> None:
    assert {r for r in Role if permits(principal(r), action)} == allowed


def test_refusal_names_who_may_and_who_you_are() -> None:
    with pytest.raises(AccessDenied, match=r"Only admins may do this \(audit.read\); you are signed in as employee"):
        check(principal(Role.EMPLOYEE), "audit.read")


def test_every_action_in_the_table_names_at_least_one_role() -> None:
    assert all(PERMISSIONS.values())


def test_user_rows_are_scoped_by_role() -> None:
    assert user_scope(principal(Role.ADMIN)).roles is None
    assert user_scope(principal(Role.EMPLOYEE)).roles == {"admin", "employee"}
    client_scope = user_scope(principal(Role.CLIENT, "org-9"))
    assert (client_scope.roles, client_scope.client_id) == ({"client"}, "org-9")
