"""Opaque keyset cursors for list endpoints."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any


class BadCursor(ValueError):
    """The cursor was not produced by this list (or was tampered with)."""


def encode_cursor(sort_value: datetime, row_id: Any) -> str:
    raw = json.dumps([sort_value.isoformat(), str(row_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, row_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return datetime.fromisoformat(value), str(row_id)
    except (ValueError, TypeError) as exc:
        raise BadCursor("The cursor is not valid for this list; start again without it.") from exc
