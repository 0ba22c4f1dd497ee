"""The handoff's email templates (admins edit them; every edit is kept) and the rules that give tickets a topic."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Response
from pydantic import BaseModel, Field

from api.contract import resource_router
from api.deps import CommandCtx, ExpectedVersion, commands
from api.policy import performs
from api.schemas import ETAG, CommandOut, StrictInput, json_response, out
from domain.handoff.routing import Topic
from domain.handoff.templates.commands import TemplateCommands
from domain.handoff.templates.defaults import Template, TemplateName
from domain.handoff.topic_rule_commands import TopicRuleCommands
from domain.handoff.topics import TopicRule

router = resource_router("/handoff-settings", "handoff settings")
READ, MANAGE = [performs("handoff_settings.read")], [performs("handoff_settings.manage")]
Templates = Annotated[TemplateCommands, commands(TemplateCommands)]
Rules = Annotated[TopicRuleCommands, commands(TopicRuleCommands)]
Name = Annotated[TemplateName, Path(description="The email: handoff.client_trained, handoff.transition, ...")]


class TemplateIn(StrictInput):
    """An email's wording: Jinja2 in a sandbox; every field may be blank (`| blank` says so in words)."""

    subject: Annotated[str, Field(min_length=1, max_length=1_000)]
    body: Annotated[str, Field(min_length=1, max_length=20_000)]


class TemplateOut(BaseModel):
    name: str
    subject: str
    body: str
    version: int = Field(description="0: Baton's own wording, never edited")


class TemplatesOut(BaseModel):
    items: list[TemplateOut]


class RuleIn(StrictInput):
    topic: Topic
    phrases: list[Annotated[str, Field(min_length=1, max_length=80)]] = Field(min_length=1, max_length=40)


class RulesIn(StrictInput):
    """The whole list of rules, in order: the topic whose phrases match most wins, the earlier on a tie."""

    rules: list[RuleIn] = Field(max_length=50)


class RuleOut(BaseModel):
    topic: str
    phrases: list[str]


class RulesOut(BaseModel):
    rules: list[RuleOut]


def _template(templates: TemplateCommands, name: TemplateName) -> TemplateOut:
    wording, version = templates.current(name)
    return TemplateOut(name=name.value, subject=wording.subject, body=wording.body, version=version)


@router.get("/templates", response_model=TemplatesOut, dependencies=READ)
def list_templates(templates: Templates) -> Response:
    """Every handoff email's wording as it stands."""
    return json_response(TemplatesOut(items=[_template(templates, name) for name in TemplateName]))


@router.get("/templates/{name}", response_model=TemplateOut, dependencies=READ, responses={200: {"headers": ETAG}})
def read_template(name: Name, templates: Templates) -> Response:
    """One email's wording and its version (send it back as If-Match to edit)."""
    found = _template(templates, name)
    return json_response(found, headers={"ETag": f'"{found.version}"'})


@router.put("/templates/{name}", response_model=CommandOut, dependencies=MANAGE)
def edit_template(
    name: Name, body: TemplateIn, ctx: CommandCtx, templates: Templates, expected: ExpectedVersion
) -> CommandOut:
    """Change an email's wording (admins): refused, with the reason, unless it renders blank and full safely."""
    return out(templates.edit(ctx, name, Template(body.subject, body.body), expected_version=expected))


@router.post("/templates/{name}/reset", response_model=CommandOut, dependencies=MANAGE)
def reset_template(name: Name, ctx: CommandCtx, templates: Templates, expected: ExpectedVersion) -> CommandOut:
    """Go back to Baton's own wording (admins)."""
    return out(templates.reset(ctx, name, expected_version=expected))


@router.get("/topic-rules", response_model=RulesOut, dependencies=READ)
def read_topic_rules(rules: Rules) -> Response:
    """How a ticket's text gives it a topic when the client chose none."""
    listed = [RuleOut(topic=r.topic.value, phrases=list(r.phrases)) for r in rules.rules()]
    return json_response(RulesOut(rules=listed))


@router.put("/topic-rules", response_model=CommandOut, dependencies=MANAGE)
def set_topic_rules(body: RulesIn, ctx: CommandCtx, rules: Rules, expected: ExpectedVersion) -> CommandOut:
    """Replace the topic rules (admins)."""
    given = [TopicRule(r.topic, tuple(r.phrases)) for r in body.rules]
    return out(rules.set_rules(ctx, given, expected_version=expected))
