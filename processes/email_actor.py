"""The dramatiq actor that sends email, and how to enqueue it (resends are deadlines: email_resends.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from uuid import UUID

import dramatiq

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
    """Enqueue a send; if the broker is down, log it: the email stays queued and its resend deadline retries."""

    def enqueue(email_id: UUID) -> None:
        try:
            actor.send(str(email_id))
        except Exception as exc:  # Redis unreachable: the intent is already recorded as an event
            log.warning("could not enqueue email %s (%s); its resend deadline will retry", email_id, exc)

    return enqueue
