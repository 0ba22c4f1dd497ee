"""Baton's read side: projections (read models) and the runner that feeds them."""
