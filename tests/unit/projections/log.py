"""Builder: the events an in-memory application recorded, as a projection runner hands them over."""

from __future__ import annotations

from domain.application import BatonApplication
from projections.engine import LogEvent


def events_of(app: BatonApplication, after: int = 0) -> list[LogEvent]:
    """Every event recorded after position ``after``, as (position, topic, event), in log order."""
    notifications = app.recorder.select_notifications(start=after + 1, limit=100_000)
    return [(n.id, n.topic, app.mapper.to_domain_event(n)) for n in notifications]
