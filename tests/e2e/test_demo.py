"""`baton serve --demo`: a sample agency and an admin whose password is made for this install only."""

from __future__ import annotations

import re
import stat
import time
from pathlib import Path

import httpx
import pyotp

import api
import baton
import domain
from tests.builders.identity import TEST_SECRET_KEY, signed_in_user
from tests.e2e.client import ApiClient
from tests.e2e.server import start_server

PACKAGES = [Path(p.__file__).parent for p in (api, baton, domain)]


def test_demo_server_prints_its_addresses_and_lists_the_sample_leads_when_started(
    database_url: str, schema: str
) -> None:
    with start_server(database_url, schema, {"BATON_SECRET_KEY": TEST_SECRET_KEY}, args=("--demo",)) as demo:
        printed = demo.log()
        assert f"Baton API:  {demo.base_url}/" in printed and f"API docs:   {demo.base_url}/docs" in printed
        with ApiClient(demo.base_url, signed_in_user(database_url, schema).token) as api_client:
            head = api_client.get("/readyz")["head"]
            page = api_client.list_leads(min_position=head)
    assert len(page["items"]) == 6
    assert page["counts"] == {"new": 1, "contacted": 1, "qualified": 1, "proposal_sent": 1, "converted": 1, "lost": 1}


def test_demo_admin_signs_in_with_the_password_printed_once_which_no_installed_file_holds(
    database_url: str, schema: str
) -> None:
    with start_server(database_url, schema, {"BATON_SECRET_KEY": TEST_SECRET_KEY}, args=("--demo",)) as demo:
        printed = demo.log()
        email, password = re.search(r"Demo admin: (\S+) / (\S+)", printed).groups()  # type: ignore[union-attr]
        secret = pyotp.parse_uri(re.search(r"URI: (otpauth://\S+)", printed).group(1)).secret  # type: ignore[union-attr]
        with httpx.Client(base_url=demo.base_url, timeout=10) as http:
            first = http.post("/auth/login", json={"email": email, "password": password})
            token = first.json()["token"]
            second = http.post(
                "/auth/login/mfa",
                # The demo's enrolment used this time step's code; the next step's is accepted (one step either side).
                json={"code": pyotp.TOTP(secret).at(time.time() + 30)},
                headers={"Authorization": f"Bearer {token}"},
            )
        kept = Path(demo.log_path.parent, "var", "demo-admin.txt")  # the server's data dir
        assert password in kept.read_text() and stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert (first.status_code, first.json()["stage"]) == (200, "mfa")
    assert (second.status_code, second.json()["stage"]) == (200, "full")
    shipped = [f for package in PACKAGES for f in package.rglob("*.py") if password in f.read_text()]
    assert shipped == []


def test_second_demo_start_says_the_demo_exists_and_how_to_start_over(database_url: str, schema: str) -> None:
    with start_server(database_url, schema, {"BATON_SECRET_KEY": TEST_SECRET_KEY}, args=("--demo",)):
        pass
    with start_server(database_url, schema, {"BATON_SECRET_KEY": TEST_SECRET_KEY}, args=("--demo",)) as again:
        printed = again.log()
    assert "The demo agency is already loaded" in printed and "nothing was added" in printed
    assert "To start over" in printed and "Demo admin:" not in printed
