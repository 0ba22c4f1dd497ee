"""Credentials never enter the log: handoff text that looks like one is refused.

The handoff records only *where* credentials are kept (a vault entry, a
password manager folder), never the credentials themselves: the event log is
append-only and replayed into every read model, so a password written once
could never be taken back. This is a guard against the common slips (a
``password: ...`` line pasted into the documentation, a URL with a password in
it, a private key, a provider's API key), not a proof that no secret can get
through; the documentation says so to the people who fill the handoff in.
"""

from __future__ import annotations

import re

from domain.errors import InvalidInput

_LABEL = re.compile(
    r"(?i)\b(?:password|passwort|passwd|pwd|pass|secret|api[ _-]?key|access[ _-]?key|auth[ _-]?token|token"
    r"|client[ _-]?secret|private[ _-]?key)\s*[:=]\s*(\S+)"
)
_CHOSEN = re.compile(r"\d|[^\w\s]|_")


def _labelled(text: str) -> bool:
    """A label then a value that looks chosen rather than written: a digit or a symbol in it, or long.

    ("password: hunter2" is refused; "API key: stored in the vault" is not.)
    """
    for match in _LABEL.finditer(text):
        value = match.group(1).strip("\"'`").rstrip(".,;:!?)")
        if len(value) >= 16 or (len(value) >= 4 and _CHOSEN.search(value)):
            return True
    return False


_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@"), "an address with a password in it"),
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a private key"),
    (re.compile(r"\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{8,}"), "a payment provider's secret key"),
    (re.compile(r"\b(?:ghp|gho|ghs|ghu|github_pat)_[0-9A-Za-z_]{20,}"), "a code host's access token"),
    (re.compile(r"\bxox[abprs]-[0-9A-Za-z-]{10,}"), "a chat service's token"),
    (re.compile(r"\bAKIA[0-9A-Z]{16}\b"), "a cloud access key"),
    (re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"), "a cloud API key"),
)


def secret_in(text: str) -> str:
    """What kind of credential ``text`` seems to hold, or "" when none."""
    if _labelled(text):
        return "a labelled password, key or token"
    return next((kind for pattern, kind in _PATTERNS if pattern.search(text)), "")


def refuse_secrets(text: str, field: str) -> str:
    """``text`` unchanged, or InvalidInput when it seems to hold a credential."""
    kind = secret_in(text)
    if kind:
        raise InvalidInput(
            f"'{field}' seems to contain {kind}. Credentials are never stored in a handoff: keep them in the "
            "password vault and record only where they are kept (credentials_location)."
        )
    return text
