"""Leads: prospective clients moving through the sales pipeline."""

from domain.leads.aggregate import Lead, LeadStatus, NewLead

__all__ = ["Lead", "LeadStatus", "NewLead"]
