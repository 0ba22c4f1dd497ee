"""Leads: prospective clients moving through the sales pipeline."""

from domain.application import BatonApplication
from domain.leads.aggregate import Lead, LeadStatus

# A lead with a long history of notes loads from its latest snapshot.
BatonApplication.snapshotting_intervals[Lead] = 100

__all__ = ["Lead", "LeadStatus"]
