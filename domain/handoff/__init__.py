"""The PM-to-support handoff: one per project, from the client's first training to full support.

The aggregate (``aggregate``, its events in ``events``), its data (``data``)
and what each stage needs (``requirements``); the checklists (``checklist``),
the items other records prove (``evidence``, a pure fold); the routing table
(``routing``) and the topic rules (``topics``, ``topic_rules``); after care
(``calls``); the emails (``templates``). Who handles each ticket lives with
the tickets (``domain.tickets.ownership``).
"""

from domain.handoff.aggregate import Handoff
from domain.handoff.checklist import Item
from domain.handoff.data import DataChanges, Host, OutstandingItem, Person, Section, SupportPlan
from domain.handoff.evidence import Evidence, ProjectEvidence, evidence
from domain.handoff.ids import handoff_id
from domain.handoff.routing import Route, Topic, route
from domain.handoff.stage import Stage

__all__ = [
    "DataChanges",
    "Evidence",
    "Handoff",
    "Host",
    "Item",
    "OutstandingItem",
    "Person",
    "ProjectEvidence",
    "Route",
    "Section",
    "Stage",
    "SupportPlan",
    "Topic",
    "evidence",
    "handoff_id",
    "route",
]
