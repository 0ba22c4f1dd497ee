"""The dramatiq actor that sends email, how to enqueue it, and the sweep that retries."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import dramatiq
from psycopg_pool import ConnectionPool

from processes.email_delivery import EmailDelivery

log = logging.getLogger(__name__)


def declare_email_actor(broker: dramatiq.Broker, delivery: EmailDelivery, queue_name: str) -> Any:
    """Declare the ``send_email`` actor on ``broker``, bound to ``delivery``."""

    def send_email(email_id: str) -> None:
        outcome = delivery.deliver(UUID(email_id))
        log.info("email %s: %s", email_id, outcome)

    declare = dramatiq.actor(broker=broker, actor_name="send_email", queue_name=queue_name, max_retries=3)
    return declare(send_email)


def enqueuer(actor: Any) -> Callable[[UUID], None]:
    """Enqueue a send; if the broker is down, log it: the email stays queued and the sweep resends it."""

    def enqueue(email_id: UUID) -> None:
        try:
            actor.send(str(email_id))
        except Exception as exc:  # Redis unreachable: the intent is already recorded as an event
            log.warning("could not enqueue email %s (%s); the sweep will retry", email_id, exc)

    return enqueue


def stuck_emails(pool: ConnectionPool[Any], now: datetime, older_than: timedelta) -> list[UUID]:
    """Emails queued before ``now - older_than`` and still neither sent nor dropped."""
    with pool.connection() as conn:
        try:
            rows = conn.execute(
                "SELECT id FROM email_outbox WHERE status = 'queued' AND queued_at < %s ORDER BY queued_at LIMIT 500",
                (now - older_than,),
            ).fetchall()
        except Exception as exc:  # the outbox view is not built yet
            log.info("email sweep skipped: %s", exc)
            return []
    return [r[0] for r in rows]


def sweep(
    pool: ConnectionPool[Any], enqueue: Callable[[UUID], None], now: datetime, older_than: timedelta
) -> list[UUID]:
    """Enqueue every stuck email again (the actor ignores ones sent meanwhile)."""
    stuck = stuck_emails(pool, now, older_than)
    for email_id in stuck:
        enqueue(email_id)
    if stuck:
        log.info("email sweep re-enqueued %d email(s)", len(stuck))
    return stuck


def run_sweeps(
    stop: threading.Event,
    interval: float,
    pool: ConnectionPool[Any],
    enqueue: Callable[[UUID], None],
    clock: Callable[[], datetime],
) -> None:
    """Sweep every ``interval`` seconds until ``stop``."""
    while not stop.wait(interval):
        try:
            sweep(pool, enqueue, clock(), timedelta(seconds=interval))
        except Exception:  # keep sweeping; the next round may succeed
            log.exception("email sweep failed")
