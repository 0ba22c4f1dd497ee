"""TOTP codes with one step of drift and no replay; backup codes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp

from domain.identity import one_time_codes as otc

NOW = datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC)
SECRET = otc.new_secret()


def code_at(moment: datetime) -> str:
    return pyotp.TOTP(SECRET).at(moment)


def test_current_code_matches_its_step_when_never_used() -> None:
    step = otc.matching_step(SECRET, code_at(NOW), NOW, None)
    assert step == int(NOW.timestamp()) // 30


def test_code_from_one_step_either_side_is_accepted_but_not_two() -> None:
    assert otc.matching_step(SECRET, code_at(NOW - timedelta(seconds=30)), NOW, None) is not None
    assert otc.matching_step(SECRET, code_at(NOW + timedelta(seconds=30)), NOW, None) is not None
    assert otc.matching_step(SECRET, code_at(NOW - timedelta(seconds=60)), NOW, None) is None


def test_code_is_refused_when_its_step_was_already_used() -> None:
    step = otc.matching_step(SECRET, code_at(NOW), NOW, None)
    assert otc.matching_step(SECRET, code_at(NOW), NOW, step) is None
    later = NOW + timedelta(seconds=30)
    assert otc.matching_step(SECRET, code_at(later), later, step) == step + 1  # type: ignore[operator]


def test_malformed_code_is_refused() -> None:
    assert otc.matching_step(SECRET, "12345", NOW, None) is None
    assert otc.matching_step(SECRET, "abcdef", NOW, None) is None


def test_provisioning_uri_names_the_issuer_and_the_account() -> None:
    uri = otc.provisioning_uri(SECRET, "avery@example.com", "Baton")
    assert uri.startswith("otpauth://totp/Baton:avery%40example.com?secret=" + SECRET)
    assert pyotp.parse_uri(uri).secret == SECRET


def test_backup_codes_are_ten_distinct_codes_accepted_without_dashes_or_case() -> None:
    codes = otc.new_backup_codes()
    assert len(set(codes)) == 10
    assert otc.normalise_backup_code(codes[0].replace("-", "").upper()) == codes[0]
