"""The credentials guard: slips that put a secret into the log are caught; names of where secrets are kept are not."""

from __future__ import annotations

import pytest

from domain.handoff.secrets import secret_in


@pytest.mark.parametrize(
    "text",
    [
        "password: hunter2",
        "PWD=correcthorsebatterystaple",
        "client_secret = 'x7-Kq'",
        "ftp://deploy:Secr3t@files.client.example/",
        "-----BEGIN OPENSSH PRIVATE KEY-----",
        "sk_test_51HqLyjWDarjtT1zdp7dc",
        "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "xoxb-1234567890-abcdefghij",
        "AKIAIOSFODNN7EXAMPLE",
    ],
)
def test_a_credential_is_caught_when_pasted_into_handoff_text(text: str) -> None:
    assert secret_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "API key: stored in the vault",
        "Password: in the vault, entry 'Client site'",
        "token: ask the support lead.",
        "https://www.client.example/admin",
        "The bypass: use the side entrance",
        "Passwords are rotated every quarter",
    ],
)
def test_plain_words_are_accepted_when_they_only_talk_about_credentials(text: str) -> None:
    assert secret_in(text) == ""
