"""The dramatiq broker: Redis when configured, otherwise in-process."""

from __future__ import annotations

import logging
from typing import Any

import dramatiq
import redis
from dramatiq.brokers.stub import StubBroker

log = logging.getLogger(__name__)

# Seconds a broker call, and a readiness probe of the broker, may wait on Redis.
BROKER_TIMEOUT = 2.0
PROBE_TIMEOUT = 0.5


def make_broker(redis_url: str | None) -> dramatiq.Broker:
    """Create and install the broker that actors declared afterwards bind to."""
    broker: dramatiq.Broker
    if redis_url:
        from dramatiq.brokers.redis import RedisBroker

        # An unresponsive Redis must hold neither a command nor a health probe for long:
        # commands still succeed (events are the truth) and the sweep resends later.
        broker = RedisBroker(  # type: ignore[no-untyped-call]
            url=redis_url, socket_timeout=BROKER_TIMEOUT, socket_connect_timeout=BROKER_TIMEOUT
        )
        broker.health_client = redis.Redis.from_url(  # type: ignore[attr-defined]
            redis_url, socket_timeout=PROBE_TIMEOUT, socket_connect_timeout=PROBE_TIMEOUT, retry_on_timeout=False
        )
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
    client = getattr(broker, "health_client", None) or getattr(broker, "client", None)
    if client is None:
        return "ok"
    try:
        client.ping()
    except Exception as exc:  # report, never raise, from a health probe
        return f"unreachable: {type(exc).__name__}"
    return "ok"
