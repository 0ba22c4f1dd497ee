"""Urgent categories: problems that hurt a client's business now, and the phrases that name them.

A new ticket whose category is urgent, or whose subject or first message uses
one of an urgent category's phrases, starts at priority ``urgent``. Matching
ignores letter case, accents and punctuation, and needs whole words, so
"site down" matches "Our SITE, down since 9h!" but "login" does not match
"logins". The defaults below are what the support team treats as urgent;
admins edit the list (see ``UrgentCatalogue``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from domain.errors import InvalidInput

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")


def normalise(text: str) -> str:
    """Lower case, accents removed, every run of non-alphanumerics one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


@dataclass(frozen=True)
class UrgentCategory:
    """One kind of urgent problem: a stable key, a label, and the phrases that reveal it."""

    key: str
    label: str
    phrases: tuple[str, ...]

    def checked(self) -> UrgentCategory:
        """The same category with a valid key, a label and distinct, non-blank phrases."""
        key = self.key.strip().lower()
        if not _KEY.match(key):
            raise InvalidInput(f"'{self.key}' is not a category key (lower-case letters, digits, '-' or '_').")
        label = " ".join(self.label.split())
        if not label:
            raise InvalidInput("An urgent category needs a label.")
        phrases: list[str] = []
        for phrase in self.phrases:
            cleaned = " ".join(phrase.split())
            if normalise(cleaned) and normalise(cleaned) not in {normalise(p) for p in phrases}:
                phrases.append(cleaned)
        if not phrases:
            raise InvalidInput(f"The urgent category '{label}' needs at least one phrase.")
        return UrgentCategory(key=key, label=label, phrases=tuple(phrases))


@dataclass(frozen=True)
class UrgentMatch:
    """Why a ticket was raised to urgent: the category, and the phrase found ("" when chosen as category)."""

    category: str
    phrase: str


def match_urgent(categories: Iterable[UrgentCategory], *, category: str, texts: Iterable[str]) -> UrgentMatch | None:
    """The first urgent category the ticket's chosen category or its texts match, if any."""
    listed = list(categories)
    chosen = category.strip().lower()
    for candidate in listed:
        if chosen and chosen == candidate.key:
            return UrgentMatch(category=candidate.key, phrase="")
    haystack = f" {' '.join(normalise(text) for text in texts)} "
    for candidate in listed:
        for phrase in candidate.phrases:
            needle = normalise(phrase)
            if needle and f" {needle} " in haystack:
                return UrgentMatch(category=candidate.key, phrase=phrase)
    return None


def _c(key: str, label: str, *phrases: str) -> UrgentCategory:
    return UrgentCategory(key=key, label=label, phrases=phrases)


# The clients write in English and Portuguese, so each category lists both.
DEFAULT_URGENT_CATEGORIES: tuple[UrgentCategory, ...] = (
    _c(
        "checkout",
        "Checkout not working",
        "checkout not working",
        "checkout is broken",
        "checkout broken",
        "cannot complete checkout",
        "can't complete checkout",
        "checkout não funciona",
        "checkout não está a funcionar",
    ),
    _c(
        "email-delivery",
        "Emails not sending",
        "emails not sending",
        "email not sending",
        "emails are not being sent",
        "emails not delivered",
        "emails não estão a ser enviados",
        "não envia emails",
    ),
    _c(
        "site-down",
        "Site down or unreachable",
        "site down",
        "site is down",
        "website down",
        "website is down",
        "site unreachable",
        "site not loading",
        "cannot access the site",
        "can't access the website",
        "site em baixo",
        "site inacessível",
    ),
    _c(
        "forms",
        "Forms not converting",
        "forms not converting",
        "form not working",
        "form not submitting",
        "contact form broken",
        "formulário não funciona",
        "formulários não funcionam",
    ),
    _c(
        "payments",
        "Payment errors",
        "payment error",
        "payments failing",
        "payment failed",
        "payment methods broken",
        "erro de pagamento",
        "erro no pagamento",
        "pagamentos a falhar",
        "métodos de pagamento com erros",
    ),
    _c(
        "login",
        "Login broken",
        "login broken",
        "login not working",
        "cannot log in",
        "can't log in",
        "cannot sign in",
        "can't sign in",
        "autenticação não funciona",
        "não consigo entrar",
    ),
    _c(
        "integrations",
        "Integrations failing",
        "integration failing",
        "integration not working",
        "integrations not working",
        "sync failing",
        "integrações não funcionam",
        "integração falhou",
    ),
)
