"""The read side of time: the time log (entries and what reports name) and its controls (locks, overrides, tags,
the automatic lock, monthly reports); queries for my time, the admin report, budgets and the monthly client report,
each also answerable as of a past moment from the log itself (``history``)."""

from projections.time.controls import TimeControls
from projections.time.log import TimeLog

__all__ = ["TimeControls", "TimeLog"]
