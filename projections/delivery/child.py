"""Rows a view keeps per pair of records (a project and one of its team), folded like the owner's own rows.

The fold keys an ``Entities`` row by its event's ``originator_id`` and guards it
with ``originator_version``. A row that belongs to part of another aggregate
(the membership of one user in one project) gets the same treatment from
``ChildOf``: a stable id derived from the owner's id and the part's key, and the
owner's version and time. A replayed event then finds the row at that version
and changes nothing, exactly as for the owner's own row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5


@dataclass(frozen=True)
class ChildOf:
    """What the fold reads of an event, for a row keyed by ``originator_id`` under the event's owner."""

    originator_id: UUID
    originator_version: int
    timestamp: datetime


def child(event: Any, key: str) -> ChildOf:
    """The identity of the row for ``key`` under ``event``'s aggregate, at ``event``'s version."""
    return ChildOf(uuid5(event.originator_id, key), event.originator_version, event.timestamp)
