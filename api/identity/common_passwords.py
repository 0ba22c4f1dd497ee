"""Refuse the passwords attackers try first: zxcvbn's bundled list of the 30,000 most common ones.

A common password dressed up to pass the length and character rules ("Password123!",
"P@ssw0rd-2024") is as weak as the bare one, so the check also looks at the password
with its case folded, common letter substitutions undone and the digits and symbols
around it removed.
"""

from __future__ import annotations

import re
from functools import cache

from domain.identity.password_policy import WeakPassword, check_password

_UNLEET = str.maketrans({"@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "$": "s", "5": "s", "7": "t"})
_AROUND = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_SHORTEST_CORE = 4  # shorter words are in the list but are no password on their own


@cache
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def _forms(password: str) -> set[str]:
    folded = password.casefold()
    forms = {folded, folded.translate(_UNLEET)}
    for form in list(forms):
        core = _AROUND.sub("", form)
        if len(core) >= _SHORTEST_CORE:
            forms.add(core)
        forms.add(form.replace(" ", ""))
    return forms


def common_form(password: str) -> str | None:
    """The common password ``password`` is made from, or None."""
    listed = common_passwords()
    return next((form for form in sorted(_forms(password), key=len) if form in listed), None)


def check_new_password(password: str) -> None:
    """The password rules, and not one of the most common passwords (WeakPassword saying which rule)."""
    check_password(password)
    if common_form(password) is not None:
        raise WeakPassword(
            "This password is one of the most common ones (or one of them with digits and symbols added), "
            "so it is among the first an attacker tries. Choose another, for example three unrelated words."
        )
