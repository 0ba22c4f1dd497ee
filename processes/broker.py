"""The dramatiq broker: Redis when configured, otherwise in-process."""

from __future__ import annotations

import logging
from typing import Any

import dramatiq
from dramatiq.brokers.stub import StubBroker

log = logging.getLogger(__name__)


def make_broker(redis_url: str | None) -> dramatiq.Broker:
    """Create and install the broker that actors declared afterwards bind to."""
    broker: dramatiq.Broker
    if redis_url:
        from dramatiq.brokers.redis import RedisBroker

        broker = RedisBroker(url=redis_url)  # type: ignore[no-untyped-call]
    else:
        broker = StubBroker()
        broker.emit_after("process_boot")
    dramatiq.set_broker(broker)
    return broker


def start_worker(broker: dramatiq.Broker, *, threads: int = 4) -> Any:
    """Run the broker's actors on worker threads inside this process."""
    worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=200)
    worker.start()
    return worker


def broker_state(broker: dramatiq.Broker) -> str:
    """'ok' when the broker can be reached, else a short reason."""
    client = getattr(broker, "client", None)
    if client is None:
        return "ok"
    try:
        client.ping()
    except Exception as exc:  # report, never raise, from a health probe
        return f"unreachable: {type(exc).__name__}"
    return "ok"
