"""A local HTTP stand-in for Stripe's API (pointed at with BATON_STRIPE_API_BASE): no test reaches the internet.

It answers ``POST /v1/checkout/sessions`` with a Checkout Session object of Stripe's
shape and keeps every request (form fields decoded, headers) for the test to read.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl
from uuid import uuid4


@dataclass
class StripeStub:
    """What the stand-in received, and where it listens."""

    base_url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)


def _handler(stub: StripeStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: Any) -> None:  # quiet
            return

        def do_POST(self) -> None:  # noqa: N802 - http.server's hook name
            length = int(self.headers.get("Content-Length", "0"))
            form = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
            stub.requests.append({"path": self.path, "form": form, "headers": dict(self.headers)})
            if self.path != "/v1/checkout/sessions":
                self._answer(404, {"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}})
                return
            key = self.headers.get("Idempotency-Key", "")
            session = stub.sessions.get(key) or {
                "id": f"cs_test_{uuid4().hex[:24]}",
                "object": "checkout.session",
                "mode": form.get("mode"),
                "status": "open",
                "payment_status": "unpaid",
                "amount_total": int(form.get("line_items[0][price_data][unit_amount]", "0")),
                "currency": form.get("line_items[0][price_data][currency]"),
                "client_reference_id": form.get("client_reference_id"),
                "metadata": {"invoice_id": form.get("metadata[invoice_id]")},
                "url": "",
            }
            session["url"] = f"https://checkout.stripe.test/c/pay/{session['id']}"
            stub.sessions[key] = session
            self._answer(200, session)

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.send_header("Request-Id", f"req_{uuid4().hex[:14]}")
            self.end_headers()
            self.wfile.write(raw)

    return Handler


@contextmanager
def stripe_stub() -> Iterator[StripeStub]:
    """The stand-in on a free loopback port until the block ends."""
    stub = StripeStub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    stub.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
