"""Failed sign-ins and confirmations, counted per account and per client address within a window."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from psycopg import Connection

from api.identity import store
from api.identity.base import IdentityDeps
from domain.identity.errors import TooManyAttempts

THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20


class Throttle:
    """Refuses attempts once too many failed within the window: sign-ins, codes and password confirmations."""

    def __init__(self, deps: IdentityDeps) -> None:
        self.deps = deps

    def check(self, conn: Connection[Any], email: str, address: str) -> None:
        """TooManyAttempts (with the seconds to wait) when the account or the address is blocked."""
        now = self.deps.clock()
        checks = [("account", email, MAX_FAILURES_PER_ACCOUNT, "this account")]
        if address:
            checks.append(("address", address, MAX_FAILURES_PER_ADDRESS, "your network address"))
        for scope, key, limit, what in checks:
            count, oldest = store.count_failures(conn, scope, key, now - THROTTLE_WINDOW)
            if count >= limit and oldest is not None:
                wait = (oldest + THROTTLE_WINDOW - now).total_seconds()
                minutes = max(1, math.ceil(wait / 60))
                unit = "minute" if minutes == 1 else "minutes"
                raise TooManyAttempts(
                    f"Too many failed sign-in attempts for {what}. Try again in {minutes} {unit}.", int(wait) + 1
                )

    def fail(self, conn: Connection[Any], email: str, address: str) -> None:
        now = self.deps.clock()
        store.add_failure(conn, "account", email, now, now - THROTTLE_WINDOW)
        if address:
            store.add_failure(conn, "address", address, now, now - THROTTLE_WINDOW)

    def clear(self, conn: Connection[Any], email: str) -> int:
        """Forget the account's failures (a completed sign-in, or an admin's decision); how many there were."""
        count, _ = store.count_failures(conn, "account", email, self.deps.clock() - THROTTLE_WINDOW)
        store.clear_failures(conn, "account", email)
        return count
