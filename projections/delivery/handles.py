"""How people are @mentioned: the handles of a project's team, read from the user directory."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from psycopg import Connection

from projections.engine import uuid_keys


def handles_of(user: tuple[str, str, str]) -> set[str]:
    """The handles one user ``(id, email, name)`` answers to: the email's local part, the name with dots, the first name."""
    _, email, name = user
    words = name.lower().split()
    found = {email.partition("@")[0].lower(), ".".join(words), words[0] if words else ""}
    return {h for h in found if h}


def team_handles(conn: Connection[Any], user_ids: Iterable[str]) -> dict[str, str]:
    """Handle -> user id for the users ``user_ids``; a handle two of them share is left out (ambiguous)."""
    rows = conn.execute(
        "SELECT id::text, email, name FROM user_directory WHERE id = ANY(%s)", (uuid_keys(user_ids),)
    ).fetchall()
    owners: dict[str, set[str]] = {}
    for user in rows:
        for handle in handles_of(user):
            owners.setdefault(handle, set()).add(user[0])
    return {handle: next(iter(ids)) for handle, ids in owners.items() if len(ids) == 1}
