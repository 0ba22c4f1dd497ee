"""The tables of the time views, each column declared once."""

from __future__ import annotations

from projections.engine import Appends, Column, Entities
from projections.engine import position_column as position
from projections.engine import version_column as version

ENTRIES = Entities(
    "time_entries",
    (
        Column("id", "uuid"),
        Column("person_id", "uuid"),
        Column("task_id", "uuid", changes=True),
        Column("project_id", "uuid", changes=True),
        Column("client_id", "uuid", changes=True),
        Column("day", "date", changes=True),
        Column("hours", "numeric", changes=True),
        Column("note", "text", changes=True),
        # Sorted, comma-separated: one text column (the engine writes rows as arrays of scalars).
        Column("tags", "text", changes=True),
        # Carries a tag whose hours stay off the client's plan (ProjectManagement, Meetings).
        Column("off_plan", "boolean", changes=True),
        Column("deleted", "boolean", changes=True, default=False),
        Column("created_at", "timestamptz"),
        Column("updated_at", "timestamptz", changes=True),
        version(),
        position(),
    ),
    indexes=("(person_id, day)", "(project_id)", "(client_id, day)", "(day, created_at, id)"),
)

# Every (client, month), (person, month) and project an entry was ever in: where the "as of" reads look
# for the entries whose history they fold (projections/time/history.py).
ENTRY_KEYS = Appends(
    "time_entry_keys",
    (Column("key", "text"), Column("entry_id", "uuid")),
    key=("key", "entry_id"),
)

PROJECTS = Entities(
    "time_projects",
    (
        Column("id", "uuid"),
        Column("name", "text", changes=True),
        Column("client_id", "uuid"),
        Column("manager_id", "uuid", changes=True),
        Column("status", "text", changes=True),
        Column("budget_hours", "numeric", changes=True, default=None),
        version(),
    ),
    indexes=("(name, id)", "(manager_id)", "(client_id)"),
)

TASKS = Entities(
    "time_tasks",
    (
        Column("id", "uuid"),
        Column("project_id", "uuid"),
        Column("title", "text", changes=True),
        version(),
    ),
)

CLIENTS = Entities(
    "time_clients",
    (
        Column("id", "uuid"),
        Column("company_name", "text", changes=True),
        Column("account_manager_id", "uuid", changes=True),
        version(),
    ),
    indexes=("(account_manager_id)",),
)

# Support contracts: the hours per month a client's plan includes.
PLANS = Entities(
    "time_plans",
    (
        Column("id", "uuid"),
        Column("client_id", "text"),  # as the contract names it
        Column("starts_on", "date"),
        Column("ends_on", "date", default=None),  # the first day no longer covered; None: open-ended
        Column("hours_per_month", "numeric"),
        Column("status", "text", changes=True),
        version(),
    ),
    indexes=("(client_id)",),
)

LOCKS = Entities(
    "time_locks",
    (
        Column("id", "uuid"),
        Column("first_day", "date"),
        Column("last_day", "date"),
        Column("person_id", "uuid", default=None),
        Column("reason", "text"),
        Column("set_by", "text"),
        Column("set_by_name", "text"),
        Column("automatic", "boolean"),
        Column("active", "boolean", changes=True),
        Column("unlocked_by", "text", changes=True, default=""),
        Column("unlocked_by_name", "text", changes=True, default=""),
        Column("unlock_reason", "text", changes=True, default=""),
        Column("created_at", "timestamptz"),
        Column("updated_at", "timestamptz", changes=True),
        version(),
        position(),
    ),
    indexes=("(first_day, id)", "(last_day)"),
)

OVERRIDES = Entities(
    "time_overrides",
    (
        Column("id", "uuid"),
        Column("project_id", "uuid"),
        Column("person_id", "uuid"),
        Column("reason", "text", changes=True),
        Column("active", "boolean", changes=True),
        Column("changed_by", "text", changes=True),
        Column("created_at", "timestamptz"),
        Column("updated_at", "timestamptz", changes=True),
        version(),
        position(),
    ),
    indexes=("(project_id)", "(person_id)", "(created_at, id)"),
)

TAGS = Appends(
    "time_tags",
    (
        Column("name", "text"),
        Column("description", "text"),
        Column("added_by", "text"),
        Column("added_at", "timestamptz"),
    ),
    key=("name",),
)

LOCK_POLICY = Entities(
    "time_lock_policy",
    (
        Column("id", "uuid"),
        Column("grace_days", "integer", changes=True, default=None),
        Column("updated_at", "timestamptz", changes=True),
        Column("updated_by", "text", changes=True),
        version(),
        position(),
    ),
)

REPORTS = Entities(
    "time_monthly_reports",
    (
        Column("id", "uuid"),
        Column("client_id", "uuid"),
        Column("month", "text"),
        Column("due_on", "date"),
        Column("reminded", "boolean", changes=True, default=False),
        Column("late", "boolean", changes=True, default=False),
        Column("sent", "boolean", changes=True, default=False),
        Column("sent_late", "boolean", changes=True, default=False),
        Column("sent_by", "text", changes=True, default=""),
        Column("sent_at", "timestamptz", changes=True, default=None),
        Column("sent_hours_used", "numeric", changes=True, default=None),
        Column("sent_plan_hours", "numeric", changes=True, default=None),
        Column("sent_over_plan_hours", "numeric", changes=True, default=None),
        Column("sent_note", "text", changes=True, default=""),
        Column("updated_at", "timestamptz", changes=True),
        version(),
        position(),
    ),
    indexes=("(month, client_id)",),
)
