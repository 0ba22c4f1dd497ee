"""@mentions: a user id or a handle, resolved only to members of the project's team."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.tasks.mentions import mentioned

AVERY = "0a0a0a0a-0000-4000-8000-000000000001"
BLAKE = "0b0b0b0b-0000-4000-8000-000000000002"
CASEY = "0c0c0c0c-0000-4000-8000-000000000003"
TEAM = [AVERY, BLAKE]
HANDLES = {"avery": AVERY, "Blake.Stone": UUID(BLAKE), "casey": CASEY}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"@{AVERY} please review", [AVERY]),
        (f"ping @{UUID(BLAKE).hex}", [BLAKE]),
        (f"ping @{AVERY.upper()}", [AVERY]),
        ("@AVERY and @blake.stone, thanks.", [AVERY, BLAKE]),
        ("thanks @blake.stone.", [BLAKE]),
        ("(@avery)", [AVERY]),
    ],
)
def test_mentions_resolve_to_team_members_when_written_as_id_or_handle(text: str, expected: list[str]) -> None:
    assert mentioned(text, TEAM, HANDLES) == expected


def test_each_member_is_mentioned_once_in_order_when_named_repeatedly() -> None:
    assert mentioned(f"@blake.stone @avery @{AVERY} @blake.stone", TEAM, HANDLES) == [BLAKE, AVERY]


@pytest.mark.parametrize(
    "text",
    [
        "@casey knows",  # a known user, but not on the team
        f"@{CASEY}",
        "@nobody",  # an unknown handle
        "write to avery@example.com",  # an email address is no mention
        "@@avery",
        "no mentions here",
    ],
)
def test_nothing_is_mentioned_when_the_name_is_not_a_team_member(text: str) -> None:
    assert mentioned(text, TEAM, HANDLES) == []


def test_ids_are_still_mentioned_when_no_handles_are_given() -> None:
    assert mentioned(f"@avery @{BLAKE}", TEAM) == [BLAKE]
