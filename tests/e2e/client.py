"""A small client for Baton's HTTP API, as a UI would use it.

Every e2e request goes through ``ApiClient`` so that authentication (a bearer
token or a session cookie) is added in one place.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

import httpx

Expect = int | Iterable[int]


class ApiError(AssertionError):
    """The server answered with a status the test did not expect."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.status = response.status_code
        try:
            self.problem: dict[str, Any] = response.json()
        except ValueError:
            self.problem = {"detail": response.text[:500]}
        detail = self.problem.get("detail", "")
        super().__init__(f"{response.request.method} {response.request.url} -> {self.status}: {detail}")


class ApiClient:
    """Talks to one Baton server; keeps cookies and an optional bearer token."""

    def __init__(self, base_url: str, token: str | None = None, *, timeout: float = 10.0) -> None:
        self.base_url = base_url
        self.token = token
        self.http = httpx.Client(base_url=base_url, timeout=timeout)

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    def as_user(self, token: str | None) -> ApiClient:
        """Another client on the same server acting with ``token``."""
        return ApiClient(self.base_url, token)

    # -- raw requests ----------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        expect: Expect = (200, 201, 204),
        if_match: int | str | None = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send a request; raise ApiError unless the status is in ``expect``."""
        sent = dict(headers or {})
        if self.token and "Authorization" not in sent:
            sent["Authorization"] = f"Bearer {self.token}"
        if if_match is not None:
            sent["If-Match"] = str(if_match)
        response = self.http.request(method, path, headers=sent, **kwargs)
        allowed = {expect} if isinstance(expect, int) else set(expect)
        if response.status_code not in allowed:
            raise ApiError(response)
        return response

    def get(self, path: str, *, expect: Expect = 200, **kwargs: Any) -> Any:
        """GET and return the parsed JSON body."""
        return self.request("GET", path, expect=expect, **kwargs).json()

    def post(self, path: str, body: Any = None, *, expect: Expect = (200, 201), **kwargs: Any) -> Any:
        """POST ``body`` as JSON and return the parsed JSON answer."""
        return self.request("POST", path, json=body, expect=expect, **kwargs).json()

    def problem(self, method: str, path: str, status: int, **kwargs: Any) -> dict[str, Any]:
        """Send a request that must fail with ``status``; return its problem document."""
        response = self.request(method, path, expect=status, **kwargs)
        content_type = response.headers.get("content-type", "")
        assert content_type.startswith("application/problem+json"), content_type
        body: dict[str, Any] = response.json()
        assert body["status"] == status and body["detail"], body
        return body

    # -- leads -----------------------------------------------------------------

    def create_lead(self, name: str = "Avery Stone", **fields: Any) -> dict[str, Any]:
        """Register a lead; returns ``{id, version, position}``."""
        result: dict[str, Any] = self.post("/leads", {"name": name, **fields}, expect=201)
        return result

    def list_leads(self, **params: Any) -> dict[str, Any]:
        """One page of the pipeline; pass ``min_position`` to read your own write."""
        page: dict[str, Any] = self.get("/leads", params={k: v for k, v in params.items() if v is not None})
        return page

    def lead(self, lead_id: UUID | str, **params: Any) -> dict[str, Any]:
        lead: dict[str, Any] = self.get(f"/leads/{lead_id}", params=params)
        return lead

    def change_status(
        self, lead_id: UUID | str, status: str, *, reason: str = "", version: int | None = None
    ) -> dict[str, Any]:
        body = {"status": status, "reason": reason} if reason else {"status": status}
        result: dict[str, Any] = self.post(f"/leads/{lead_id}/status", body, if_match=version)
        return result

    def add_note(self, lead_id: UUID | str, text: str, *, version: int | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self.post(f"/leads/{lead_id}/notes", {"text": text}, if_match=version, expect=201)
        return result

    def audit_events(self, aggregate_id: UUID | str, **params: Any) -> dict[str, Any]:
        trail: dict[str, Any] = self.get(f"/audit/aggregates/{aggregate_id}/events", params=params)
        return trail


# Answers that mean "not there yet" while a view catches up with a write: the record not in the view yet, or a
# min_position read that waited its bound.
NOT_YET = (404, 503)


def wait_until(condition: Callable[[], Any], what: str, timeout: float = 30.0, every: float = 0.1) -> Any:
    """The condition's first truthy answer, polled until ``timeout`` seconds (then the test fails).

    A read the server answers with 404 or 503 counts as "not yet": the view may not hold a record a
    command just wrote. Any other unexpected answer fails the test at once.
    """
    deadline = time.monotonic() + timeout
    last = ""
    while True:
        try:
            if found := condition():
                return found
        except ApiError as error:
            if error.status not in NOT_YET:
                raise
            last = f" (last answer: {error})"
        assert time.monotonic() < deadline, f"timed out waiting for {what}{last}"
        time.sleep(every)
