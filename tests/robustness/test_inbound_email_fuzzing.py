"""The inbound-email webhook fuzzed: malformed messages and odd JSON never crash it, and what it refuses it does not record.

First the two readers alone (hypothesis, thousands of bodies): any bytes, any JSON,
and real messages with broken parts either read as an email with a sender and a
Message-ID and no NUL anywhere, or are refused as malformed. Then a live server:
signed malformed deliveries answer 202 or a 4xx problem, never a 5xx, and each
refusal leaves the mailbox as it was; bad signatures are refused before reading.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
from collections.abc import Iterator
from dataclasses import fields

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.tickets.mail_shapes import MalformedEmail, ParsedEmail, parse_postmark, parse_raw
from tests.builders.identity import TEST_SECRET_KEY
from tests.builders.schemas import fresh_schema
from tests.e2e.server import ServerHandle, start_server
from tests.robustness.staff_token import staff_headers

SECRET = "fuzz-inbound-secret-0123456789"
GOOD = (
    b"From: Ana <ana@client.test>\r\nTo: help@agency.test\r\nSubject: Site down\r\nMessage-ID: <m1@client.test>\r\n"
    b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nIt is down.\r\n"
    b"--XX\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n--XX--\r\n"
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=20,
)
POSTMARK_KEYS = ["FromFull", "From", "ToFull", "CcFull", "Subject", "TextBody", "HtmlBody", "Headers", "Attachments"]


def well_formed(parsed: ParsedEmail) -> None:
    assert "@" in parsed.sender and parsed.message_id.startswith("<") and parsed.message_id.endswith(">")
    for name in (f.name for f in fields(parsed)):
        value = getattr(parsed, name)
        texts = value if isinstance(value, tuple) else (value,)
        assert not any(isinstance(t, str) and "\x00" in t for t in texts), name


def read(reader, body: bytes) -> None:  # type: ignore[no-untyped-def]
    try:
        parsed = reader(body)
    except MalformedEmail as refused:
        assert str(refused)
    else:
        well_formed(parsed)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=2_000))
def test_any_bytes_read_as_an_email_or_are_refused_as_malformed(body: bytes) -> None:
    read(parse_raw, body)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(GOOD) - 1), st.binary(min_size=1, max_size=40), st.sampled_from(["insert", "replace", "cut"]))
def test_a_real_message_broken_anywhere_reads_or_is_refused(at: int, junk: bytes, how: str) -> None:
    if how == "insert":
        body = GOOD[:at] + junk + GOOD[at:]
    elif how == "replace":
        body = GOOD[:at] + junk + GOOD[at + len(junk) :]
    else:
        body = GOOD[:at]
    read(parse_raw, body)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(POSTMARK_KEYS), JSON, max_size=9) | JSON)
def test_any_json_reads_as_a_postmark_email_or_is_refused_as_malformed(data: object) -> None:
    read(parse_postmark, json.dumps(data).encode())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=500))
def test_bodies_that_are_not_json_are_refused_as_postmark(body: bytes) -> None:
    read(parse_postmark, body)


@pytest.fixture(scope="module")
def server(database_url: str) -> Iterator[tuple[ServerHandle, dict[str, str]]]:
    with fresh_schema(database_url) as schema:
        headers = staff_headers(database_url, schema)
        env = {"BATON_SECRET_KEY": TEST_SECRET_KEY, "BATON_INBOUND_EMAIL_SECRET": SECRET}
        with start_server(database_url, schema, env, ready_timeout=120) as handle:
            yield handle, headers


def deliver(handle: ServerHandle, body: bytes, content_type: str, secret: str = SECRET) -> httpx.Response:
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    headers = {"Content-Type": content_type, "X-Baton-Signature": signature}
    return httpx.post(f"{handle.base_url}/webhooks/inbound-email", content=body, headers=headers, timeout=15)


def recorded(handle: ServerHandle, headers: dict[str, str]) -> int:
    return len(httpx.get(f"{handle.base_url}/inbound-emails?limit=200", headers=headers, timeout=10).json()["items"])


def test_signed_malformed_deliveries_never_fail_the_server_and_refusals_record_nothing(
    server: tuple[ServerHandle, dict[str, str]],
) -> None:
    handle, headers = server
    rng = random.Random(20260302)
    bodies = [(GOOD, "message/rfc822")]
    for _ in range(40):
        at = rng.randrange(len(GOOD))
        junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 30)))
        bodies.append((GOOD[:at] + junk + GOOD[at:], rng.choice(["message/rfc822", "text/plain", "application/json"])))
    bodies += [
        (b"", "message/rfc822"),
        (b"{", "application/json"),
        (b"[]", "application/json"),
        (b"\x00" * 50, "message/rfc822"),
    ]
    bodies.append(
        (
            json.dumps({"FromFull": {"Email": "a@b.test"}, "Attachments": [{"Content": "!!"}]}).encode(),
            "application/json",
        )
    )
    for body, content_type in bodies:
        before = recorded(handle, headers)
        answer = deliver(handle, body, content_type)
        assert answer.status_code in (202, 413, 422), (answer.status_code, answer.text, body[:80])
        if answer.status_code != 202:
            assert answer.headers["content-type"].startswith("application/problem+json")
            assert recorded(handle, headers) == before
    assert handle.running()


def test_a_wrong_or_missing_signature_is_refused_with_401_and_nothing_recorded(
    server: tuple[ServerHandle, dict[str, str]],
) -> None:
    handle, headers = server
    before = recorded(handle, headers)
    assert deliver(handle, GOOD.replace(b"m1@", b"m2@"), "message/rfc822", secret="not the secret").status_code == 401
    unsigned = httpx.post(f"{handle.base_url}/webhooks/inbound-email", content=GOOD, timeout=10)
    assert unsigned.status_code == 401 and unsigned.json()["detail"]
    assert recorded(handle, headers) == before
