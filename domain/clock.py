"""What a clock is, for the layers that read one (the API and the processes).

The domain itself never reads a clock: its commands take ``now`` from the
command context. The clock's implementations live in the composition root
(``baton/clock.py``): the system clock, and a movable one for tests and demos.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """The current time, timezone-aware in UTC."""

    def now(self) -> datetime: ...
