"""An admin's wording of one handoff email, every edit kept: the record of who changed what it says, and when."""

from __future__ import annotations

from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.delivery.access import is_admin, require
from domain.errors import RuleViolation
from domain.handoff.templates.defaults import DEFAULTS, Template, TemplateName
from domain.handoff.templates.render import check


class HandoffTemplate(BatonAggregate):
    """The wording of one handoff email as admins edited it (no record: Baton's own wording)."""

    TOPIC = "baton.handoff.Template"

    class Event(BatonAggregate.Event):
        """Base of a template's events."""

    class Customised(Event, BatonAggregate.Created):
        """An admin first replaced Baton's wording of the email ``name``."""

        TOPIC = "baton.handoff.TemplateCustomised"
        name: str
        subject: str
        body: str

    Created = Customised

    class Edited(Event):
        """An admin changed the email's wording."""

        TOPIC = "baton.handoff.TemplateEdited"
        subject: str
        body: str

        def apply(self, aggregate: HandoffTemplate) -> None:
            aggregate.subject, aggregate.body, aggregate.customised = self.subject, self.body, True

    class Reset(Event):
        """An admin went back to Baton's own wording."""

        TOPIC = "baton.handoff.TemplateReset"

        def apply(self, aggregate: HandoffTemplate) -> None:
            default = DEFAULTS[TemplateName(aggregate.name)]
            aggregate.subject, aggregate.body, aggregate.customised = default.subject, default.body, False

    def __init__(self, name: str, subject: str, body: str) -> None:
        self.name, self.subject, self.body = name, subject, body
        self.customised = True

    @property
    def template(self) -> Template:
        return Template(self.subject, self.body)

    @classmethod
    def customise(
        cls, ctx: CommandContext, template_id: UUID, name: TemplateName, wording: Template
    ) -> HandoffTemplate:
        """Replace Baton's wording of ``name`` (admins), once the new wording renders blank and full."""
        require(is_admin(ctx.actor), "Only an admin may edit the handoff's emails.")
        check(wording)
        made: HandoffTemplate = cls._start(
            cls.Customised, ctx, template_id, name=name.value, subject=wording.subject, body=wording.body
        )
        return made

    def edit(self, ctx: CommandContext, wording: Template) -> None:
        """Change the wording (admins), once it renders blank and full."""
        require(is_admin(ctx.actor), "Only an admin may edit the handoff's emails.")
        check(wording)
        if wording == self.template:
            raise RuleViolation("The template already says exactly that.")
        self._record(self.Edited, ctx, subject=wording.subject, body=wording.body)

    def reset(self, ctx: CommandContext) -> None:
        """Go back to Baton's own wording (admins)."""
        require(is_admin(ctx.actor), "Only an admin may edit the handoff's emails.")
        if not self.customised:
            raise RuleViolation("The template already has Baton's own wording.")
        self._record(self.Reset, ctx)
