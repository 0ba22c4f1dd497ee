"""Password rules: each refusal says which rule failed."""

from __future__ import annotations

import pytest

from domain.identity.password_policy import WeakPassword, check_password


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("Ab1!", "at least 10 characters"),
        ("1234567890!!", "at least one letter"),
        ("abcdefghij!!", "at least one digit"),
        ("abcdefghij12", "at least one symbol"),
        ("a1!" * 90, "at most 256"),
    ],
)
def test_password_is_refused_naming_the_rule_when_it_breaks_one(password: str, rule: str) -> None:
    with pytest.raises(WeakPassword, match=rule):
        check_password(password)


@pytest.mark.parametrize("password", ["correct-Horse-42", "pässwört 2024!", "1234567890a#"])
def test_password_is_accepted_when_it_has_length_letters_digits_and_symbols(password: str) -> None:
    check_password(password)
