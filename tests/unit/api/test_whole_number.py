"""Whole numbers are read as JSON Schema reads "integer": 3.0 is one, "3", true and 3.5 are not."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.time.control_schemas import AutoLockPolicyIn


@pytest.mark.parametrize(("raw", "days"), [("3", 3), ("3.0", 3), ("0", 0), ("28", 28), ("null", None)])
def test_a_whole_number_in_range_is_accepted_whatever_its_json_spelling(raw: str, days: int | None) -> None:
    assert AutoLockPolicyIn.model_validate_json(f'{{"grace_days": {raw}}}').grace_days == days


@pytest.mark.parametrize("raw", ['"3"', "true", "3.5", "-1", "29", "28.000001"])
def test_strings_booleans_fractions_and_numbers_out_of_range_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError):
        AutoLockPolicyIn.model_validate_json(f'{{"grace_days": {raw}}}')


def test_the_document_states_the_range() -> None:
    variants = AutoLockPolicyIn.model_json_schema()["properties"]["grace_days"]["anyOf"]
    assert {"type": "integer", "minimum": 0, "maximum": 28} in variants
