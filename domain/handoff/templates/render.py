"""Rendering one handoff email: subject and body from their template sources and a context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.errors import InvalidInput
from domain.handoff.templates.context import sample_context
from domain.handoff.templates.defaults import Template
from domain.handoff.templates.sandbox import MAX_SUBJECT, compile_template


@dataclass(frozen=True)
class RenderedEmail:
    """An email's subject (one line) and plain-text body."""

    subject: str
    body: str


def render(template: Template, context: dict[str, Any]) -> RenderedEmail:
    """Render ``template`` with ``context``; InvalidInput when it cannot be rendered."""
    subject = " ".join(compile_template(template.subject, "subject").render(context).split())
    body = compile_template(template.body, "body").render(context)
    if len(subject) > MAX_SUBJECT:
        subject = subject[: MAX_SUBJECT - 1].rstrip() + "…"
    return RenderedEmail(subject or "(no subject)", _tidy(body))


def _tidy(body: str) -> str:
    """No trailing spaces, no runs of more than one blank line, one newline at the end."""
    lines = [line.rstrip() for line in body.splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy).strip("\n") + "\n"


def check(template: Template) -> None:
    """Refuse a template that fails with every field blank or every field filled."""
    for full in (False, True):
        rendered = render(template, sample_context(full=full))
        if not rendered.body.strip():
            raise InvalidInput("The body renders empty" + (" when every field is filled." if full else "."))
