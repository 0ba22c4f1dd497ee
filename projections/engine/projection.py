"""What a projection is: a name, a version, the tables it owns, and one handler per event class.

A handler is a method ``(self, fold, event) -> None`` marked ``@handles(EventClass, ...)``.
It changes rows through the ``Fold`` of the batch being applied; it never
writes SQL. mypy checks that the event classes given to ``@handles`` are what
the method's ``event`` parameter accepts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, TypeVar

from eventsourcing.utils import get_topic
from psycopg import Cursor, sql

from projections.engine.fold import Fold, Writer
from projections.engine.postgres import PostgresWriter, Statements, Tables
from projections.engine.table import Entities, Table

E = TypeVar("E")
P = TypeVar("P", bound="Projection")
# (position, topic, event): one event of a batch, in log order.
LogEvent = tuple[int, str, Any]


def handles(*event_classes: type[E]) -> Callable[[Callable[[P, Fold, E], None]], Callable[[P, Fold, E], None]]:
    """Mark a projection method as the handler of ``event_classes``."""

    def mark(method: Callable[[P, Fold, E], None]) -> Callable[[P, Fold, E], None]:
        method.__dict__["_handles"] = tuple(event_classes)
        return method

    return mark


class Projection:
    """Base class: subclasses set ``name``, ``version``, ``tables`` and ``@handles`` methods.

    Bump ``version`` whenever the tables' shape or what the handlers write
    changes: the runner then builds the new version aside from position 0 and
    swaps it in.
    """

    name: ClassVar[str]
    version: ClassVar[int]
    tables: ClassVar[tuple[Table, ...]]

    def __init__(self) -> None:
        self._handlers: dict[str, Callable[[Fold, Any], None]] = {}
        for attr in dir(type(self)):
            for event_class in getattr(getattr(type(self), attr), "_handles", ()):
                topic = get_topic(event_class)
                if topic in self._handlers:
                    raise TypeError(f"{type(self).__name__} has two handlers for {topic}")
                self._handlers[topic] = getattr(self, attr)
        self._entities = [t for t in self.tables if isinstance(t, Entities)]
        # Per topic, the tables its handler looks the event's own row up in, learned as events are applied
        # (a topic not applied yet preloads every table). See ``fold``.
        self._own_row_tables: dict[str, set[str]] = {}
        self._statements: dict[int, Statements] = {}

    @property
    def topics(self) -> frozenset[str]:
        return frozenset(self._handlers)

    @property
    def table_names(self) -> list[str]:
        return [t.name for t in self.tables]

    def handler_for(self, topic: str) -> Callable[[Fold, Any], None] | None:
        return self._handlers.get(topic)

    def fold(self, writer: Writer, events: Sequence[LogEvent]) -> None:
        """Apply ``events`` (in log order) through one fold, then write what changed."""
        fold = Fold(writer, self.tables)
        learned = self._own_row_tables
        every_table = {t.name for t in self._entities}
        ids: dict[str, set[Any]] = {name: set() for name in every_table}
        # Each table is preloaded with the aggregates of the events whose handlers look their own row up in
        # it, not with every aggregate of the batch: an id a table never holds costs an index probe for
        # nothing. A handler that looks up a row not preloaded still gets it (one read), and is learned.
        for _, topic, event in events:
            for name in learned.get(topic, every_table):
                ids[name].add(event.originator_id)
        for table in self._entities:
            if ids[table.name]:
                fold.preload(table, ids[table.name])
        handler_for = self._handlers.get
        for position, topic, event in events:
            handler = handler_for(topic)
            if handler is not None:
                fold.position = position
                fold.event_id = event.originator_id
                handler(fold, event)
                tables = learned.get(topic)
                if tables is None:
                    learned[topic] = set(fold.own_row_tables)
                elif not fold.own_row_tables <= tables:
                    tables |= fold.own_row_tables
                fold.own_row_tables.clear()
        fold.write(self.tables)

    def apply_batch(self, cur: Cursor[Any], events: Sequence[LogEvent], tables: Tables) -> None:
        """The runner's entry: fold one batch into this generation's tables, inside its transaction."""
        statements = self._statements.get(tables.generation)
        if statements is None:
            statements = self._statements[tables.generation] = Statements(self.tables, tables)
        self.fold(PostgresWriter(cur, statements), events)

    def create_statements(self, tables: Tables) -> list[sql.Composed]:
        """DDL creating this generation's tables (indexes come at activation, see index_statements)."""
        return [t.create(tables[t.name]) for t in self.tables]

    def index_statements(self, tables: Tables) -> list[sql.Composed]:
        """DDL creating this generation's secondary indexes.

        A generation is built without them and they are created in one pass just
        before it is swapped in: cheaper than maintaining them row by row.
        """
        return [s for t in self.tables for s in t.create_indexes(tables[t.name], tables.generation)]
