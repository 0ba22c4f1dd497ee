"""Time over HTTP: entries, locks, overrides and tags, and the reports built from time."""
