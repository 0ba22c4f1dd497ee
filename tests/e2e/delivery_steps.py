"""Steps of the delivery walk over HTTP, each as a user would take it, for tests/e2e/test_delivery_walk.py."""

from __future__ import annotations

from typing import Any

import pyotp

from tests.e2e.client import ApiClient

PASSWORD = "Portal-pass-2026!"
# The first bytes are what the server checks: a real PDF and a real PNG start like this.
PDF = b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 40 + b"%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def upload(api: ApiClient, project_id: str, name: str, data: bytes, content_type: str, visibility: str) -> Any:
    """Upload a document as a browser form would (multipart)."""
    files = {"file": (name, data, content_type)}
    return api.request(
        "POST", f"/projects/{project_id}/documents", files=files, data={"visibility": visibility}, expect=201
    ).json()


def accept_invitation_and_sign_in(anonymous: ApiClient, token: str, email: str) -> ApiClient:
    """Set a password through the invitation link, sign in, and set up or answer MFA if the server asks."""
    anonymous.post(f"/auth/invitations/{token}", {"password": PASSWORD, "password_confirmation": PASSWORD})
    answer = anonymous.post("/auth/login", {"email": email, "password": PASSWORD})
    user = ApiClient(anonymous.base_url, answer["token"])
    if answer["stage"] == "enrol":
        enrolment = user.post("/me/mfa/enrolment", expect=201)
        secret = pyotp.parse_uri(enrolment["provisioning_uri"]).secret
        user.post("/me/mfa/enrolment/confirm", {"code": pyotp.TOTP(secret).now()})
    assert answer["stage"] in ("enrol", "full"), answer
    return user


def topics_by(api: ApiClient, record_id: str) -> list[tuple[str, str, str]]:
    """Every event of a record as (topic, actor id, time), from the audit trail."""
    trail = api.get(f"/audit/aggregates/{record_id}/events", params={"limit": 1000})
    assert all(e["actor"]["id"] and e["time"] for e in trail["events"])
    return [(e["topic"], e["actor"]["id"], e["time"]) for e in trail["events"]]
