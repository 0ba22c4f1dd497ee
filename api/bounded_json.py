"""Request input read with bounds: JSON objects with a sane number of fields, no unknown query parameters.

Refusing early keeps a hostile body cheap: 60,000 unknown keys cost one short 422,
not 60,000 validation errors.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

MAX_OBJECT_FIELDS = 200  # far above any input Baton takes; a larger object is refused unread
TOO_MANY_FIELDS = "Too many fields"


class TooManyFields(json.JSONDecodeError):
    """An object in the body has more fields than any Baton input."""


def _bounded_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len(pairs) > MAX_OBJECT_FIELDS:
        msg = f"{TOO_MANY_FIELDS}: an object in the body has {len(pairs)} fields; at most {MAX_OBJECT_FIELDS} are read"
        raise TooManyFields(msg, "", 0)
    return dict(pairs)


class BoundedJsonRequest(Request):
    """A request whose JSON body is parsed with a cap on the fields of each object."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = json.loads(await self.body(), object_pairs_hook=_bounded_object)
        return self._json


def unknown_query_parameters(request: Request, known: frozenset[str]) -> None:
    """Refuse (422, like unknown body fields) query parameters the operation does not take."""
    unknown = sorted({name for name in request.query_params if name not in known})
    if unknown:
        raise RequestValidationError(
            [
                {
                    "type": "extra_forbidden",
                    "loc": ("query", name),
                    "msg": "Extra inputs are not permitted",
                    "input": "",
                }
                for name in unknown[:20]
            ]
        )
