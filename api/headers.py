"""Security headers on every answer, as plain ASGI so streamed and error answers get them too.

- ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: same-origin`` everywhere (no address, with its
  tokens, ever goes to another site; a form posted here still says where it came from);
- ``Cache-Control: no-store`` on sign-in, account and setup answers (they carry tokens, secrets and codes);
- on HTML (the setup pages, /docs, /redoc): a Content-Security-Policy allowing only this server's own
  files and the page's own inline scripts (by hash), and no framing.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Answers under these paths may carry a secret: never kept by a browser or a proxy cache.
SECRET_PATHS = ("/auth/", "/me", "/setup/", "/welcome/")
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def content_security_policy(*, scripts: Sequence[bytes] = (), style_src: str = "'self' 'unsafe-inline'") -> str:
    """A policy for an HTML page: its own files, the given inline scripts, nothing from elsewhere, no framing."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s).digest()).decode()}'" for s in scripts)
    return (
        "default-src 'none'; "
        f"script-src 'self'{' ' + hashes if hashes else ''}; "
        f"style-src {style_src}; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
        "worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )


class SecurityHeaders:
    """Adds the security headers to every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        secret = str(scope.get("path", "")).startswith(SECRET_PATHS)
        held: Message | None = None
        body = b""

        async def send_with_headers(message: Message) -> None:
            nonlocal held, body
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                if secret:
                    headers["Cache-Control"] = "no-store"
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("X-Frame-Options", "DENY")
                    if "content-security-policy" not in headers:
                        held = message  # the policy names the page's inline scripts: wait for the body
                        return
                await send(message)
            elif held is not None and message["type"] == "http.response.body":
                body += message.get("body", b"")
                if message.get("more_body", False):
                    return
                headers = MutableHeaders(scope=held)
                headers["Content-Security-Policy"] = content_security_policy(scripts=_INLINE_SCRIPT.findall(body))
                await send(held)
                await send({"type": "http.response.body", "body": body, "more_body": False})
            else:
                await send(message)

        await self.app(scope, receive, send_with_headers)
