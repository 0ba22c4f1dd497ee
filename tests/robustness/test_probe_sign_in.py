"""Outside probes of signing in: forged forwarding headers, the password change, timing, sensitive changes.

Each test is a probe that found a weakness before it was fixed (docs/security.md, "Probes").
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Iterator

import pyotp
import pytest

from tests.robustness.probe_server import Probed, probed_server


@pytest.fixture(scope="module")
def probed(database_url: str) -> Iterator[Probed]:
    with probed_server(database_url) as found:
        yield found


def test_forged_forwarded_for_is_ignored_when_no_proxy_is_trusted(probed: Probed) -> None:
    # 30 failures, each claiming another address: the per-address limit (20) still counts the real one.
    probed.clear_failures()
    statuses = []
    with probed.http() as http:
        for i in range(30):
            answer = http.post(
                "/auth/login",
                json={"email": f"nobody-{i}@example.com", "password": "Wrong-pass-1!"},
                headers={"X-Forwarded-For": f"203.0.113.{i}"},
            )
            statuses.append(answer.status_code)
    assert statuses[:20] == [401] * 20
    assert set(statuses[20:]) == {429}, statuses


def test_refusal_records_the_real_address_when_forwarded_for_is_forged(database_url: str) -> None:
    with probed_server(database_url) as probed, probed.http() as http:
        http.post(
            "/auth/login",
            json={"email": probed.client.email, "password": "Wrong-pass-1!"},
            headers={"X-Forwarded-For": "198.51.100.7"},
        )
        trail = http.get(
            f"/audit/aggregates/{probed.client.user_id}/events",
            headers={"Authorization": f"Bearer {probed.admin.token}"},
        ).json()
        failed = [e for e in trail["events"] if e["topic"] == "baton.user.LoginFailed"]
        deadline = time.monotonic() + 10
        while not failed and time.monotonic() < deadline:  # recorded once answered
            time.sleep(0.1)
            trail = http.get(
                f"/audit/aggregates/{probed.client.user_id}/events",
                headers={"Authorization": f"Bearer {probed.admin.token}"},
            ).json()
            failed = [e for e in trail["events"] if e["topic"] == "baton.user.LoginFailed"]
        assert [e["data"]["address"] for e in failed] == ["127.0.0.1"]


def test_forwarded_for_is_believed_when_it_comes_from_a_trusted_proxy(database_url: str) -> None:
    with probed_server(database_url, {"BATON_TRUSTED_PROXIES": "127.0.0.1"}) as probed, probed.http() as http:
        statuses = [
            http.post(
                "/auth/login",
                json={"email": f"nobody-{i}@example.com", "password": "Wrong-pass-1!"},
                headers={"X-Forwarded-For": f"203.0.113.{i}"},
            ).status_code
            for i in range(25)
        ]
    assert statuses == [401] * 25  # each client address behind the proxy has its own count


def test_wrong_current_password_is_throttled_when_changing_the_password(probed: Probed) -> None:
    new = "Fresh start 42!"
    body = {"current_password": "Not-my-password-9", "new_password": new, "new_password_confirmation": new}
    probed.clear_failures()
    with probed.http(probed.client.token) as http:
        statuses = [http.post("/me/password", json=body).status_code for _ in range(7)]
        assert statuses[:5] == [401] * 5 and statuses[5:] == [429, 429], statuses
        # Even the right password waits now: guessing cannot go on.
        right = {**body, "current_password": probed.client.password}
        assert http.post("/me/password", json=right).status_code == 429


def test_sensitive_mfa_changes_need_the_password_or_a_current_code(database_url: str) -> None:
    with probed_server(database_url) as probed, probed.http(probed.admin.token) as http:
        assert http.post("/me/mfa/backup-codes", json={}).status_code == 422
        assert http.post("/me/mfa/backup-codes", json={"password": "Not-my-password-9"}).status_code == 401
        fresh = http.post("/me/mfa/backup-codes", json={"password": probed.admin.password})
        assert fresh.status_code == 200 and len(fresh.json()["backup_codes"]) == 10
        assert http.post("/me/mfa/enrolment").status_code == 422  # MFA is on: replacing it needs a proof
        replaced = http.post("/me/mfa/enrolment", json={"password": probed.admin.password})
        assert replaced.status_code == 201, replaced.text
        code = pyotp.TOTP(pyotp.parse_uri(replaced.json()["provisioning_uri"]).secret).now()
        assert http.post("/me/mfa/enrolment/confirm", json={"code": code}).status_code == 200
        assert http.post("/me/mfa/reset", json={}).status_code == 422
        assert http.post("/me/mfa/reset", json={"password": probed.admin.password}).status_code == 200
        assert http.get("/leads").status_code == 403  # staff without MFA may only enrol again


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def test_known_and_unknown_emails_take_as_long_when_the_password_is_wrong(probed: Probed) -> None:
    known: list[float] = []
    unknown: list[float] = []
    with probed.http() as http:
        for i in range(31):  # interleaved in pairs, as the probe did; the first pair warms up
            pair = [(probed.admin.email, known), (f"nobody-{i}@example.org", unknown)]
            for email, into in pair if i % 2 else pair[::-1]:  # which goes first alternates: no order bias
                probed.clear_failures()  # measure the refusal, not the throttle
                started = time.perf_counter()
                answer = http.post("/auth/login", json={"email": email, "password": "Wrong-pass-1!"})
                into.append(time.perf_counter() - started)
                assert answer.status_code == 401
    differences = [(k - u) * 1000 for k, u in zip(known[1:], unknown[1:], strict=True)]
    # Each pair ran back to back, so the median of the pairs' differences cancels the machine's drift under load.
    gap = statistics.median(differences)
    # How far that median may wander by chance: three standard errors, estimated robustly from the spread of
    # the differences (MAD), so a machine loaded by other work widens the bound as its noise grows.
    spread = statistics.median(abs(d - gap) for d in differences) * 1.4826
    chance = 3 * 1.2533 * spread / math.sqrt(len(differences))
    print(f"median known {_median_ms(known):.1f} ms, unknown {_median_ms(unknown):.1f} ms, paired gap {gap:.1f} ms")
    print(f"spread of the differences {spread:.1f} ms, chance bound {chance:.1f} ms")
    # The probe saw a known email answer 13-18 ms later on every pair (its history write): a gap far outside
    # chance on a quiet machine. Now both do the same work and the gap is noise.
    assert abs(gap) < max(5.0, 0.05 * _median_ms(unknown), chance)
