"""Baton's performance harness: every figure beside a floor measured in the same run."""
