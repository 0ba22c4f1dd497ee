"""How `baton serve` runs uvicorn: which proxies to believe, no server banner, no secrets in the access log."""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from baton.settings import Settings

# Paths whose last part is a secret (an invitation or setup link): logged without it.
_TOKEN_PATHS = re.compile(r"(/(?:auth/invitations|welcome)/)[^/?\s\"]+")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """``text`` with the token of every invitation or setup path replaced."""
    return _TOKEN_PATHS.sub(rf"\g<1>{REDACTED}", text)


class RedactTokens(logging.Filter):
    """Takes link tokens out of access-log lines (uvicorn passes the path as an argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def trusted_proxies(settings: Settings) -> list[str]:
    """The addresses (or networks) whose X-Forwarded-For and X-Forwarded-Proto are believed."""
    return [address.strip() for address in settings.trusted_proxies.split(",") if address.strip()]


def log_config() -> dict[str, Any]:
    """uvicorn's logging, with tokens taken out of the access log."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_tokens"] = {"()": RedactTokens}
    config["handlers"]["access"].setdefault("filters", []).append("redact_tokens")
    return config


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run`` every `baton serve` passes."""
    proxies = trusted_proxies(settings)
    return {
        # Without trusted proxies, X-Forwarded-For is ignored: uvicorn would otherwise believe it from 127.0.0.1.
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or "",
        "server_header": False,
        "log_config": log_config(),
        "log_level": settings.log_level.lower(),
    }
