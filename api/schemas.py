"""Shapes shared by every resource: command results and strict input."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict


class StrictInput(BaseModel):
    """Input models refuse unknown fields and trim surrounding whitespace."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CommandOut(BaseModel):
    """What every command answers: the record's id, new version and log position."""

    id: UUID
    version: int
    position: int
