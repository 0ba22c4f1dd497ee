"""Every projection Baton runs, by name."""

from __future__ import annotations

from projections.base import Projection
from projections.leads import LeadPipeline
from projections.outbox import EmailOutbox
from projections.users import UserDirectory


def all_projections() -> list[Projection]:
    return [LeadPipeline(), UserDirectory(), EmailOutbox()]
