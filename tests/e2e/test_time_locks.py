"""Period locks over HTTP on real PostgreSQL: a lock racing an entry never lets both win, and months lock
themselves when the (movable) clock passes the grace after their end."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from domain.time.policy import auto_lock_due
from domain.time.values import Month
from tests.builders.identity import TEST_SECRET_KEY
from tests.builders.schemas import fresh_schema
from tests.e2e.client import ApiClient
from tests.e2e.server import ServerHandle, start_server
from tests.e2e.time_world import TimeWorld, build_world

ROUNDS = 12


@pytest.fixture(scope="module")
def world(database_url: str) -> Iterator[tuple[ServerHandle, TimeWorld]]:
    env = {
        "BATON_SECRET_KEY": TEST_SECRET_KEY, "BATON_ENVIRONMENT": "test", "BATON_MOVABLE_CLOCK": "true",
        "BATON_TIMER_POLL_INTERVAL": "60", "BATON_SESSION_IDLE_HOURS": "2000", "BATON_SESSION_MAX_DAYS": "400",
    }  # fmt: skip
    with fresh_schema(database_url) as schema:
        agency = build_world(database_url, schema, datetime.now(UTC).date())
        with start_server(database_url, schema, env, ready_timeout=120) as server:
            yield server, agency


def _post(server: ServerHandle, token: str, path: str, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(server.base_url + path, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def _race(server: ServerHandle, agency: TimeWorld, day: str) -> tuple[httpx.Response, httpx.Response]:
    """Send an entry on ``day`` and a lock of ``day`` at the same moment."""
    start, answers = threading.Barrier(2), {}
    entry = {"task_id": str(agency.ids["task"]), "day": day, "hours": "1"}
    lock = {"first_day": day, "last_day": day, "reason": "race"}

    def send(name: str, token: str, path: str, body: dict[str, Any]) -> None:
        start.wait()
        answers[name] = _post(server, token, path, body)

    threads = [
        threading.Thread(target=send, args=("entry", agency.token("employee"), "/time/entries", entry)),
        threading.Thread(target=send, args=("lock", agency.token("admin"), "/time/locks", lock)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers["entry"], answers["lock"]


def test_a_lock_and_an_entry_sent_together_never_both_win_when_they_race(world: Any) -> None:
    server, agency = world
    today, stored, outcomes, last = datetime.now(UTC).date(), set(), [], 0
    for n in range(1, ROUNDS + 1):
        day = str(today - timedelta(days=n))
        entry, lock = _race(server, agency, day)
        assert entry.status_code in (201, 409) and lock.status_code in (201, 409), (entry.text, lock.text)
        if entry.status_code == 201 and lock.status_code == 201:
            # Both stored: then the entry came first in the log, and the lock closed the day after it.
            assert entry.json()["position"] < lock.json()["position"], (entry.json(), lock.json())
            outcomes.append("entry, then lock")
        elif entry.status_code == 409:
            assert entry.json()["title"] in ("Period locked", "Changed concurrently"), entry.text
            outcomes.append(entry.json()["title"])
        else:
            assert lock.json()["title"] == "Changed concurrently", lock.text
            outcomes.append("lock lost")
        if entry.status_code == 201:
            stored.add(day)
        last = max([last] + [r.json()["position"] for r in (entry, lock) if r.status_code == 201])
    # The log holds exactly the entries that were answered 201: a refused one left nothing behind.
    admin = ApiClient(server.base_url, agency.token("admin"))
    person = str(agency.users["employee"].user_id)
    window = {"from": str(today - timedelta(days=ROUNDS)), "to": str(today), "person_id": person, "limit": 200}
    listed = admin.get("/time/entries", params={**window, "min_position": last})["items"]
    assert {e["day"] for e in listed} == stored, outcomes
    locked = admin.get("/time/locks", params={"limit": 200, "min_position": last})["items"]
    assert len(locked) == outcomes.count("entry, then lock") + sum(
        o in ("Period locked", "Changed concurrently") for o in outcomes
    )
    print(outcomes)


def test_a_month_locks_itself_when_the_clock_passes_its_grace_after_the_month(world: Any) -> None:
    server, agency = world
    admin, employee = (
        ApiClient(server.base_url, agency.token("admin")),
        ApiClient(server.base_url, agency.token("employee")),
    )
    today = datetime.now(UTC).date()
    entry = employee.post(
        "/time/entries", {"task_id": str(agency.ids["task"]), "day": str(today), "hours": "2"}, expect=201
    )
    admin.request("PUT", "/time/lock-policy", json={"grace_days": 2})
    assert admin.get("/time/lock-policy", params={"min_position": entry["position"]})["grace_days"] in (2, None)
    now = datetime.fromisoformat(admin.get("/clock")["now"])
    due = auto_lock_due(Month.of(today), 2)
    admin.post("/clock/advance", {"by": int((due - now).total_seconds()) + 60})
    deadline = time.monotonic() + 30
    while True:
        locks = [lock for lock in admin.get("/time/locks", params={"active": "true"})["items"] if lock["automatic"]]
        if any(lock["first_day"] == str(Month.of(today).first) for lock in locks) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    [lock] = [lock for lock in locks if lock["first_day"] == str(Month.of(today).first)]
    assert (lock["last_day"], lock["set_by_name"]) == (str(Month.of(today).last), "Baton (automatic lock)")
    refused = employee.problem("PATCH", f"/time/entries/{entry['id']}", 409, json={"hours": "3"})
    assert lock["id"] in refused["detail"] and "automatic lock" in refused["detail"]
