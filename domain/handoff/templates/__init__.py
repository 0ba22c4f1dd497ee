"""The handoff's emails: admin-editable templates rendered in a sandbox with the handoff's data."""
