"""The routing table: which topics go to the project manager and which to support, at each stage.

A pure function the tickets process calls for each incoming ticket of a client
whose project is being handed off. Before the client is trained nothing is
routed (the project manager is the client's only contact). From training
until handoff, project topics go to the project manager and how-to topics to
support; a topic nobody recognised stays with the project manager, the
client's primary contact until then. From handoff on, every topic goes to
support except the project manager's outstanding items. After the 30-day
window, out-of-scope requests are flagged as change orders.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.handoff.stage import ROUTING_STAGES, Stage
from domain.tickets.ownership import Side


class Topic(StrEnum):
    """What a ticket is about, in the words of the routing table."""

    PROJECT_STATUS = "project_status"
    DESIGN_CHANGES = "design_changes"
    CHANGE_ORDERS = "change_orders"
    SCHEDULING_TRAINING = "scheduling_training"
    SCHEDULING_MIGRATION = "scheduling_migration"
    SCHEDULING_LAUNCH = "scheduling_launch"
    HOSTING_LOGISTICS = "hosting_logistics"
    CONTRACT = "contract"
    QA_TESTING = "qa_testing"
    BUG_REPORTS = "bug_reports"
    HOW_TO = "how_to"
    COMPONENT_EDUCATION = "component_education"
    CONTENT_EDITING = "content_editing"
    OTHER = "other"


LABELS: dict[Topic, str] = {
    Topic.PROJECT_STATUS: "Where the website project stands",
    Topic.DESIGN_CHANGES: "Design changes",
    Topic.CHANGE_ORDERS: "Change orders and customisations",
    Topic.SCHEDULING_TRAINING: "Scheduling training",
    Topic.SCHEDULING_MIGRATION: "Scheduling the content migration",
    Topic.SCHEDULING_LAUNCH: "Scheduling the launch",
    Topic.HOSTING_LOGISTICS: "Hosting arrangements",
    Topic.CONTRACT: "The contract",
    Topic.QA_TESTING: "Quality checks and testing",
    Topic.BUG_REPORTS: "Reporting a bug",
    Topic.HOW_TO: "How to use the site's editor, and training",
    Topic.COMPONENT_EDUCATION: "Learning the site's components",
    Topic.CONTENT_EDITING: "Editing content during the migration",
    Topic.OTHER: "Anything else",
}
PM_TOPICS = frozenset(
    {
        Topic.PROJECT_STATUS,
        Topic.DESIGN_CHANGES,
        Topic.CHANGE_ORDERS,
        Topic.SCHEDULING_TRAINING,
        Topic.SCHEDULING_MIGRATION,
        Topic.SCHEDULING_LAUNCH,
        Topic.HOSTING_LOGISTICS,
        Topic.CONTRACT,
        Topic.QA_TESTING,
        Topic.BUG_REPORTS,
    }
)
SUPPORT_TOPICS = frozenset({Topic.HOW_TO, Topic.COMPONENT_EDUCATION, Topic.CONTENT_EDITING})
# Once the window after handoff closed, these are new work: a change order, not support.
OUT_OF_SCOPE = frozenset({Topic.DESIGN_CHANGES, Topic.CHANGE_ORDERS})


@dataclass(frozen=True)
class Route:
    """Where a ticket goes, why (a sentence a person reads), and whether it is a change order."""

    side: Side
    reason: str
    change_order: bool = False


def topic_of(value: str) -> Topic:
    """A topic by name; anything unknown is ``other``."""
    try:
        return Topic(value.strip().lower())
    except ValueError:
        return Topic.OTHER


def route(stage: Stage, topic: Topic, *, pm_item: str = "", window_open: bool = True) -> Route | None:
    """Where a ticket on ``topic`` goes at ``stage``; None when the handoff routes nothing (yet, or any more).

    ``pm_item``: the outstanding item of the project manager the ticket is about
    ("" when none). ``window_open``: within the 30 days after handoff.
    """
    stage, topic = Stage(stage), Topic(topic)
    if stage not in ROUTING_STAGES:
        return None
    label = LABELS[topic].lower()
    if pm_item:
        return Route(Side.PROJECT_MANAGER, f"the project manager still owns '{pm_item}'")
    if stage is Stage.HANDED_OFF:
        change_order = topic in OUT_OF_SCOPE and not window_open
        note = " (after the 30 days following handoff: a change order)" if change_order else ""
        return Route(Side.SUPPORT, f"after handoff every topic goes to support{note}", change_order)
    if topic in SUPPORT_TOPICS:
        return Route(Side.SUPPORT, f"{label} goes to support")
    if topic in PM_TOPICS:
        return Route(Side.PROJECT_MANAGER, f"{label} goes to the project manager until handoff")
    return Route(Side.PROJECT_MANAGER, "the project manager is the client's first contact until handoff")


def table(stage: Stage) -> list[tuple[Topic, Side]]:
    """The routing table the client is given at ``stage``: each named topic and who answers it."""
    rows: list[tuple[Topic, Side]] = []
    for topic in Topic:
        if topic is Topic.OTHER:
            continue
        found = route(stage, topic)
        rows.append((topic, found.side if found else Side.PROJECT_MANAGER))
    return rows
