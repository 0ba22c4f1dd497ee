"""Baton's write side: aggregates, rules and the event-sourced application."""
