"""Phone numbers and websites: one rule each, for every record that keeps them (leads, user profiles).

The API states the same rules as patterns in its schemas (api.schemas ``Phone``, ``Website``), so a
value the schema accepts is a value the domain accepts. An empty value means "none".
"""

from __future__ import annotations

import re

from domain.errors import InvalidInput

# Whitespace exactly as str.strip() and str.isspace() know it, spelled out for patterns: `\s` means three different
# sets in Python, in pydantic's regex engine and in the JavaScript of a client reading the API's schemas.
SPACE = r"\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
PHONE_MAX = 50
# An optional +, then digits with spaces, brackets, dots, dashes or slashes between them; at least one digit.
PHONE = r"\+?[ (]*[0-9][0-9 ().\-/]*"
WEBSITE_MAX = 300
# A host name with a dot (an optional http:// or https:// before it), an optional port and path.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
WEBSITE = rf"(https?://)?{_LABEL}(\.{_LABEL})+(:[0-9]{{1,5}})?(/[^\x00{SPACE}]*)?"
# As the API's schemas state them: surrounding spaces are allowed there (they are trimmed), or nothing at all.
PHONE_PATTERN = rf"^[{SPACE}]*({PHONE})?[{SPACE}]*$"
WEBSITE_PATTERN = rf"^[{SPACE}]*({WEBSITE})?[{SPACE}]*$"


def check_phone(value: str) -> str:
    """``value`` trimmed, or InvalidInput saying what a phone number may hold."""
    value = value.strip()
    if len(value) > PHONE_MAX or not (value == "" or re.fullmatch(PHONE, value)):
        raise InvalidInput(
            f"'{value[:60]}' is not a phone number: use digits, with an optional leading + and spaces, "
            f"brackets, dots or dashes between them (at most {PHONE_MAX} characters)."
        )
    return value


def check_website(value: str) -> str:
    """``value`` trimmed, or InvalidInput saying what a website may look like."""
    value = value.strip()
    if len(value) > WEBSITE_MAX or not (value == "" or re.fullmatch(WEBSITE, value)):
        raise InvalidInput(
            f"'{value[:60]}' is not a website: give an address such as example.com or https://www.example.com/about."
        )
    return value
