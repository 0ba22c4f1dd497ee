"""Delivery's actions in the policy table: which roles may call them at all (the rules then narrow by part)."""

from __future__ import annotations

from uuid import uuid4

import pytest

from api.policy import check, permits
from api.principal import Principal
from domain.identity.errors import AccessDenied
from domain.users import Role

STAFF = {Role.ADMIN, Role.EMPLOYEE}


def principal(role: Role, stage: str = "full") -> Principal:
    return Principal(uuid4(), role, "", uuid4(), stage)


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        ("leads.convert", {Role.ADMIN}),
        ("clients.read", STAFF),
        ("clients.create", {Role.ADMIN}),
        ("clients.write", STAFF),
        ("clients.invite", {Role.ADMIN}),
        ("projects.read", set(Role)),
        ("projects.write", STAFF),
        ("deployments.record", STAFF),
        ("documents.read", set(Role)),
        ("documents.write", STAFF),
        ("tasks.read", STAFF),
        ("tasks.write", STAFF),
    ],
)
def test_delivery_action_is_permitted_exactly_to_its_roles(action: str, allowed: set[Role]) -> None:
    assert {r for r in Role if permits(principal(r), action)} == allowed


@pytest.mark.parametrize("action", ["projects.read", "documents.read", "tasks.write", "leads.convert"])
def test_delivery_actions_need_a_finished_sign_in_when_staff_have_not_set_up_mfa(action: str) -> None:
    with pytest.raises(AccessDenied, match="multi-factor"):
        check(principal(Role.EMPLOYEE, stage="enrol"), action)


def test_a_client_user_is_refused_tasks_and_told_which_action_when_they_ask() -> None:
    with pytest.raises(AccessDenied, match=r"\(tasks.read\); you are signed in as client"):
        check(principal(Role.CLIENT), "tasks.read")
