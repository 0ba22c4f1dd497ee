"""The refusals of time, each a sentence the person logging understands."""

from __future__ import annotations

from domain.errors import NotPermitted, RuleViolation


class PeriodLocked(RuleViolation):
    """The entry's date falls in a locked period: nothing dated there is created, changed or deleted."""

    title = "Period locked"


class DayFull(RuleViolation):
    """The person's hours on that day would pass 24."""

    title = "More than 24 hours in a day"


class ProjectNotOpenForTime(RuleViolation):
    """The project is on hold, completed or cancelled and the person has no override from its manager."""

    title = "Project not open for time"


class EntryDeleted(RuleViolation):
    """The entry was deleted: it no longer changes."""

    title = "Entry deleted"


class NotYourTask(NotPermitted):
    """Time is logged only on a task assigned to the person logging it."""

    title = "Task not assigned to you"


class NotYourEntry(NotPermitted):
    """Only the person who logged an entry changes or deletes it (admins read every entry and edit none)."""

    title = "Not your entry"
