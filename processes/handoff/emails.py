"""Rendering the handoff's emails at sending time, from the handoff as the queued email names it.

The handoff is read at the version the email names (the stage event there
carries the data, contract and project manager as they were), the template at
the version it had when queued. A template an admin saved renders with every
field blank and full; should one still fail on real data, Baton's own wording
goes out instead, so a client is never left without the message.
"""

from __future__ import annotations

import logging
from datetime import date
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any
from uuid import UUID

from domain.application import BatonApplication
from domain.errors import InvalidInput, NotFound
from domain.handoff.aggregate import Handoff
from domain.handoff.calls import reminder_at
from domain.handoff.ids import handoff_id
from domain.handoff.templates.commands import TemplateCommands
from domain.handoff.templates.context import template_context
from domain.handoff.templates.defaults import DEFAULTS, TemplateName
from domain.handoff.templates.render import RenderedEmail, render
from domain.outbox import OutboundEmail
from processes.email_delivery import Renderer
from processes.handoff.desk import HandoffDesk
from processes.handoff.people import HandoffPeople

log = logging.getLogger(__name__)


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


class HandoffEmails:
    """Renders a queued handoff email."""

    def __init__(self, app: BatonApplication, desk: HandoffDesk) -> None:
        self.app, self.desk = app, desk
        self.people, self.templates = HandoffPeople(app), TemplateCommands(app)

    def context(self, email: OutboundEmail) -> dict[str, Any]:
        """The template's variables for ``email``: the handoff as the email names it."""
        project_id = UUID(email.data["project_id"])
        version = int(email.data["handoff_version"])
        record_id = handoff_id(project_id)
        handoff = self.app.load(Handoff, record_id, version=version)
        at_version: Any = next(iter(self.app.events.get(record_id, gt=version - 1, lte=version)), None)
        manager_id = getattr(at_version, "manager_id", handoff.manager_id)
        data = getattr(at_version, "data", handoff.data)
        contract = getattr(at_version, "contract", handoff.contract)
        call_on = _day(email.data.get("call_on", ""))
        reminder_days = int(handoff.monthly_calls.get("reminder_days", 0) or 0)
        return template_context(
            data=data,
            contract=contract,
            stage=handoff.stage,
            names=self.people.names(handoff, manager_id, data),
            desk=self.desk.desk,
            window_closes_at=handoff.window_closes_at,
            call_on=call_on,
            reminder_on=reminder_at(call_on, reminder_days).date() if call_on and reminder_days else None,
        )

    def rendered(self, email: OutboundEmail) -> RenderedEmail:
        name = TemplateName(email.template)
        context = self.context(email)
        try:
            return self.templates.render(name, int(email.data.get("template_version", "0")), context)
        except (InvalidInput, NotFound) as error:
            log.warning("handoff email %s: the edited template failed (%s); Baton's wording is sent", email.id, error)
            return render(DEFAULTS[name], context)

    def message(self, email: OutboundEmail) -> EmailMessage | str:
        try:
            rendered = self.rendered(email)
        except NotFound:
            return "the handoff this email is about does not exist"
        message = EmailMessage()
        message["From"] = self.desk.sender
        message["To"] = email.to
        if email.data.get("cc"):
            message["Cc"] = email.data["cc"]
        message["Subject"] = rendered.subject
        message["Message-ID"] = make_msgid(idstring=str(email.id), domain="baton.local")
        message.set_content(rendered.body)
        return message


def handoff_renderers(app: BatonApplication, desk: HandoffDesk) -> dict[str, Renderer]:
    """The renderer of every handoff template."""
    emails = HandoffEmails(app, desk)
    return {name.value: emails.message for name in TemplateName}
