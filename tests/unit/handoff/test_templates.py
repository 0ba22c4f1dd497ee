"""The handoff's emails: Baton's wording renders blank and full; admins edit it in a sandbox, every edit kept."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation, StaleVersion
from domain.handoff.templates.commands import TemplateCommands, template_name
from domain.handoff.templates.context import sample_context
from domain.handoff.templates.defaults import DEFAULTS, Template, TemplateName
from domain.handoff.templates.render import render
from tests.unit.handoff.world import World

FULL, BLANK = sample_context(full=True), sample_context(full=False)


@pytest.mark.parametrize("name", list(TemplateName))
def test_every_template_renders_without_a_gap_when_every_field_is_blank(name: TemplateName) -> None:
    email = render(DEFAULTS[name], BLANK)
    assert email.subject and email.body.strip()
    assert "None" not in email.subject + email.body
    assert "{{" not in email.body and "  \n" not in email.body


@pytest.mark.parametrize("name", list(TemplateName))
def test_every_template_shows_no_blank_marker_when_every_field_is_filled(name: TemplateName) -> None:
    email = render(DEFAULTS[name], FULL)
    assert "not known yet" not in email.subject + email.body
    assert "none yet" not in email.body


def test_the_support_queue_notice_carries_the_data_table_when_the_client_is_trained() -> None:
    email = render(DEFAULTS[TemplateName.CLIENT_TRAINED], FULL)
    assert email.subject == "Client trained: Example City"
    for line in (
        "Project manager:        Pat Manager",
        "Development site path:  /srv/sites/example-dev",
        "Target launch date:     1 May 2026",
        "Hosted by:              the agency",
        "Technical contacts:     Alex Example <alex@client.example> (+1 555 0100)",
    ):
        assert line in email.body


def test_the_introduction_gives_the_routing_table_when_the_client_meets_support() -> None:
    email = render(DEFAULTS[TemplateName.SUPPORT_INTRODUCTION], BLANK)
    assert "- Reporting a bug: your project manager" in email.body
    assert "- How to use the site's editor, and training: the support team" in email.body
    assert "support@baton.local" in email.body


def test_the_launch_notice_lists_what_the_project_manager_keeps_when_there_are_outstanding_items() -> None:
    full, blank = render(DEFAULTS[TemplateName.LAUNCHED], FULL), render(DEFAULTS[TemplateName.LAUNCHED], BLANK)
    assert "Launch date:            4 May 2026" in full.body
    assert "Pat Manager still works with the client on:\n- The events calendar import" in full.body
    assert "Nothing stays with the project manager" in blank.body


def test_the_transition_gives_hours_emergency_path_and_what_the_pm_keeps_when_handed_off() -> None:
    email = render(DEFAULTS[TemplateName.TRANSITION], FULL)
    assert "Their hours: Monday to Friday" in email.body
    assert "Your plan includes 10 hours of support a month." in email.body
    assert "If your site is down outside those hours:" in email.body
    assert "One exception: I stay your contact for\n- The events calendar import" in email.body
    assert "until 3 June 2026" in email.body
    blank = render(DEFAULTS[TemplateName.TRANSITION], BLANK).body
    assert "One exception" not in blank and "Your plan includes" not in blank


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Hello {{ client.nmae }}", "nmae"),
        ("Hello {{ client.name ", "not a valid template"),
        ("{{ ''.__class__.__mro__ }}", "cannot be rendered"),
        ("{% for i in range(10) %}x{% endfor %}", "range"),
        ("{{ 'x' * 1000000 }}", "too long"),
        ("{{ '%s' % client.name }}", "formatting"),
        ("{{ 2 ** 100 }}", "Powers"),
        ("{{ '{:>99999}'.format(1) }}", "cannot be rendered"),
        ("{% macro m() %}x{% endmacro %}{{ m() }}", "macro"),
        ("{% include 'other' %}", "include"),
        (
            "{% for a in routing %}{% for b in routing %}{% for c in routing %}x{% endfor %}{% endfor %}{% endfor %}",
            "nest",
        ),
        ("{{ client.name | center(50) }}", "center"),
    ],
)
def test_an_edit_is_refused_with_the_reason_when_the_template_is_unsafe_or_broken(
    world: World, body: str, message: str
) -> None:
    templates = TemplateCommands(world.app)
    with pytest.raises(InvalidInput, match=message):
        templates.edit(world.as_("admin"), TemplateName.TRANSITION, Template("Subject", body))
    assert templates.current(TemplateName.TRANSITION) == (DEFAULTS[TemplateName.TRANSITION], 0)


def test_an_edit_is_kept_with_its_version_and_the_old_wording_stays_readable_when_edited_twice(world: World) -> None:
    templates = TemplateCommands(world.app)
    first = Template("Welcome to support, {{ client.name | blank }}", "Hello {{ client.first_name | blank('there') }}")
    second = Template("Support for {{ project.name | blank }}", "Hi {{ client.first_name | blank('there') }}")
    templates.edit(world.as_("admin"), TemplateName.SUPPORT_INTRODUCTION, first, expected_version=0)
    templates.edit(world.as_("admin"), TemplateName.SUPPORT_INTRODUCTION, second, expected_version=1)
    assert templates.current(TemplateName.SUPPORT_INTRODUCTION) == (second, 2)
    assert templates.render(TemplateName.SUPPORT_INTRODUCTION, 1, FULL).subject == "Welcome to support, Example City"
    assert templates.render(TemplateName.SUPPORT_INTRODUCTION, 0, FULL).subject.startswith("Meet your support team")
    with pytest.raises(StaleVersion):
        templates.edit(world.as_("admin"), TemplateName.SUPPORT_INTRODUCTION, first, expected_version=1)


def test_a_reset_brings_back_baton_s_wording_when_the_template_was_edited(world: World) -> None:
    templates = TemplateCommands(world.app)
    templates.edit(world.as_("admin"), TemplateName.LAUNCHED, Template("Live: {{ client.name | blank }}", "Live."))
    templates.reset(world.as_("admin"), TemplateName.LAUNCHED)
    assert templates.current(TemplateName.LAUNCHED) == (DEFAULTS[TemplateName.LAUNCHED], 2)
    with pytest.raises(RuleViolation, match="already has Baton's own wording"):
        templates.reset(world.as_("admin"), TemplateName.LAUNCHED)
    with pytest.raises(RuleViolation, match="never edited"):
        templates.reset(world.as_("admin"), TemplateName.TRANSITION)


def test_editing_is_refused_when_a_project_manager_edits_or_the_name_is_unknown(world: World) -> None:
    templates = TemplateCommands(world.app)
    with pytest.raises(NotPermitted):
        templates.edit(world.as_("manager"), TemplateName.LAUNCHED, Template("x", "y"))
    with pytest.raises(NotFound):
        template_name("handoff.unknown")
