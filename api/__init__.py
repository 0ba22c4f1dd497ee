"""Baton's REST API."""
