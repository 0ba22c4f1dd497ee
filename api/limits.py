"""Request limits and correlation ids, as plain ASGI so streamed bodies are capped too."""

from __future__ import annotations

from collections.abc import Callable
from uuid import uuid4

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import problems


class BodyTooLarge(HTTPException):
    """The body grew past the limit while it was being read (chunked, or a lying Content-Length)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body must be at most {limit} bytes.")


class RequestLimits:
    """Correlation ids in and out, and a cap on body size however the body is sent."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, larger: Callable[[Scope], int | None] | None = None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # The limit of requests allowed bigger bodies (document uploads), None for any other request.
        self.larger = larger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        correlation = headers.get("x-correlation-id", "")[:100] or str(uuid4())
        scope.setdefault("state", {})["correlation_id"] = correlation

        async def send_with_correlation(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["X-Correlation-ID"] = correlation
            await send(message)

        limit = (self.larger(scope) if self.larger else None) or self.max_body_bytes
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            # Refuse before reading a byte of it.
            response = problems.problem(413, "Request too large", f"The request body must be at most {limit} bytes.")
            await response(scope, receive, send_with_correlation)
            return

        if b"%00" in scope.get("query_string", b""):
            # PostgreSQL text cannot hold NUL; refuse it here rather than fail in a query.
            response = problems.problem(
                422, "Invalid request", "Query parameters must not contain NUL (%00) characters."
            )
            await response(scope, receive, send_with_correlation)
            return

        received = 0

        async def receive_capped() -> Message:
            # A chunked body has no Content-Length: count what actually arrives.
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, receive_capped, send_with_correlation)
