"""Reading the user directory: each role sees its own accounts, pages by name with a cursor."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from baton.container import Container, build
from domain.users import Invitation, Role
from projections.engine import BadCursor
from projections.scope import Scope
from projections.users.queries import get_user, list_users
from tests.builders import ctx, settings
from tests.builders.pipeline import catch_up

ADMIN = Scope(user_id=UUID(int=1), role="admin")
EMPLOYEE = Scope(user_id=UUID(int=2), role="employee")


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    c = build(settings(database_url, schema))
    yield c
    c.close()


def invite(container: Container, name: str, role: Role, client_id: str = "", n: int = 0) -> UUID:
    email = f"{name.lower().replace(' ', '.')}.{role.value}.{client_id}.{n}@example.com"
    invitation = Invitation(email=email, name=name, role=role, client_id=client_id, send_email=False)
    return container.users.invite(ctx(), invitation).id


def names(container: Container, scope: Scope, **options: Any) -> list[str]:
    with container.pool.connection() as conn:
        return [r["name"] for r in list_users(conn, scope, **options).items]


def test_each_role_lists_only_the_accounts_it_may_see(container: Container) -> None:
    invite(container, "Ada Admin", Role.ADMIN)
    invite(container, "Emil Employee", Role.EMPLOYEE)
    ours = invite(container, "Cleo Client", Role.CLIENT, "org-1")
    invite(container, "Otto Other", Role.CLIENT, "org-2")
    catch_up(container, container.projection("user_directory"))
    client = Scope(user_id=ours, role="client", client_id="org-1")

    assert names(container, ADMIN) == ["Ada Admin", "Cleo Client", "Emil Employee", "Otto Other"]
    assert names(container, EMPLOYEE) == ["Ada Admin", "Emil Employee"]
    assert names(container, client) == ["Cleo Client"]
    assert names(container, Scope(user_id=UUID(int=3), role="client")) == [], "a client user with no organisation"
    assert names(container, ADMIN, role="client") == ["Cleo Client", "Otto Other"]
    assert names(container, ADMIN, status="active") == []


def test_reading_one_account_outside_the_scope_finds_nothing(container: Container) -> None:
    admin = invite(container, "Ada Admin", Role.ADMIN)
    other = invite(container, "Otto Other", Role.CLIENT, "org-2")
    catch_up(container, container.projection("user_directory"))
    client = Scope(user_id=UUID(int=4), role="client", client_id="org-1")
    with container.pool.connection() as conn:
        assert get_user(conn, client, admin) is None
        assert get_user(conn, client, other) is None
        found = get_user(conn, EMPLOYEE, admin)
        assert found is not None and found["name"] == "Ada Admin"


def test_pages_walk_every_account_once_by_name_when_names_repeat(container: Container) -> None:
    for i in range(7):
        invite(container, ("Sam Same", "Ann First", "Zed Last")[i % 3], Role.EMPLOYEE, n=i)
    catch_up(container, container.projection("user_directory"))
    walked: list[dict[str, Any]] = []
    cursor = None
    with container.pool.connection() as conn:
        everyone = list_users(conn, ADMIN, limit=500).items
        for _ in range(10):
            page = list_users(conn, ADMIN, limit=2, cursor=cursor)
            walked += page.items
            if (cursor := page.next_cursor) is None:
                break
        with pytest.raises(BadCursor):
            list_users(conn, ADMIN, cursor="bm90IGEgY3Vyc29y")
    assert [r["id"] for r in walked] == [r["id"] for r in everyone] and len(walked) == 7
    assert [(r["name"], r["id"]) for r in walked] == sorted((r["name"], r["id"]) for r in walked)
