"""A new employee's onboarding over real HTTP, with a real SMTP server and real TOTP codes."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pyotp
import pytest
from PIL import Image

from tests.builders.identity import TEST_SECRET_KEY
from tests.builders.smtp import Mailbox, invitation_token, smtp_server
from tests.e2e.client import ApiClient
from tests.e2e.server import ServerHandle, server_env, start_server

PASSWORD = "Strong-pass-2026"


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (30, 90, 200)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def mail() -> Iterator[tuple[Mailbox, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def mailing_server(database_url: str, schema: str, mail: tuple[Mailbox, int]) -> Iterator[ServerHandle]:
    env = {
        "BATON_SMTP_HOST": "127.0.0.1",
        "BATON_SMTP_PORT": str(mail[1]),
        "BATON_SMTP_TLS": "none",
        "BATON_SMTP_FROM": "Baton <noreply@baton.test>",
        "BATON_SECRET_KEY": TEST_SECRET_KEY,
        "BATON_PUBLIC_URL": "https://baton.example.test",
    }
    with start_server(database_url, schema, env) as handle:
        yield handle


def create_first_admin(database_url: str, schema: str, email: str) -> str:
    """Run `baton admin create` and return the token of the setup link it prints."""
    run = subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "baton.cli", "admin", "create", "--email", email, "--name", "First Admin"],
        env=server_env(database_url, schema, {"BATON_SECRET_KEY": TEST_SECRET_KEY}),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, f"baton admin create failed:\n{run.stdout}\n{run.stderr[-3000:]}"
    link = run.stdout.strip().splitlines()[-1]
    assert link.startswith("http") and "/welcome/" in link, run.stdout
    return link.rsplit("/", 1)[1]


def code_after_last(secret: str, steps: int = 1) -> str:
    """A valid code of a later time step than one just used (one step of drift is allowed)."""
    return pyotp.TOTP(secret).at(datetime.now(UTC) + timedelta(seconds=30 * steps))


def sign_in(api: ApiClient, email: str, password: str) -> dict[str, Any]:
    answer: dict[str, Any] = api.post("/auth/login", {"email": email, "password": password})
    return answer


def enrol(api: ApiClient) -> tuple[str, list[str]]:
    """Set up MFA on the signed-in session; returns the secret and the backup codes."""
    enrolment = api.post("/me/mfa/enrolment", expect=201)
    uri = enrolment["provisioning_uri"]
    assert uri.startswith("otpauth://totp/")
    secret = pyotp.parse_uri(uri).secret
    qr = api.request("GET", enrolment["qr_code_url"])
    assert qr.headers["content-type"].startswith("image/svg+xml") and b"<svg" in qr.content
    confirmed = api.post("/me/mfa/enrolment/confirm", {"code": pyotp.TOTP(secret).now()})
    return secret, confirmed["backup_codes"]


def admin_session(server: ServerHandle, database_url: str, schema: str) -> ApiClient:
    token = create_first_admin(database_url, schema, "first.admin@example.com")
    anonymous = ApiClient(server.base_url)
    anonymous.post(f"/auth/invitations/{token}", {"password": PASSWORD, "password_confirmation": PASSWORD})
    answer = sign_in(anonymous, "first.admin@example.com", PASSWORD)
    admin = ApiClient(server.base_url, answer["token"])
    enrol(admin)
    return admin


def test_new_employee_onboards_from_invitation_to_mfa_sign_in(
    mailing_server: ServerHandle, mail: tuple[Mailbox, int], database_url: str, schema: str
) -> None:
    mailbox = mail[0]
    admin = admin_session(mailing_server, database_url, schema)
    anonymous = ApiClient(mailing_server.base_url)

    # The admin invites; the email arrives at the SMTP server with a single-use link.
    invited = admin.post(
        "/users", {"email": "New.Hire@Example.com", "name": "New Hire", "role": "employee"}, expect=201
    )
    message = mailbox.wait_for("new.hire@example.com")[0]
    assert message["From"] == "Baton <noreply@baton.test>"
    assert "https://baton.example.test/welcome/" in message.get_content()
    token = invitation_token(message)
    shown = anonymous.get(f"/auth/invitations/{token}")
    assert (shown["email"], shown["role"]) == ("new.hire@example.com", "employee")

    # The link sets a password; weak ones are refused naming the rule.
    weak = anonymous.problem(
        "POST",
        f"/auth/invitations/{token}",
        422,
        json={"password": "abcdefghij12", "password_confirmation": "abcdefghij12"},
    )
    assert "symbol" in weak["detail"]
    anonymous.post(f"/auth/invitations/{token}", {"password": PASSWORD, "password_confirmation": PASSWORD})
    used = anonymous.problem(
        "POST", f"/auth/invitations/{token}", 410, json={"password": PASSWORD, "password_confirmation": PASSWORD}
    )
    assert "ask an admin to resend" in used["detail"].lower()

    # First sign-in: staff without MFA can do nothing but enrol.
    first = sign_in(anonymous, "new.hire@example.com", PASSWORD)
    assert first["stage"] == "enrol"
    employee = ApiClient(mailing_server.base_url, first["token"])
    blocked = employee.problem("GET", "/leads", 403)
    assert "multi-factor" in blocked["detail"]
    secret, backup_codes = enrol(employee)
    assert len(backup_codes) == 10 and len(set(backup_codes)) == 10
    assert employee.get("/leads")["items"] == []

    # Profile.
    me = employee.get("/me")
    assert (me["mfa_enabled"], me["role"], me["id"]) == (True, "employee", invited["id"])
    employee.request("PATCH", "/me", json={"job_title": "Designer", "phone": "+1 555 0100"}, if_match=me["version"])
    employee.request("PUT", "/me/avatar", content=png(), headers={"Content-Type": "image/png"})
    assert employee.problem("PUT", "/me/avatar", 422, content=b"GIF89a....")["detail"].startswith("The avatar must be")
    me = employee.get("/me")
    assert (me["job_title"], me["has_avatar"]) == ("Designer", True)

    # Logout; the token stops working.
    employee.request("POST", "/auth/logout", expect=204)
    employee.problem("GET", "/me", 401)

    # Sign in with a TOTP code; the same code cannot be used twice.
    challenge = sign_in(anonymous, "new.hire@example.com", PASSWORD)
    assert challenge["stage"] == "mfa"
    pending = ApiClient(mailing_server.base_url, challenge["token"])
    pending.problem("GET", "/leads", 401)
    code = code_after_last(secret)
    signed_in = pending.post("/auth/login/mfa", {"code": code})
    assert signed_in["stage"] == "full"
    ApiClient(mailing_server.base_url, signed_in["token"]).get("/leads")
    replay = ApiClient(mailing_server.base_url, sign_in(anonymous, "new.hire@example.com", PASSWORD)["token"])
    assert (
        "already used: wait for the next code"
        in replay.problem("POST", "/auth/login/mfa", 401, json={"code": code})["detail"]
    )

    # Sign in with a backup code; it fails the second time.
    assert replay.post("/auth/login/mfa", {"code": backup_codes[0]})["stage"] == "full"
    again = ApiClient(mailing_server.base_url, sign_in(anonymous, "new.hire@example.com", PASSWORD)["token"])
    again.problem("POST", "/auth/login/mfa", 401, json={"code": backup_codes[0]})

    # The admin sees the security record in the audit trail, without secrets.
    trail = admin.get(f"/audit/aggregates/{invited['id']}/events", params={"limit": 1000})
    topics = [e["topic"] for e in trail["events"]]
    for expected in (
        "baton.user.Invited",
        "baton.user.InvitationAccepted",
        "baton.user.MfaEnabled",
        "baton.user.LoginSucceeded",
        "baton.user.LoginFailed",
        "baton.user.SessionRevoked",
    ):
        assert expected in topics
    dumped = str(trail)
    for secret_value in (PASSWORD, secret, token, code, backup_codes[0], signed_in["token"]):
        assert secret_value not in dumped


def test_expired_invitation_link_is_refused_with_a_message_to_ask_an_admin(
    mailing_server: ServerHandle, mail: tuple[Mailbox, int], database_url: str, schema: str
) -> None:
    admin = admin_session(mailing_server, database_url, schema)
    admin.post("/users", {"email": "late@example.com", "name": "Late Joiner", "role": "employee"}, expect=201)
    token = invitation_token(mail[0].wait_for("late@example.com")[0])
    with psycopg.connect(database_url, options=f"-c search_path={schema}", autocommit=True) as conn:
        conn.execute("UPDATE identity_invite_tokens SET expires_at = now() - interval '1 minute'")
    anonymous = ApiClient(mailing_server.base_url)
    problem = anonymous.problem("GET", f"/auth/invitations/{token}", 410)
    assert "expired" in problem["detail"] and "Ask an admin to resend your invitation" in problem["detail"]
    anonymous.problem(
        "POST", f"/auth/invitations/{token}", 410, json={"password": PASSWORD, "password_confirmation": PASSWORD}
    )


def test_repeated_wrong_passwords_get_429_saying_when_to_try_again(
    mailing_server: ServerHandle, database_url: str, schema: str
) -> None:
    admin_session(mailing_server, database_url, schema)
    anonymous = ApiClient(mailing_server.base_url)
    wrong = {"email": "first.admin@example.com", "password": "Not-the-pass-1"}
    for _ in range(5):
        problem = anonymous.problem("POST", "/auth/login", 401, json=wrong)
        assert problem["detail"] == "The email or password is incorrect."
    unknown = anonymous.problem("POST", "/auth/login", 401, json={"email": "x@example.com", "password": "Whatever-1"})
    assert unknown["detail"] == "The email or password is incorrect."
    started = time.monotonic()
    response = anonymous.request("POST", "/auth/login", json={**wrong, "password": PASSWORD}, expect=429)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "Try again in 15 minutes" in response.json()["detail"]
    assert int(response.headers["Retry-After"]) > 800
    assert time.monotonic() - started < 5
