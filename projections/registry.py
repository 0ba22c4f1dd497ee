"""Every projection Baton runs, by name."""

from __future__ import annotations

from projections.base import Projection
from projections.leads import LeadPipeline


def all_projections() -> list[Projection]:
    return [LeadPipeline()]
