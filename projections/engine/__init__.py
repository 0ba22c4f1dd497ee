"""The projection engine: what every view is built on. It knows no view.

A view declares its tables (``Entities``, ``Appends``, ``counts``) and a
``Projection`` with ``@handles`` methods that change rows through a ``Fold``;
its queries page with ``Keyset`` / ``fetch_page`` inside a ``Scope``. The runner,
the catalog of generations, the log follower and the state SQL are used by the
composition root, not by views.
"""

from projections.engine.fold import Fold, Row, Writer
from projections.engine.memory import MemoryWriter, replay
from projections.engine.paging import BadCursor, Keyset, Page, encode_cursor, fetch_page, uuid_keys
from projections.engine.projection import LogEvent, Projection, handles
from projections.engine.table import (
    Appends,
    Column,
    Counts,
    Entities,
    Table,
    counts,
    position_column,
    version_column,
)

__all__ = [
    "Appends",
    "BadCursor",
    "Column",
    "Counts",
    "Entities",
    "Fold",
    "Keyset",
    "LogEvent",
    "MemoryWriter",
    "Page",
    "Projection",
    "Row",
    "Table",
    "Writer",
    "counts",
    "encode_cursor",
    "fetch_page",
    "handles",
    "position_column",
    "replay",
    "uuid_keys",
    "version_column",
]
