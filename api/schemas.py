"""Shapes shared by every resource: command results and strict input."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import Response
from pydantic import BaseModel, ConfigDict, field_validator


class StrictInput(BaseModel):
    """Input models refuse unknown fields and trim surrounding whitespace."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def no_nul_characters(cls, value: Any) -> Any:
        # PostgreSQL text cannot hold NUL: accepted here, such an event would halt every projection.
        texts = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError("must not contain NUL (\\u0000) characters")
        return value


class CommandOut(BaseModel):
    """What every command answers: the record's id, new version and log position."""

    id: UUID
    version: int
    position: int


def json_response(body: BaseModel, headers: dict[str, str] | None = None) -> Response:
    """Answer with ``body`` already validated: skips FastAPI's second validation pass on hot reads."""
    return Response(body.model_dump_json(), media_type="application/json", headers=headers)
