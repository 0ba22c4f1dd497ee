"""A text's documented maxLength and pattern apply to it as sent: trimming never lets through what the schema refuses."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import Field, ValidationError

import api.app  # noqa: F401  (imports every route module, and so every input model)
from api.billing.money import LineIn
from api.schemas import Phone, StrictInput
from api.time.control_schemas import HourTagCreate


class Sample(StrictInput):
    phone: Phone = ""
    name: str = Field("", max_length=5)
    note: str | None = Field(None, max_length=3)
    tags: list[Annotated[str, Field(max_length=2)]] = []


def _refused_fields(body: dict[str, object], model: type[StrictInput] = Sample) -> set[object]:
    try:
        model.model_validate(body)
    except ValidationError as exc:
        return {error["loc"][0] for error in exc.errors() if error["type"] == "string_too_long"}
    return set()


@pytest.mark.parametrize(
    "body",
    [{"phone": "\u0085" * 51}, {"name": "  ab   "}, {"note": "    "}, {"tags": ["ok", "  a"]}],
)
def test_a_text_longer_than_documented_is_refused_even_when_trimming_would_shorten_it(body: dict[str, object]) -> None:
    assert _refused_fields(body) == set(body)


def test_a_padded_text_within_the_limit_is_trimmed_and_accepted() -> None:
    sample = Sample.model_validate({"phone": " +1 555 ", "name": " ab  ", "note": " x ", "tags": ["a "]})
    assert (sample.phone, sample.name, sample.note, sample.tags) == ("+1 555", "ab", "x", ["a"])


def _inputs(model: type[StrictInput]) -> list[type[StrictInput]]:
    return [model, *(found for sub in model.__subclasses__() for found in _inputs(sub))]


def test_every_input_of_the_api_counts_its_texts_as_sent() -> None:
    checked = 0
    for model in _inputs(StrictInput):
        if model is Sample:
            continue
        properties = model.model_json_schema(mode="validation").get("properties", {})
        for name, field in model.model_fields.items():
            key = field.alias or name
            variants = properties.get(key, {}).get("anyOf", [properties.get(key, {})])
            limits = [v["maxLength"] for v in variants if v.get("type") == "string" and "maxLength" in v]
            if limits:
                padded = "x" + " " * max(limits)
                assert _refused_fields({key: padded}, model) == {key}, f"{model.__name__}.{name}"
                checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    ("model", "body", "field"),
    [
        (LineIn, {"description": "Design", "quantity": "1", "unit_price": " 12.50"}, "unit_price"),
        (LineIn, {"description": "Design", "quantity": "1\n", "unit_price": "12.50"}, "quantity"),
        (HourTagCreate, {"name": " Design"}, "name"),
    ],
)
def test_a_text_the_pattern_refuses_as_sent_is_refused_even_when_trimming_would_make_it_match(
    model: type[StrictInput], body: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        model.model_validate(body)
    assert [(e["loc"], e["type"]) for e in refused.value.errors()] == [((field,), "string_pattern_mismatch")]


def test_a_text_matching_its_pattern_as_sent_is_accepted() -> None:
    line = LineIn.model_validate({"description": " Design ", "quantity": "1.5", "unit_price": "12.50"})
    assert (line.description, str(line.quantity), str(line.unit_price)) == ("Design", "1.5", "12.50")
