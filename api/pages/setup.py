"""What the setup pages say: who a link is for, the password rules, the authenticator, the backup codes."""

from __future__ import annotations

from datetime import datetime
from html import escape

from api.pages.html import field
from domain.identity.password_policy import MAX_LENGTH, MIN_LENGTH
from domain.users import User

PASSWORD_RULES = (
    f"at least {MIN_LENGTH} characters (at most {MAX_LENGTH})",
    "a letter, a digit and a symbol (a space counts as a symbol)",
    "not one of the most common passwords, even with digits or symbols added",
    "typed exactly: spaces at the start or end are kept as part of it",
)


def password_form(user: User, expires_at: datetime, error: str | None = None) -> str:
    """Who the link is for and the form that sets the password."""
    rules = "".join(f"<li>{escape(rule)}</li>" for rule in PASSWORD_RULES)
    return (
        f"<h1>Welcome to Baton, {escape(user.name)}</h1>"
        f"<p>This link is for <strong>{escape(user.email)}</strong>, invited as <strong>{escape(user.role.value)}"
        f"</strong>. It works once, until {expires_at:%Y-%m-%d %H:%M} UTC.</p>"
        '<form method="post" novalidate>'
        + field("Choose a password", "password", kind="password", error=error, extra='autocomplete="new-password"')
        + f'<ul class="policy" id="policy">{rules}</ul>'
        + field("Type it again", "password_confirmation", kind="password", extra='autocomplete="new-password"')
        + '<button type="submit">Set my password</button></form>'
        + (
            '<p class="muted">Next: staff set up an authenticator app (MFA is required for admins and employees).</p>'
            if user.mfa_required
            else ""
        )
    )


def password_set(user: User) -> str:
    """The end of the road for a user without MFA to set up."""
    return (
        f"<h1>Your password is set, {escape(user.name)}</h1>"
        f"<p>Sign in as <strong>{escape(user.email)}</strong> from the Baton app you use "
        "(or the API: <code>POST /auth/login</code>).</p>"
    )


def enrolment(svg: str, secret: str, error: str | None = None) -> str:
    """The QR code to scan, the key to type instead, and the field for the first code."""
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return (
        "<h1>Set up your authenticator app</h1>"
        "<p>Staff accounts sign in with a password and a code from an authenticator app "
        "(Google Authenticator, Microsoft Authenticator, 1Password, Aegis, ...).</p>"
        "<h2>1. Scan this QR code with the app</h2>"
        f'<div class="qr" id="qr">{svg}</div>'
        f'<p class="muted">Cannot scan it? Type this key instead: <span class="secret" id="secret">{grouped}</span></p>'
        "<h2>2. Enter the 6-digit code the app shows</h2>"
        '<form method="post" novalidate>'
        + field(
            "Code",
            "code",
            kind="text",
            error=error,
            extra='inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7"',
        )
        + '<button type="submit">Turn on MFA</button></form>'
    )


def backup_codes(user: User, codes: list[str]) -> str:
    """The backup codes, shown this once, with how to keep them."""
    listed = "".join(f"<li>{escape(code)}</li>" for code in codes)
    return (
        "<h1>MFA is on: keep your backup codes</h1>"
        '<p class="notice"><strong>Shown only now.</strong> Print this page (Ctrl+P, or &#8984;P on a Mac) or copy the '
        "codes into your password manager. If you lose your phone, each code signs you in once.</p>"
        f'<ol class="codes" id="backup-codes">{listed}</ol>'
        f"<p>You are signed in as <strong>{escape(user.email)}</strong>. From now on, sign in with your password and "
        "a code from the app.</p>"
        '<p class="noprint"><a href="/docs">Open the API documentation</a></p>'
    )


def problem(title: str, detail: str) -> str:
    """A refusal, in words (an expired link, a session that ended, ...)."""
    return f"<h1>{escape(title)}</h1><p>{escape(detail)}</p>"
