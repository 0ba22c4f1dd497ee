"""@mentions in a comment, resolved to the ids of the project's team.

Syntax: ``@`` followed by a user's id (``@3f2c...``, with or without hyphens)
or by a handle (``@avery``, ``@avery.stone``: letters, digits, ``.``, ``_``,
``-``), at the start of the text or after a character that is not a letter,
digit, ``@`` or ``.``, so ``avery@example.com`` mentions nobody. Handles are
resolved, without regard to letter case, through the mapping the caller passes
(the API builds it from the users it knows). Only members of the project's team
(its manager and members) can be mentioned: anything else is left as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from uuid import UUID

from domain.delivery.access import user_key

_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9][A-Za-z0-9._-]*)")


def _as_user_id(token: str) -> str | None:
    try:
        return str(UUID(token))
    except ValueError:
        return None


def mentioned(text: str, team: Iterable[str], handles: Mapping[str, UUID | str] | None = None) -> list[str]:
    """The team members ``text`` mentions, each once, in the order first mentioned."""
    members = {user_key(member): member for member in team}
    by_handle = {handle.lower(): user_key(user_id) for handle, user_id in (handles or {}).items()}
    found: list[str] = []
    for match in _MENTION.finditer(text):
        token = match.group(1).rstrip("._-")
        key = _as_user_id(token) or by_handle.get(token.lower())
        member = members.get(key) if key else None
        if member is not None and member not in found:
            found.append(member)
    return found
