"""Reading, editing and rendering the handoff's email templates.

An email records the template's name and the version it was rendered from
(0: Baton's own wording, never edited), so rendering it again, on a replay or
a resend, gives the same words even after a later edit.
"""

from __future__ import annotations

from typing import Any

from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.errors import NotFound, RuleViolation, StaleVersion
from domain.handoff.ids import template_id
from domain.handoff.templates.aggregate import HandoffTemplate
from domain.handoff.templates.defaults import DEFAULTS, Template, TemplateName
from domain.handoff.templates.render import RenderedEmail, render


def template_name(name: str) -> TemplateName:
    """A template by name; NotFound for any other."""
    try:
        return TemplateName(name)
    except ValueError:
        raise NotFound(f"No handoff email template is called '{name}'.") from None


class TemplateCommands(CommandGroup):
    """The handoff's email templates."""

    def current(self, name: TemplateName) -> tuple[Template, int]:
        """The wording in force and its version (0: Baton's own, never edited)."""
        found = self.find(HandoffTemplate, template_id(name.value))
        return (DEFAULTS[name], 0) if found is None else (found.template, found.version)

    def at(self, name: TemplateName, version: int) -> Template:
        """The wording as it was at ``version`` (0: Baton's own)."""
        if version == 0:
            return DEFAULTS[name]
        return self.load(HandoffTemplate, template_id(name.value), version=version).template

    def render(self, name: TemplateName, version: int, context: dict[str, Any]) -> RenderedEmail:
        """The email ``name`` as worded at ``version``, rendered with ``context``."""
        return render(self.at(name, version), context)

    def edit(
        self, ctx: CommandContext, name: TemplateName, wording: Template, *, expected_version: int | None = None
    ) -> CommandResult:
        """Change the wording of ``name`` (admins); refused when it does not render blank and full."""
        record_id = template_id(name.value)
        if self.find(HandoffTemplate, record_id) is None:
            if expected_version not in (None, 0):
                raise StaleVersion(f"The template '{name}' was never edited: its version is 0, not {expected_version}.")
            return self.create(HandoffTemplate.customise(ctx, record_id, name, wording))
        return self.change(
            HandoffTemplate, record_id, lambda t: t.edit(ctx, wording), expected_version=expected_version
        )

    def reset(self, ctx: CommandContext, name: TemplateName, *, expected_version: int | None = None) -> CommandResult:
        """Go back to Baton's own wording of ``name`` (admins)."""
        if self.find(HandoffTemplate, template_id(name.value)) is None:
            raise RuleViolation(f"The template '{name}' already has Baton's own wording: it was never edited.")
        return self.change(
            HandoffTemplate, template_id(name.value), lambda t: t.reset(ctx), expected_version=expected_version
        )
