"""Keyset paging: limit+1 rows, an opaque cursor of the last row's sort values and id, BadCursor otherwise."""

from __future__ import annotations

from uuid import uuid4

import pytest
from psycopg import sql

from projections.engine import BadCursor, Keyset, encode_cursor
from projections.leads import PIPELINE
from projections.users import DIRECTORY
from tests.builders import T0

BY_CREATED = Keyset.of(PIPELINE, "created_at", descending=True)
BY_NAME = Keyset.of(DIRECTORY, "name")


def test_page_has_a_cursor_only_when_a_row_beyond_the_limit_was_fetched() -> None:
    rows = [{"name": f"n{i}", "id": uuid4()} for i in range(3)]

    full = BY_NAME.page(rows, 2)
    last = BY_NAME.page(rows[:2], 2)

    assert [r["name"] for r in full.items] == ["n0", "n1"] and full.next_cursor is not None
    assert BY_NAME.decode(full.next_cursor) == ("n1", rows[1]["id"])
    assert last.next_cursor is None


def test_cursor_continues_after_its_row_in_the_lists_direction() -> None:
    lead = uuid4()
    after = BY_CREATED.after(encode_cursor(T0, lead))

    assert after.sql.as_string(None) == '("created_at", "id") < (%s, %s)'
    assert after.params == (T0, lead)
    assert BY_CREATED.reversed().after(encode_cursor(T0, lead)).sql.as_string(None).endswith("> (%s, %s)")
    assert BY_CREATED.after(None).sql.as_string(None) == "TRUE"


def test_order_is_the_sort_columns_then_the_id() -> None:
    assert BY_CREATED.order_by().as_string(None) == '"created_at" DESC, "id" DESC'


def test_cursor_of_a_user_page_from_before_the_engine_still_reads() -> None:
    # The users list used to encode [name, id] the same way; cursors held by clients keep working.
    user = uuid4()
    assert BY_NAME.decode(encode_cursor("Avery", str(user))) == ("Avery", user)


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", encode_cursor(T0, "not-an-id"), "WzFd", encode_cursor(T0), encode_cursor(3, str(uuid4())), ""],
    ids=["garbage", "bad-id", "short-list", "no-id", "wrong-type", "empty"],
)
def test_cursor_is_refused_when_this_list_did_not_produce_it(cursor: str) -> None:
    if not cursor:
        assert BY_CREATED.after(cursor).sql == sql.SQL("TRUE")
        return
    with pytest.raises(BadCursor, match="not valid for this list"):
        BY_CREATED.after(cursor)


def test_a_list_cannot_be_ordered_by_a_nullable_column() -> None:
    with pytest.raises(ValueError, match="activated_at"):
        Keyset.of(DIRECTORY, "activated_at")
