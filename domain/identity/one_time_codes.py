"""TOTP codes (RFC 6238) with replay protection, and backup codes."""

from __future__ import annotations

import secrets
from datetime import datetime

import pyotp

STEP_SECONDS = 30
DRIFT_STEPS = 1  # one step of clock drift either way
BACKUP_CODE_COUNT = 10
_BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (0/o, 1/l/i)


def new_secret() -> str:
    """A fresh base32 TOTP secret (160 bits)."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, email: str, issuer: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def code_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step ``code`` belongs to if it is current (+/- drift), whether or not it was used."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP_SECONDS
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if secrets.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def already_used(step: int, last_used_step: int | None) -> bool:
    """A code of ``step`` was already used (or a later one was): it cannot be used again."""
    return last_used_step is not None and step <= last_used_step


def matching_step(secret: str, code: str, now: datetime, last_used_step: int | None) -> int | None:
    """The time step ``code`` belongs to, if it is current (+/- drift) and newer than the last one used.

    Returning the step lets the caller remember it, so a code can be used once only.
    """
    step = code_step(secret, code, now)
    return None if step is None or already_used(step, last_used_step) else step


def new_backup_codes(count: int = BACKUP_CODE_COUNT) -> list[str]:
    """Fresh backup codes like ``k7pd-9xqa-3m`` (about 50 bits each)."""
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_BACKUP_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
    return codes


def normalise_backup_code(code: str) -> str:
    """Accept a backup code typed with or without dashes, in any case."""
    raw = "".join(c for c in code.lower() if c.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 10 else raw
