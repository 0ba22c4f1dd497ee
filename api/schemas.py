"""Shapes shared by every resource: command results and strict input."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Annotated, Any
from uuid import UUID

from email_validator import EmailNotValidError, validate_email
from fastapi import Query, Response
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, PydanticKnownError

from domain.application import CommandResult
from domain.contact_details import (
    PHONE_MAX,
    PHONE_PATTERN,
    SPACE,
    WEBSITE_MAX,
    WEBSITE_PATTERN,
    check_phone,
    check_website,
)
from domain.errors import InvalidInput


def _as_value_error(check: Any) -> Any:
    def checked(value: str) -> str:
        try:
            result: str = check(value)
        except InvalidInput as exc:
            raise ValueError(exc.detail) from None
        return result

    return checked


check_phone_value = _as_value_error(check_phone)
check_website_value = _as_value_error(check_website)

_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def _rfc3339(value: Any) -> Any:
    # Pydantic alone also reads numbers (Unix times) and dates without a time or offset.
    if isinstance(value, str) and _RFC3339.fullmatch(value):
        return value
    raise ValueError("must be a date and time with an offset (RFC 3339), e.g. 2026-03-02T09:00:00Z")


IsoDateTime = Annotated[datetime, BeforeValidator(_rfc3339)]
"""A moment in a query parameter: an RFC 3339 string (ISO 8601 with an offset), nothing else."""


def _email(value: str) -> str:
    # The syntax only, as `format: email` promises: whether mail arrives is the mail server's business,
    # so reserved test domains (`.test`) pass too.
    try:
        return validate_email(value, check_deliverability=False, test_environment=True).normalized
    except EmailNotValidError as exc:
        raise ValueError(f"is not a valid email address: {exc}") from None


Email = Annotated[str, AfterValidator(_email), WithJsonSchema({"type": "string", "format": "email", "maxLength": 254})]


def _email_or_blank(value: str) -> str:
    return _email(value) if value.strip() else ""


# An optional email as reads show it: "" means none, so "" is accepted as input too.
OptionalEmail = Annotated[
    str,
    AfterValidator(_email_or_blank),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "email", "maxLength": 254}, {"const": ""}]}),
]
# Phone numbers and websites: the domain's one rule for each (domain/contact_details.py), stated as a pattern.
Phone = Annotated[
    str,
    Field(max_length=PHONE_MAX, description="Digits with an optional leading +, spaces, brackets, dots or dashes"),
    WithJsonSchema({"type": "string", "maxLength": PHONE_MAX, "pattern": PHONE_PATTERN}),
    AfterValidator(check_phone_value),
]
Website = Annotated[
    str,
    Field(max_length=WEBSITE_MAX, description="An address such as example.com or https://www.example.com/about"),
    WithJsonSchema({"type": "string", "maxLength": WEBSITE_MAX, "pattern": WEBSITE_PATTERN}),
    AfterValidator(check_website_value),
]


def _whole_number(value: Any) -> Any:
    # JSON Schema's "integer" includes 1.0; a fraction, a string or a boolean is still refused (strict below).
    return int(value) if isinstance(value, float) and value.is_integer() else value


# JSON Schema's "integer" includes 3.0. Placed after a strict int's constraints (which the document then shows),
# it reads a whole number as JSON Schema does: 3 and 3.0, never "3", true or 3.5.
# Example: Annotated[int, Field(ge=0, le=28, strict=True), WHOLE_NUMBER]
WHOLE_NUMBER = BeforeValidator(_whole_number)

NO_NUL = "^[^\\x00]*$"
NOT_BLANK = f"^[^\\x00]*[^\\x00{SPACE}][^\\x00]*$"


Cursor = Annotated[
    str | None,
    Query(max_length=500, pattern=NO_NUL, description="The `next_cursor` of the previous page (opaque)"),
]


def _document_text_rules(schema: dict[str, Any]) -> None:
    # Say in the schema what the validators below enforce: no NUL, and a required text is not only spaces.
    for field in schema.get("properties", {}).values():
        for variant in field.get("anyOf", [field]):
            if variant.get("type") == "string" and not {"pattern", "format"} & set(variant):
                variant["pattern"] = NOT_BLANK if variant.get("minLength", 0) > 0 else NO_NUL


@dataclass(frozen=True)
class _AsSent:
    """What the document says of one text (or of each item of a list of texts), checked on the text as sent."""

    max_length: int | None = None
    pattern: re.Pattern[str] | None = None

    @classmethod
    def of(cls, schema: dict[str, Any], *, of_items: bool) -> _AsSent | None:
        texts = [
            target
            for variant in schema.get("anyOf", [schema])
            if isinstance(target := variant.get("items") if of_items else variant, dict)
            and target.get("type") == "string"
        ]
        limits = [t["maxLength"] for t in texts if isinstance(t.get("maxLength"), int)]
        # A pattern binds only when the text has one form (a second form, such as const "", may not match it).
        source = texts[0].get("pattern") if len(texts) == 1 else None
        # JSON Schema's `$` is the end of the text; Python's also matches before a final newline.
        pattern = re.compile(source[:-1] + r"\Z" if source.endswith("$") else source) if source else None
        return cls(max(limits, default=None), pattern) if limits or pattern else None

    def check(self, text: str, *, item: bool = False) -> None:
        if self.max_length is not None and len(text) > self.max_length:
            message = ("Each item" if item else "String") + " should have at most {max_length} characters (as sent)"
            raise PydanticCustomError("string_too_long", message, {"max_length": self.max_length})
        if self.pattern is not None and not self.pattern.search(text):
            raise PydanticKnownError("string_pattern_mismatch", {"pattern": self.pattern.pattern})


@cache
def _rules_as_sent(model: type[BaseModel]) -> dict[str, tuple[_AsSent | None, _AsSent | None]]:
    """Per field: what its schema says of the text, and of each item of a list of texts."""
    properties = model.model_json_schema(mode="validation").get("properties", {})
    rules = {}
    for name, field in model.model_fields.items():
        schema = properties.get(field.alias or name, {})
        rules[name] = (_AsSent.of(schema, of_items=False), _AsSent.of(schema, of_items=True))
    return rules


class StrictInput(BaseModel):
    """Input models refuse unknown fields and trim surrounding whitespace."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        json_schema = handler(core_schema)
        _document_text_rules(handler.resolve_ref_schema(json_schema))
        return json_schema

    @field_validator("*", mode="before")
    @classmethod
    def as_documented_when_sent(cls, value: Any, info: ValidationInfo) -> Any:
        # The document's maxLength and pattern apply to the text as sent; pydantic trims first, then checks.
        # Checked here on the text as sent too, so whatever the schema (and a client checking it) refuses,
        # the server refuses: "  x  " past the limit, " 12.50" for an amount. Trimming then applies as before.
        if not isinstance(value, str | list) or info.field_name is None:
            return value
        text_rules, item_rules = _rules_as_sent(cls).get(info.field_name, (None, None))
        if isinstance(value, str) and text_rules is not None:
            text_rules.check(value)
        elif isinstance(value, list) and item_rules is not None:
            for item in value:
                if isinstance(item, str):
                    item_rules.check(item, item=True)
        return value

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


def out(result: CommandResult) -> CommandOut:
    """What a command answers, from what it recorded."""
    return CommandOut(id=result.id, version=result.version, position=result.position)


def json_response(body: BaseModel, headers: dict[str, str] | None = None) -> Response:
    """Answer with ``body`` already validated: skips FastAPI's second validation pass on hot reads."""
    return Response(body.model_dump_json(), media_type="application/json", headers=headers)


_BINARY = {"schema": {"type": "string", "format": "binary"}}
IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp")
IMAGE_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"description": "The image, as uploaded", "content": dict.fromkeys(IMAGE_TYPES, _BINARY)}
}
SVG_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"description": "The image", "content": {"image/svg+xml": {"schema": {"type": "string"}}}}
}
LOCATION = {"Location": {"description": "Where the new record is read", "required": True, "schema": {"type": "string"}}}
ETAG = {"ETag": {"description": "The record's version, quoted: send it back as If-Match", "schema": {"type": "string"}}}
