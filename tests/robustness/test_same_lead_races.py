"""Many commands on one lead at once: each succeeds or is refused, and no update is lost."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from uuid import UUID

import httpx
import pytest

from baton.container import Container, build
from domain.errors import ConcurrentChange, StaleVersion
from domain.leads import Lead, NewLead
from domain.leads.history import notes_up_to
from tests.builders import ctx, settings
from tests.e2e.server import start_server
from tests.robustness.staff_token import SERVER_ENV, staff_headers

THREADS = 12
ATTEMPTS = 15


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    built = build(settings(database_url, schema, db_pool_size=THREADS))
    try:
        yield built
    finally:
        built.close()


def _race(container: Container, lead_id: UUID, writer: int, go: threading.Barrier) -> tuple[list[str], int]:
    """Add notes on a version read just before; return the texts that landed and how many were refused."""
    landed: list[str] = []
    refused = 0
    go.wait()
    for n in range(ATTEMPTS):
        text = f"writer {writer} attempt {n}"
        # Half the attempts send the version they read (If-Match style), half rely on the store alone.
        expected = container.app.load(Lead, lead_id).version if n % 2 == 0 else None
        try:
            container.leads.add_note(ctx(), lead_id, text, expected_version=expected)
        except (StaleVersion, ConcurrentChange):
            refused += 1
        else:
            landed.append(text)
    return landed, refused


def test_no_update_is_lost_when_many_commands_hit_one_lead_at_once(container: Container) -> None:
    lead_id = container.leads.register(ctx(), NewLead(name="Contested lead")).id
    go = threading.Barrier(THREADS)
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda w: _race(container, lead_id, w, go), range(THREADS)))
    landed = [text for texts, _ in results for text in texts]
    refused = sum(r for _, r in results)

    assert len(landed) + refused == THREADS * ATTEMPTS
    assert refused > 0, "no command was ever refused: the race did not happen"
    lead = container.app.load(Lead, lead_id)
    # The lead is exactly its registration plus each accepted note, once, in commit order.
    assert lead.version == 1 + len(landed)
    notes = notes_up_to(container.app, lead_id)
    assert lead.notes_count == len(notes)
    assert sorted(notes) == sorted(landed)
    assert len(set(notes)) == len(notes)


def _post_notes(
    base_url: str, headers: dict[str, str], lead_id: str, writer: int, go: threading.Barrier
) -> list[tuple[int, str]]:
    outcomes: list[tuple[int, str]] = []
    with httpx.Client(base_url=base_url, timeout=20, headers=headers) as http:
        go.wait()
        for n in range(ATTEMPTS // 3):
            version = http.get(f"/audit/aggregates/{lead_id}/events", params={"limit": 1000}).json()["events"][-1][
                "version"
            ]
            text = f"http writer {writer} attempt {n}"
            r = http.post(f"/leads/{lead_id}/notes", json={"text": text}, headers={"If-Match": str(version)})
            outcomes.append((r.status_code, text))
            if r.status_code >= 400:
                assert r.headers["content-type"].startswith("application/problem+json"), r.text
    return outcomes


def test_http_commands_answer_201_409_or_412_when_racing_on_one_lead(database_url: str, schema: str) -> None:
    headers = staff_headers(database_url, schema)
    with (
        start_server(database_url, schema, SERVER_ENV) as server,
        httpx.Client(base_url=server.base_url, timeout=20, headers=headers) as http,
    ):
        lead_id = http.post("/leads", json={"name": "Contested over HTTP"}).json()["id"]
        go = threading.Barrier(THREADS)
        with ThreadPoolExecutor(THREADS) as pool:
            outcomes = [
                o
                for os_ in pool.map(lambda w: _post_notes(server.base_url, headers, lead_id, w, go), range(THREADS))
                for o in os_
            ]
        statuses = {status for status, _ in outcomes}
        assert statuses <= {201, 409, 412}, outcomes
        assert statuses & {409, 412}, "no request was ever refused: the race did not happen"
        landed = sorted(text for status, text in outcomes if status == 201)
        trail = http.get(f"/audit/aggregates/{lead_id}/events", params={"limit": 1000}).json()["events"]
        recorded = sorted(e["data"]["text"] for e in trail if e["topic"] == "baton.lead.NoteAdded")
        assert recorded == landed
        assert trail[-1]["version"] == 1 + len(landed)
