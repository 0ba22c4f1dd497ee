"""Hostile or careless input: refused with a clear problem, never a 500, never half-written."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.builders.schemas import fresh_schema as scratch_schema
from tests.e2e.server import ServerHandle, start_server
from tests.robustness.staff_token import SERVER_ENV, staff_headers

MAX_BODY = 65_536


@dataclass(frozen=True)
class SignedInServer:
    handle: ServerHandle
    headers: dict[str, str]


@pytest.fixture(scope="module")
def server(database_url: str) -> Iterator[SignedInServer]:
    with scratch_schema(database_url) as schema:
        headers = staff_headers(database_url, schema)
        with start_server(database_url, schema, {**SERVER_ENV, "BATON_MAX_BODY_BYTES": str(MAX_BODY)}) as handle:
            yield SignedInServer(handle, headers)


@pytest.fixture
def http(server: SignedInServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.handle.base_url, timeout=10, headers=server.headers) as client:
        yield client


def problem_of(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, object] = response.json()
    assert body["status"] == status and body["detail"]
    return body


def _lead_count(http: httpx.Client) -> int:
    counts: dict[str, int] = http.get("/leads", params={"limit": 1}).json()["counts"]
    return sum(counts.values())


def test_oversized_body_is_refused_with_413_when_content_length_says_so(http: httpx.Client) -> None:
    body = b'{"name": "' + b"x" * MAX_BODY + b'"}'
    problem = problem_of(http.post("/leads", content=body, headers={"content-type": "application/json"}), 413)
    assert str(MAX_BODY) in str(problem["detail"])


def test_oversized_body_is_refused_with_413_when_sent_chunked_without_length(http: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"name": "'
        for _ in range(MAX_BODY // 1000 + 2):
            yield b"x" * 1000
        yield b'"}'

    before = _lead_count(http)
    response = http.post("/leads", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    problem_of(response, 413)
    assert _lead_count(http) == before, "a refused body still wrote something"


def test_malformed_json_gets_422_saying_what_is_wrong(http: httpx.Client) -> None:
    response = http.post("/leads", content=b'{"name": "Ada"', headers={"content-type": "application/json"})
    assert "not valid JSON" in str(problem_of(response, 422)["detail"])


def test_unknown_field_is_refused_by_name(http: httpx.Client) -> None:
    response = http.post("/leads", json={"name": "Ada", "colour": "red"})
    assert "'colour' is not a known field" in str(problem_of(response, 422)["detail"])


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/leads", {"name": "x" * 201}, "name"),
        ("/leads", {"name": "Ada", "company": "x" * 201}, "company"),
        ("/leads", {"name": "Ada", "notes": "x" * 10_001}, "notes"),
    ],
)
def test_text_longer_than_its_limit_is_refused(http: httpx.Client, path: str, body: dict[str, str], field: str) -> None:
    detail = str(problem_of(http.post(path, json=body), 422)["detail"])
    assert f"'{field}'" in detail and "at most" in detail


def test_note_longer_than_its_limit_is_refused(http: httpx.Client) -> None:
    lead = http.post("/leads", json={"name": "Ada"}).json()
    response = http.post(f"/leads/{lead['id']}/notes", json={"text": "x" * 10_001})
    assert "at most" in str(problem_of(response, 422)["detail"])


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/leads/not-a-uuid"),
        ("GET", "/leads/12345"),
        ("POST", "/leads/not-a-uuid/notes"),
        ("POST", "/leads/%20/status"),
        ("GET", "/audit/aggregates/1/events"),
    ],
)
def test_id_that_is_not_a_uuid_gets_422_not_500(http: httpx.Client, method: str, path: str) -> None:
    response = http.request(method, path, json={"text": "hello", "status": "contacted"})
    assert "UUID" in str(problem_of(response, 422)["detail"])


def test_nul_character_in_text_is_refused_so_no_view_can_choke_on_it(http: httpx.Client) -> None:
    before = _lead_count(http)
    problem_of(http.post("/leads", json={"name": "Ada\u0000Lovelace"}), 422)
    problem_of(http.get("/leads", params={"q": "a\u0000b"}), 422)
    ready = http.get("/readyz").json()
    assert ready["projections"]["lead_pipeline"]["last_error"] is None
    assert _lead_count(http) == before


def test_body_that_is_not_an_object_gets_422(http: httpx.Client) -> None:
    problem_of(http.post("/leads", json=[1, 2]), 422)
    problem_of(http.post("/leads", content=b"name=Ada", headers={"content-type": "text/plain"}), 422)


def test_if_match_that_is_not_a_version_gets_422(http: httpx.Client) -> None:
    lead = http.post("/leads", json={"name": "Ada"}).json()
    response = http.post(f"/leads/{lead['id']}/notes", json={"text": "hi"}, headers={"If-Match": "yesterday"})
    assert "If-Match" in str(problem_of(response, 422)["detail"])


def test_read_position_beyond_the_log_gets_422_at_once_not_a_wait(http: httpx.Client) -> None:
    response = http.get("/leads", params={"min_position": 10**12})
    assert "beyond the newest event" in str(problem_of(response, 422)["detail"])
    assert response.elapsed.total_seconds() < 1.0
