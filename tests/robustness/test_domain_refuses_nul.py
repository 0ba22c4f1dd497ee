"""Whatever the entry point (API, CLI, webhook), no event may carry a NUL that would stop a view."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.errors import InvalidInput
from domain.leads import Lead, NewLead
from tests.builders import ctx


def test_lead_with_nul_in_its_name_is_refused_before_any_event() -> None:
    with pytest.raises(InvalidInput, match="'name' must not contain NUL"):
        Lead.register(ctx(), uuid4(), NewLead(name="Ada\x00Lovelace"))


def test_note_with_nul_is_refused_and_the_lead_is_unchanged() -> None:
    lead = Lead.register(ctx(), uuid4(), NewLead(name="Ada"))
    with pytest.raises(InvalidInput, match="'text' must not contain NUL"):
        lead.add_note(ctx(), "call\x00back")
    assert lead.version == 1 and lead.notes_count == 0
