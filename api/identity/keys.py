"""The server's secret key: encrypts TOTP secrets and peppers backup-code hashes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from domain.errors import DomainError

log = logging.getLogger(__name__)

KEY_FILE = "secret.key"


class SecretKeyMismatch(DomainError):
    """Stored secrets were encrypted with another key than the one configured."""

    title = "Server misconfigured"


def load_secret(configured: str | None, data_dir: Path) -> str:
    """BATON_SECRET_KEY when set; otherwise a key generated once and kept in ``data_dir``."""
    if configured:
        return configured
    path = data_dir / KEY_FILE
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: if two processes start at once, one writes and the other reads its key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(key)
    log.warning("BATON_SECRET_KEY is not set: generated one in %s (keep it; losing it disables every MFA).", path)
    return key


class Keyring:
    """Derives purpose-specific keys from the one secret."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode()
        fernet_key = base64.urlsafe_b64encode(self._derive(b"totp-secrets"))
        self._fernet = Fernet(fernet_key)
        self._pepper = self._derive(b"backup-codes")

    def _derive(self, purpose: bytes) -> bytes:
        return hmac.new(self._secret, purpose, hashlib.sha256).digest()

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            log.error("a TOTP secret cannot be decrypted: BATON_SECRET_KEY differs from the one that encrypted it")
            raise SecretKeyMismatch(
                "Your authenticator cannot be checked because the server's secret key (BATON_SECRET_KEY) changed. "
                "Ask an admin to restore the key or to reset your MFA."
            ) from None

    def backup_code_hash(self, code: str) -> str:
        """Keyed hash: a stolen table alone does not let anyone test guesses offline."""
        return hmac.new(self._pepper, code.encode(), hashlib.sha256).hexdigest()


def new_token() -> str:
    """A random opaque token for links and sessions (256 bits)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """How tokens are stored: only their SHA-256, so a database leak reveals no usable token."""
    return hashlib.sha256(token.encode()).hexdigest()
