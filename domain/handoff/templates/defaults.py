"""Baton's own wording of the handoff's emails: what each template says until an admin edits it.

Plain text. Every field may be blank: ``| blank`` says "(not known yet)" (or
the words given), ``| people`` lists contacts or says there are none yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TemplateName(StrEnum):
    """The handoff's emails."""

    CLIENT_TRAINED = "handoff.client_trained"
    SUPPORT_INTRODUCTION = "handoff.support_introduction"
    LAUNCHED = "handoff.launched"
    TRANSITION = "handoff.transition"
    MONTHLY_CALL_REMINDER = "handoff.monthly_call_reminder"


@dataclass(frozen=True)
class Template:
    """An email's subject and body, as template sources."""

    subject: str
    body: str


_TABLE = """\
Project:                {{ project.name | blank }}
Project manager:        {{ pm.name | blank }}
Client:                 {{ client.name | blank }}
Region:                 {{ handoff.region | blank }}
Development site path:  {{ handoff.dev_site_path | blank }}
Development site:       {{ handoff.dev_url | blank }}
Live site:              {{ handoff.live_url | blank }}
"""
_PEOPLE = """\
Hosted by:              {{ handoff.hosted_by | blank }}
Managed hosting:        {{ handoff.managed_hosting | blank }}
Technical contacts:     {{ handoff.technical_contacts | people }}
Authorised contacts:    {{ handoff.authorised_contacts | people }}
"""

_CLIENT_TRAINED = (
    """\
Hello support team,

{{ client.name | blank("A client") }} has had a first training on their new site's editor. From now on they \
send questions about using it to {{ support.address }}. Questions about the project itself (its schedule, \
design, bugs before launch) stay with {{ pm.name | blank("the project manager") }}: please pass those on.

"""
    + _TABLE
    + "Target launch date:     {{ handoff.target_launch_date | blank }}\n"
    + _PEOPLE
    + """
Anything still to be confirmed follows from the project manager as soon as it is known.

Baton, for {{ pm.name | blank("the project manager") }}
"""
)

_INTRODUCTION = """\
Hello {{ client.first_name | blank("there") }},

Now that your first training is done, I would like you to meet our support team. They answer questions \
about using your site's editor within a few business hours, including when I am travelling or in meetings.

I remain your contact for building and launching the site: the schedule, the design, bugs and anything \
else about the project. For quick answers on using the editor, write to support. Who to ask about what:

{% for row in routing %}
- {{ row.topic }}: {{ row.contact }}
{% endfor %}

The support team: {{ support.address }}{% if support.phone %}, {{ support.phone }}{% endif %}


Keep this message at hand as a reference, and ask me if anything is unclear.

{{ pm.name | blank("Your project manager") }}
"""

_LAUNCHED = (
    """\
Hello support team,

{{ client.name | blank("A client") }} is live. They have been told to send every question to \
{{ support.address }} from now on.

"""
    + _TABLE
    + "Launch date:            {{ handoff.launch_date | blank }}\n"
    + _PEOPLE
    + """
{% if handoff.pm_outstanding %}
{{ pm.name | blank("The project manager") }} still works with the client on:
{% for item in handoff.pm_outstanding %}
- {{ item }}
{% endfor %}
Please pass questions about these to {{ pm.name | blank("the project manager") }}.
{% else %}
Nothing stays with the project manager: every question is yours from now on.
{% endif %}

Baton, for {{ pm.name | blank("the project manager") }}
"""
)

_TRANSITION = """\
Hello {{ client.first_name | blank("there") }},

Congratulations on the launch of {{ handoff.live_url | blank("your new site") }}. It has been a pleasure \
to build it with you.

From today our support team looks after you. I have briefed them on your project, and they can help with \
questions on using the site, bugs, design changes, releases and new work.
{% if handoff.pm_outstanding %}

One exception: I stay your contact for
{% for item in handoff.pm_outstanding %}
- {{ item }}
{% endfor %}
{% endif %}

The support team: {{ support.address }}{% if support.phone %}, {{ support.phone }}{% endif %}


Their hours: {{ support.hours | blank }}
{% if contract.hours_per_month %}
Your plan includes {{ contract.hours_per_month }} hours of support a month.
{% endif %}
If your site is down outside those hours: {{ support.emergency | blank }}.

For the 30 days after today (until {{ window.closes_on | blank("a month from now") }}), anything arising \
from the project is handled on the terms we delivered it on. After that, new work such as design changes \
is quoted as a change order.

Thank you for your work on this project with us.

{{ pm.name | blank("Your project manager") }}
"""

_CALL_REMINDER = """\
Hello {{ client.first_name | blank("there") }},

Our monthly call is on {{ call.date | blank }}. Is there a topic you would like to cover? Reply to this \
message with it, and we will come prepared.

{{ support.lead_name | blank("The support team") }}
{{ support.address }}
"""

DEFAULTS: dict[TemplateName, Template] = {
    TemplateName.CLIENT_TRAINED: Template("Client trained: {{ client.name | blank }}", _CLIENT_TRAINED),
    TemplateName.SUPPORT_INTRODUCTION: Template(
        "Meet your support team{% if project.name %} for {{ project.name }}{% endif %}", _INTRODUCTION
    ),
    TemplateName.LAUNCHED: Template("Client launched: {{ client.name | blank }}", _LAUNCHED),
    TemplateName.TRANSITION: Template("Your support team from now on", _TRANSITION),
    TemplateName.MONTHLY_CALL_REMINDER: Template(
        "A topic for our call on {{ call.date | blank('the next call day') }}?", _CALL_REMINDER
    ),
}
