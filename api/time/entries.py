"""Time entries: log time, list my time (and what a reader may see), read, correct, delete."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import Query, Response, status

from api.contract import resource_router
from api.deps import CommandCtx, ContainerDep, ExpectedVersion, ReadConn, commands
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.reads import MinPosition, wait_for_view
from api.schemas import ETAG, LOCATION, CommandOut, Cursor, IsoDateTime, json_response, out
from api.time.ranges import chosen_range
from api.time.schemas import (
    TimeEntryAtVersionOut,
    TimeEntryCreate,
    TimeEntryOut,
    TimeEntryPageOut,
    TimeEntryUpdate,
    TimeRangePreset,
)
from api.time.values import Day
from domain.time.commands import EntryChanges, NewTimeEntry, TimeCommands
from domain.time.entry import TimeEntry
from projections.time.entry_queries import EntryFilter, entries_as_of, get_entry, list_entries
from projections.time.figures import total

router = resource_router("/time/entries", "time")
READ, LOG = [performs("time.read")], [performs("time.log")]
VIEW = "time_log"
Entries = Annotated[TimeCommands, commands(TimeCommands)]


@router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=CommandOut, dependencies=LOG,
    responses={201: {"headers": LOCATION}},
)  # fmt: skip
def log_time(body: TimeEntryCreate, ctx: CommandCtx, entries: Entries, response: Response) -> CommandOut:
    """Log hours on one of your tasks (today or earlier; not in a locked period; the day at most 24 hours)."""
    new = NewTimeEntry(task_id=body.task_id, day=body.day, hours=body.hours, note=body.note, tags=tuple(body.tags))
    result = entries.log(ctx, new)
    response.headers["Location"] = f"/time/entries/{result.id}"
    return out(result)


@router.get("", response_model=TimeEntryPageOut, dependencies=READ)
def list_time(  # noqa: PLR0913
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    preset: TimeRangePreset | None = None,
    from_: Annotated[Day | None, Query(alias="from", description="First day (custom range)")] = None,
    to: Annotated[Day | None, Query(description="Last day, included (custom range)")] = None,
    person_id: Annotated[
        UUID | None, Query(description="Whose entries (default: yours, unless a project or task is given)")
    ] = None,
    project_id: UUID | None = None,
    task_id: UUID | None = None,
    as_of: Annotated[IsoDateTime | None, Query(description="The entries as the log stood at this moment")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """My time: this week by default (presets today, this_week, last_week, this_month, or from/to), with the total."""
    chosen, first, last = chosen_range(preset, from_, to, container.clock.now().date())
    if person_id is None and project_id is None and task_id is None:
        person_id = scope.user_id
    wanted = EntryFilter(first, last, person_id=person_id, project_id=project_id, task_id=task_id)
    wait_for_view(conn, container, VIEW, min_position)
    page: dict[str, Any]
    if as_of is not None:
        rows = entries_as_of(conn, container.source, scope, wanted, as_of)
        page = {"items": rows, "next_cursor": None, "total_hours": total(rows)}
    else:
        found = list_entries(conn, scope, wanted, limit=limit, cursor=cursor)
        page = {"items": found.items, "next_cursor": found.next_cursor, "total_hours": found.total_hours}
    body = TimeEntryPageOut.model_validate({**page, "preset": chosen, "first": first, "last": last, "as_of": as_of})
    return json_response(body)


@router.get(
    "/{entry_id}",
    response_model=TimeEntryOut | TimeEntryAtVersionOut,
    dependencies=READ,
    responses={200: {"headers": ETAG}},
)
def read_entry(  # noqa: PLR0913
    entry_id: UUID,
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    entries: Entries,
    version: Annotated[int | None, Query(ge=1, description="Rebuild the entry as it was at this version")] = None,
    min_position: MinPosition = None,
) -> Any:
    """One entry you may see; with `version`, the entry as it stood then (deleted ones too, from the history)."""
    wait_for_view(conn, container, VIEW, min_position)
    if version is not None:
        entry = entries.load(TimeEntry, entry_id, version=version)
        if not _may_see(conn, scope, entry):
            raise ProblemError(404, "Not found", f"No time entry with id {entry_id}.")
        return TimeEntryAtVersionOut(
            id=entry.id, version=entry.version, as_of=entry.modified_on, person_id=UUID(entry.person_id),
            task_id=UUID(entry.task_id), project_id=UUID(entry.project_id), client_id=UUID(entry.client_id),
            day=entry.on, hours=entry.hours, note=entry.note, tags=entry.tags, deleted=entry.deleted,
        )  # fmt: skip
    row = get_entry(conn, scope, entry_id)
    if row is None:
        raise ProblemError(404, "Not found", f"No time entry with id {entry_id}.")
    return json_response(TimeEntryOut.model_validate(row), headers={"ETag": f'"{row["version"]}"'})


def _may_see(conn: Any, scope: Any, entry: TimeEntry) -> bool:
    if scope.is_admin or (scope.user_id is not None and str(scope.user_id) == entry.person_id):
        return True
    managed = conn.execute(
        "SELECT 1 FROM time_projects WHERE id = %s AND manager_id = %s", (UUID(entry.project_id), scope.user_id)
    ).fetchone()
    return bool(scope.is_staff and managed)


@router.patch("/{entry_id}", response_model=CommandOut, dependencies=LOG)
def correct_time(
    entry_id: UUID, body: TimeEntryUpdate, ctx: CommandCtx, entries: Entries, expected: ExpectedVersion
) -> CommandOut:
    """Correct your entry: task, day, hours, note or tags (not in a locked period)."""
    changes = EntryChanges(
        task_id=body.task_id, day=body.day, hours=body.hours, note=body.note,
        tags=None if body.tags is None else tuple(body.tags),
    )  # fmt: skip
    return out(entries.correct(ctx, entry_id, changes, expected_version=expected))


@router.delete("/{entry_id}", response_model=CommandOut, dependencies=LOG)
def delete_time(entry_id: UUID, ctx: CommandCtx, entries: Entries, expected: ExpectedVersion) -> CommandOut:
    """Delete your entry (not in a locked period): it leaves every view; the audit keeps it."""
    return out(entries.delete(ctx, entry_id, expected_version=expected))
