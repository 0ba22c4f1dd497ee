"""Clients: records made from converted leads or directly, their contacts and onboarding."""
