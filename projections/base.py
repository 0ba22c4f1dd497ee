"""What a projection is: a name, a version, tables it owns, and event handlers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic
from psycopg import Cursor, sql

# Usually (projection, cursor, event, tables, position); a projection that
# overrides apply_batch may give its handlers other arguments (see LeadPipeline).
Handler = Callable[..., None]


def handles(*event_classes: type[Any]) -> Callable[[Handler], Handler]:
    """Mark a projection method as the handler of ``event_classes``."""

    def mark(func: Handler) -> Handler:
        func.__dict__["_handles"] = tuple(event_classes)
        return func

    return mark


class Tables:
    """Physical table names of one generation of a projection.

    Readers use the logical name (a view over the active generation); handlers
    write to ``tables["lead_pipeline"]``, which names this generation's table.
    """

    def __init__(self, logical: list[str], generation: int) -> None:
        self.generation = generation
        self._names = {name: physical_name(name, generation) for name in logical}

    def __getitem__(self, logical: str) -> sql.Identifier:
        return sql.Identifier(self._names[logical])

    def physical(self) -> dict[str, str]:
        return dict(self._names)


def physical_name(logical: str, generation: int) -> str:
    return f"{logical}__g{generation}"


class Projection:
    """Base class: subclasses set ``name``, ``version``, ``tables`` and handlers.

    ``tables`` maps each logical table name to the column definitions of its
    CREATE TABLE statement, and optionally ``indexes`` to index definitions.
    Bump ``version`` whenever the tables or handlers change: the runner then
    builds the new version aside from position 0 and swaps it in.
    """

    name: ClassVar[str]
    version: ClassVar[int]
    tables: ClassVar[dict[str, str]]
    indexes: ClassVar[dict[str, list[str]]] = {}  # noqa: RUF012

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}
        for attr in dir(type(self)):
            func = getattr(type(self), attr)
            for event_class in getattr(func, "_handles", ()):
                self._handlers[get_topic(event_class)] = func

    @property
    def topics(self) -> frozenset[str]:
        return frozenset(self._handlers)

    def handler_for(self, topic: str) -> Handler | None:
        return self._handlers.get(topic)

    def apply_batch(self, cur: Cursor[Any], events: Sequence[tuple[int, str, Any]], tables: Tables) -> None:
        """Apply one batch of ``(position, topic, event)`` in log order, inside the runner's transaction.

        By default each event goes to its handler, one statement or two each. A
        projection that sees many events per batch can override this to fold
        the batch in memory and write each changed row once (see LeadPipeline).
        """
        for position, topic, event in events:
            handler = self._handlers.get(topic)
            if handler is not None:
                handler(self, cur, event, tables, position)

    def create_statements(self, tables: Tables) -> list[sql.Composed]:
        """DDL creating this generation's tables (indexes come at activation, see index_statements)."""
        return [
            sql.SQL("CREATE TABLE IF NOT EXISTS {} ({})").format(tables[logical], sql.SQL(columns))
            for logical, columns in self.tables.items()
        ]

    def index_statements(self, tables: Tables) -> list[sql.Composed]:
        """DDL creating this generation's secondary indexes.

        A generation is built without them and they are created in one pass just
        before it is swapped in: cheaper than maintaining them row by row.
        """
        statements = []
        for logical in self.tables:
            for i, index in enumerate(self.indexes.get(logical, [])):
                idx = sql.Identifier(f"{logical}__g{tables.generation}_ix{i}")
                statements.append(
                    sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} {}").format(idx, tables[logical], sql.SQL(index))
                )
        return statements
