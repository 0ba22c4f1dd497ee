"""PostgreSQL goes down under load: the API answers 503 quickly, recovers by itself, loses nothing."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from eventsourcing import persistence as es_persistence

from baton.container import POOL_WAIT_SECONDS, build
from domain.leads import NewLead
from tests.builders import ctx, settings
from tests.e2e.server import ServerHandle, start_server
from tests.robustness.ledger import assert_equals_clean_rebuild, connect, versions_in_log, wait_until_caught_up
from tests.robustness.own_postgres import OwnPostgres, own_postgres
from tests.robustness.staff_token import SERVER_ENV, staff_headers

SCHEMA = "baton"
CLIENTS = 4
# Longer than a request waits for a pooled connection: a request sent as the database goes down must give up (503)
# before it comes back. Shorter, a loaded machine's requests could simply wait the outage out and succeed, and the
# test would see no 503 at all.
DOWN_FOR = POOL_WAIT_SECONDS + 2.0
# Longest acceptable answer while the database is down: the pool's wait plus the recorder's retries.
ANSWER_BOUND = 12.0


@dataclass
class Traffic:
    """What the clients saw: every answer with its status and time, and the leads that were created."""

    answers: list[tuple[float, str, int, float, str]] = field(default_factory=list)
    created: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture
def postgres() -> Iterator[OwnPostgres]:
    with own_postgres() as server:
        yield server


def _client(base_url: str, headers: dict[str, str], traffic: Traffic, stop: threading.Event, n: int) -> None:
    with httpx.Client(base_url=base_url, timeout=ANSWER_BOUND + 8, headers=headers) as http:
        i = 0
        while not stop.is_set():
            i += 1
            kind = "command" if i % 2 else "read"
            started = time.monotonic()
            try:
                if kind == "command":
                    r = http.post("/leads", json={"name": f"Client {n} lead {i}"})
                else:
                    r = http.get("/leads", params={"limit": 5})
            except httpx.HTTPError as exc:
                with traffic.lock:
                    traffic.errors.append(f"{kind}: {type(exc).__name__} {exc}")
                continue
            elapsed = time.monotonic() - started
            with traffic.lock:
                traffic.answers.append((started, kind, r.status_code, elapsed, r.headers.get("content-type", "")))
                if kind == "command" and r.status_code == 201:
                    traffic.created.add(r.json()["id"])
            time.sleep(0.02)


def _wait_for(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _since(traffic: Traffic, moment: float) -> list[tuple[float, str, int, float, str]]:
    with traffic.lock:
        return [a for a in traffic.answers if a[0] >= moment]


def test_api_answers_503_while_the_database_is_down_and_recovers_losing_nothing(postgres: OwnPostgres) -> None:
    traffic = Traffic()
    stop = threading.Event()
    headers = staff_headers(postgres.url, SCHEMA)
    with start_server(postgres.url, SCHEMA, {**SERVER_ENV, "BATON_READ_WAIT_TIMEOUT": "1"}) as server:
        clients = [
            threading.Thread(target=_client, args=(server.base_url, headers, traffic, stop, n)) for n in range(CLIENTS)
        ]
        for c in clients:
            c.start()
        try:
            _wait_for(lambda: len(traffic.created) >= 20, 30, "commands before the outage")
            generation_before = _active_generation(postgres)
            postgres.stop()
            down_at = time.monotonic()
            time.sleep(DOWN_FOR)
            ready_while_down = httpx.get(f"{server.base_url}/readyz", timeout=ANSWER_BOUND)
            postgres.start()
            up_at = time.monotonic()
            _wait_for(
                lambda: any(a[1] == "command" and a[2] == 201 for a in _since(traffic, up_at)),
                40,
                "a command to succeed again",
            )
            _wait_for(
                lambda: any(a[1] == "read" and a[2] == 200 for a in _since(traffic, up_at)),
                40,
                "a read to succeed again",
            )
        finally:
            stop.set()
            for c in clients:
                c.join(timeout=ANSWER_BOUND + 10)
        _check_outage_answers(server, traffic, down_at, up_at)
        assert ready_while_down.status_code == 503 and ready_while_down.json()["status"] == "unavailable"
        with connect(postgres.url, SCHEMA) as conn:
            in_log = set(versions_in_log(conn))
            wait_until_caught_up(conn, timeout=30)
    # The runner went on from its tracked position in the same generation: no rebuild from scratch.
    assert _active_generation(postgres) == generation_before
    # Every lead the API said it created is in the log; the view holds each event exactly once.
    assert traffic.created <= in_log, f"acknowledged but lost: {sorted(traffic.created - in_log)[:5]}"
    container = build(settings(postgres.url, SCHEMA))
    try:
        assert_equals_clean_rebuild(container, postgres.url, SCHEMA)
    finally:
        container.close()


def _active_generation(postgres: OwnPostgres) -> int:
    with connect(postgres.url, SCHEMA) as conn:
        row = conn.execute(
            "SELECT generation FROM projection_state WHERE name = 'lead_pipeline' AND status = 'active'"
        ).fetchone()
    assert row is not None
    return int(row[0])


def _check_outage_answers(server: ServerHandle, traffic: Traffic, down_at: float, up_at: float) -> None:
    answers = list(traffic.answers)
    statuses = {a[2] for a in answers}
    log = server.log()[-4000:]
    assert not traffic.errors, f"requests failed without an answer: {traffic.errors[:5]}\n{log}"
    assert statuses <= {200, 201, 503}, f"unexpected statuses {statuses}\n{log}"
    during = [a for a in answers if down_at <= a[0] < up_at]
    assert any(a[2] == 503 for a in during), f"no 503 while the database was down: {during[:10]}"
    for _, kind, status, elapsed, content_type in answers:
        assert elapsed < ANSWER_BOUND, f"a {kind} took {elapsed:.1f}s to answer"
        if status == 503:
            assert content_type.startswith("application/problem+json")


def test_command_gives_up_within_the_bound_when_the_database_goes_down_under_it(postgres: OwnPostgres) -> None:
    container = build(settings(postgres.url, SCHEMA))
    try:
        lead = container.leads.register(ctx(), NewLead(name="Before the outage"))
        postgres.stop()
        started = time.monotonic()
        with pytest.raises(es_persistence.OperationalError):
            container.leads.add_note(ctx(), lead.id, "During the outage")
        # The library alone would retry ten times, five seconds each.
        assert time.monotonic() - started < ANSWER_BOUND
        postgres.start()
        assert container.leads.add_note(ctx(), lead.id, "After the outage").version == 2
    finally:
        container.close()
