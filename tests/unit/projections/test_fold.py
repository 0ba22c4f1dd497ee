"""The engine's fold, on a made-up ticket queue: what any new view gets by declaring tables and handlers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.utils import get_topic

from projections.engine import (
    Appends,
    Column,
    Entities,
    Fold,
    LogEvent,
    MemoryWriter,
    Projection,
    counts,
    handles,
    position_column,
    replay,
    version_column,
)
from tests.builders import T0


@dataclass(frozen=True)
class Opened:
    originator_id: UUID
    originator_version: int
    timestamp: datetime
    subject: str
    queue: str


@dataclass(frozen=True)
class Replied:
    originator_id: UUID
    originator_version: int
    timestamp: datetime
    text: str


@dataclass(frozen=True)
class Closed:
    originator_id: UUID
    originator_version: int
    timestamp: datetime


TICKETS = Entities(
    "tickets",
    (
        Column("id", "uuid"),
        Column("subject", "text"),
        Column("queue", "text"),
        Column("status", "text", changes=True),
        Column("replies", "integer", changes=True, default=0),
        Column("closed_at", "timestamptz", changes=True, default=None),
        Column("updated_at", "timestamptz", changes=True),
        version_column(),
        position_column(),
    ),
)
REPLIES = Appends(
    "ticket_replies",
    (Column("ticket_id", "uuid"), Column("version", "integer"), Column("text", "text")),
    key=("ticket_id", "version"),
)
PER_STATUS = counts("ticket_counts", of=TICKETS, by=("queue", "status"), column="tickets")


class TicketQueue(Projection):
    name = "ticket_queue"
    version = 1
    tables = (TICKETS, REPLIES, PER_STATUS)

    @handles(Opened)
    def opened(self, fold: Fold, e: Opened) -> None:
        fold.insert(TICKETS, e, subject=e.subject, queue=e.queue, status="open")

    @handles(Replied)
    def replied(self, fold: Fold, e: Replied) -> None:
        if (row := fold.update(TICKETS, e)) is not None:
            row["replies"] += 1
        fold.append(REPLIES, ticket_id=e.originator_id, version=e.originator_version, text=e.text)

    @handles(Closed)
    def closed(self, fold: Fold, e: Closed) -> None:
        if (row := fold.update(TICKETS, e)) is not None:
            row.update(status="closed", closed_at=e.timestamp)


def logged(*events: Any, start: int = 1) -> list[LogEvent]:
    return [(start + i, get_topic(type(e)), e) for i, e in enumerate(events)]


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_a_ticket_row_is_inserted_with_defaults_then_changed_and_stamped_by_each_event() -> None:
    t = uuid4()
    view = MemoryWriter()

    TicketQueue().fold(view, logged(Opened(t, 1, at(0), "Printer", "support"), Replied(t, 2, at(5), "On it")))

    (row,) = view.rows("tickets")
    assert row == {
        "id": t,
        "subject": "Printer",
        "queue": "support",
        "status": "open",
        "replies": 1,
        "closed_at": None,
        "updated_at": at(5),
        "version": 2,
        "position": 2,
    }
    assert view.rows("ticket_replies") == [{"ticket_id": t, "version": 2, "text": "On it"}]


def test_counts_move_with_the_rows_they_count_across_batches() -> None:
    a, b = uuid4(), uuid4()
    view, queue = MemoryWriter(), TicketQueue()

    queue.fold(view, logged(Opened(a, 1, at(0), "A", "support"), Opened(b, 1, at(1), "B", "support")))
    queue.fold(view, logged(Closed(a, 2, at(2)), start=3))

    assert view.rows("ticket_counts") == [
        {"queue": "support", "status": "closed", "tickets": 1},
        {"queue": "support", "status": "open", "tickets": 1},
    ]


def test_an_event_the_row_already_reflects_changes_nothing_when_replayed() -> None:
    t = uuid4()
    events = logged(Opened(t, 1, at(0), "A", "support"), Replied(t, 2, at(1), "x"), Closed(t, 3, at(2)))
    view, queue = MemoryWriter(), TicketQueue()
    queue.fold(view, events)
    before = {name: view.rows(name) for name in ("tickets", "ticket_replies", "ticket_counts")}

    queue.fold(view, events[1:])  # a batch applied again after a crash before its position moved

    assert {name: view.rows(name) for name in before} == before


def test_an_event_for_a_row_never_inserted_is_skipped() -> None:
    view = MemoryWriter()

    TicketQueue().fold(view, logged(Closed(uuid4(), 2, at(0))))

    assert view.rows("tickets") == []


class ForgetsSubject(TicketQueue):
    @handles(Opened)
    def opened(self, fold: Fold, e: Opened) -> None:
        fold.insert(TICKETS, e, queue=e.queue, status="open")


class RenamesSubject(TicketQueue):
    @handles(Closed)
    def closed(self, fold: Fold, e: Closed) -> None:
        if (row := fold.update(TICKETS, e)) is not None:
            row["subject"] = "renamed"


def test_a_row_missing_a_required_column_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"tickets has no value for columns \['subject'\]"):
        ForgetsSubject().fold(MemoryWriter(), logged(Opened(uuid4(), 1, at(0), "A", "support")))


def test_a_change_to_a_column_declared_fixed_is_refused_in_unit_tests() -> None:
    # PostgreSQL's upsert would silently keep the old value: the fake says so instead.
    t = uuid4()
    with pytest.raises(AssertionError, match=r"\['subject'\] changed but are declared changes=False"):
        replay(RenamesSubject(), logged(Opened(t, 1, at(0), "A", "support"), Closed(t, 2, at(1))))


class HandlesOpenedTwice(TicketQueue):
    @handles(Opened)
    def opened_again(self, fold: Fold, e: Opened) -> None:
        pass


def test_a_view_with_two_handlers_for_one_event_is_refused_when_built() -> None:
    with pytest.raises(TypeError, match="two handlers for"):
        HandlesOpenedTwice()


REPLY_LOG = Entities(
    "reply_log",
    (Column("id", "uuid"), Column("texts", "text", changes=True), version_column()),
)


class KeepsRepliesAsJson(Projection):
    """Replies kept in one JSON column, changed through ``Fold.decoded``: decoded and encoded once per batch."""

    name = "reply_log"
    version = 1
    tables = (REPLY_LOG,)

    def __init__(self) -> None:
        super().__init__()
        self.decodes = self.encodes = 0

    def _decode(self, stored: str) -> list[str]:
        self.decodes += 1
        texts: list[str] = json.loads(stored)
        return texts

    def _encode(self, texts: list[str]) -> str:
        self.encodes += 1
        return json.dumps(texts)

    @handles(Opened)
    def opened(self, fold: Fold, e: Opened) -> None:
        fold.insert(REPLY_LOG, e, texts="[]")

    @handles(Replied)
    def replied(self, fold: Fold, e: Replied) -> None:
        if (row := fold.update(REPLY_LOG, e)) is not None:
            fold.decoded(REPLY_LOG, row, "texts", self._decode, self._encode).append(e.text)


def test_a_decoded_column_is_decoded_and_encoded_once_per_batch_and_carries_over_between_batches() -> None:
    t, view, log = uuid4(), MemoryWriter(), KeepsRepliesAsJson()

    log.fold(view, logged(Opened(t, 1, at(0), "A", "support"), Replied(t, 2, at(1), "a"), Replied(t, 3, at(2), "b")))
    assert (log.decodes, log.encodes) == (1, 1)
    log.fold(view, logged(Replied(t, 4, at(3), "c"), Replied(t, 3, at(2), "b"), start=4))  # the last one: a replay

    assert (log.decodes, log.encodes) == (2, 2)
    assert [(json.loads(r["texts"]), r["version"]) for r in view.rows("reply_log")] == [(["a", "b", "c"], 4)]


@dataclass(frozen=True)
class QueueNamed:
    originator_id: UUID
    originator_version: int
    timestamp: datetime
    name: str


QUEUES = Entities("queues", (Column("id", "uuid"), Column("name", "text", changes=True), version_column()))


class TicketsAndQueues(TicketQueue):
    tables = (TICKETS, REPLIES, PER_STATUS, QUEUES)

    @handles(QueueNamed)
    def named(self, fold: Fold, e: QueueNamed) -> None:
        if (row := fold.update(QUEUES, e)) is None:
            fold.insert(QUEUES, e, name=e.name)
        else:
            row["name"] = e.name


class LoadsRecorded(MemoryWriter):
    def __init__(self) -> None:
        super().__init__()
        self.loads: list[tuple[str, set[Any]]] = []

    def load(self, table: Entities, ids: Any) -> list[dict[str, Any]]:
        self.loads.append((table.name, set(ids)))
        return super().load(table, ids)


def test_each_table_is_preloaded_only_with_the_aggregates_whose_events_look_their_row_up_in_it() -> None:
    t1, t2, q1 = uuid4(), uuid4(), uuid4()
    view, queue = LoadsRecorded(), TicketsAndQueues()

    queue.fold(view, logged(Opened(t1, 1, at(0), "A", "support"), QueueNamed(q1, 1, at(0), "Support")))
    assert sorted(view.loads, key=repr) == sorted([("tickets", {t1, q1}), ("queues", {t1, q1})], key=repr)

    view.loads.clear()  # now learned: Opened looks up tickets, QueueNamed queues
    queue.fold(view, logged(Opened(t2, 1, at(1), "B", "support"), QueueNamed(q1, 2, at(1), "Desk"), start=3))
    assert sorted(view.loads, key=repr) == sorted([("tickets", {t2}), ("queues", {q1})], key=repr)
    assert [(r["name"], r["version"]) for r in view.rows("queues")] == [("Desk", 2)]


def test_a_row_an_event_looks_up_outside_what_was_learned_is_still_read_and_then_preloaded() -> None:
    t, q = uuid4(), uuid4()
    view, queue = LoadsRecorded(), TicketsAndQueues()
    queue.fold(view, logged(QueueNamed(q, 1, at(0), "Support")))
    queue.fold(view, logged(Opened(t, 1, at(0), "A", "support"), start=2))
    view.loads.clear()

    class AlsoCountsOnTheQueue(TicketsAndQueues):
        @handles(Replied)
        def replied(self, fold: Fold, e: Replied) -> None:
            super().replied(fold, e)
            fold.row(QUEUES, e.originator_id)  # a lookup the first events of this topic did not make

    later = AlsoCountsOnTheQueue()
    later._own_row_tables = {**queue._own_row_tables, get_topic(Replied): {"tickets"}}
    later.fold(view, logged(Replied(t, 2, at(1), "x"), start=3))
    later.fold(view, logged(Replied(t, 3, at(2), "y"), start=4))

    assert view.loads == [("tickets", {t}), ("queues", {t}), ("tickets", {t}), ("queues", {t})]
    assert [r["replies"] for r in view.rows("tickets")] == [2]
