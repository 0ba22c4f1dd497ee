"""The policy table: which role may do what, from which sign-in stage, and the rows each reader sees."""

from __future__ import annotations

from uuid import uuid4

import pytest

from api.policy import PERMISSIONS, check, permits, scope
from api.principal import Principal
from domain.identity.errors import AccessDenied, NotAuthenticated
from domain.users import Role


def principal(role: Role, client_id: str = "", stage: str = "full") -> Principal:
    return Principal(uuid4(), role, client_id, uuid4(), stage)


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        ("leads.read", {Role.ADMIN, Role.EMPLOYEE}),
        ("leads.write", {Role.ADMIN, Role.EMPLOYEE}),
        ("audit.read", {Role.ADMIN}),
        ("users.invite", {Role.ADMIN}),
        ("users.manage", {Role.ADMIN}),
        ("users.read", set(Role)),
        ("me.read", set(Role)),
        ("health.read", set(Role)),
    ],
)
def test_action_is_permitted_exactly_to_its_roles(action: str, allowed: set[Role]) -> None:
    assert {r for r in Role if permits(principal(r), action)} == allowed


def test_refusal_names_the_refused_action_who_may_and_who_you_are() -> None:
    with pytest.raises(AccessDenied, match=r"Only admins may do this \(audit.read\); you are signed in as employee"):
        check(principal(Role.EMPLOYEE), "audit.read")
    with pytest.raises(AccessDenied, match=r"\(leads.write\); you are signed in as client"):
        check(principal(Role.CLIENT), "leads.write")


def test_staff_without_mfa_may_read_themselves_and_enrol_but_nothing_else() -> None:
    enrolling = principal(Role.EMPLOYEE, stage="enrol")
    check(enrolling, "me.read")
    check(enrolling, "me.enrol_mfa")
    with pytest.raises(AccessDenied, match="multi-factor"):
        check(enrolling, "leads.read")


def test_a_session_waiting_for_its_code_may_only_finish_signing_in_or_sign_out() -> None:
    waiting = principal(Role.ADMIN, stage="mfa")
    check(waiting, "session.own")
    with pytest.raises(NotAuthenticated, match="Finish signing in"):
        check(waiting, "me.read")


def test_every_guarded_action_names_at_least_one_role() -> None:
    assert all(p.roles for p in PERMISSIONS.values() if not p.public)


def test_reader_scope_carries_who_reads_their_role_and_organisation() -> None:
    reader = principal(Role.CLIENT, "org-9")
    seen = scope(reader)
    assert (seen.user_id, seen.role, seen.client_id) == (reader.user_id, "client", "org-9")
    assert scope(principal(Role.EMPLOYEE)).is_staff and not scope(principal(Role.EMPLOYEE)).is_admin
