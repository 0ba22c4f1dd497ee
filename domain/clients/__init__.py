"""Clients: the organisations the agency works for, their contacts and onboarding."""

from domain.clients.aggregate import Client
from domain.clients.inputs import NewClient, NewContact

__all__ = ["Client", "NewClient", "NewContact"]
