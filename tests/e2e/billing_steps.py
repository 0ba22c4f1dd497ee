"""Small waits for billing's e2e tests: a condition within a bounded time, an email with a subject."""

from __future__ import annotations

import time
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any, TypeVar

from tests.builders.identity import ProvisionedUser
from tests.builders.smtp import Mailbox
from tests.e2e.client import ApiClient

T = TypeVar("T")


def eventually(probe: Callable[[], T], what: str, *, check: Callable[[T], object] = bool, timeout: float = 30.0) -> T:
    """``probe()`` once ``check`` accepts it, trying for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if check(found):
            return found
        assert time.monotonic() < deadline, f"timed out waiting for {what} (last: {found!r:.300})"
        time.sleep(0.1)


def wait_for_subject(mailbox: Mailbox, to: str, subject: str, timeout: float = 30.0) -> list[EmailMessage]:
    """The messages to ``to`` with ``subject``, once there is at least one."""

    def found() -> list[EmailMessage]:
        return [m for m in list(mailbox.messages) if m["To"] == to and m["Subject"] == subject]

    return eventually(found, f"an email '{subject}' to {to}", timeout=timeout)


def rows(page: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = page["items"]
    return items


def sign_in_again(base_url: str, user: ProvisionedUser) -> ApiClient:
    """A new session for ``user`` over HTTP (moving the clock ages sessions): password, then a backup code."""
    anonymous = ApiClient(base_url)
    answer = anonymous.post("/auth/login", {"email": user.email, "password": user.password})
    signed = ApiClient(base_url, answer["token"])
    if answer.get("stage") == "mfa":
        finished = signed.post("/auth/login/mfa", {"code": user.backup_codes.pop()})
        signed = ApiClient(base_url, finished["token"])
    return signed
