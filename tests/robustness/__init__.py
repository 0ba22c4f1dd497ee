"""Robustness: concurrency, crashes, outages and hostile input lose nothing."""
