"""Baton's composition root: settings, wiring, the embedded database and the CLI."""
