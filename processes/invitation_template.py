"""The invitation email: its link is made at the moment of sending, never stored in an event."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid
from uuid import UUID

from domain.outbox import OutboundEmail
from domain.users import User, UserStatus
from processes.email_delivery import Renderer

IssueLink = Callable[[UUID, int], tuple[str, datetime]]


def invitation_renderer(load_user: Callable[[UUID], User], issue_link: IssueLink, sender: str) -> Renderer:
    """Render invitations; a replaced or settled invitation renders to the reason it is dropped."""

    def render(email: OutboundEmail) -> EmailMessage | str:
        user = load_user(UUID(email.data["user_id"]))
        invitation = int(email.data["invitation"])
        if user.status is not UserStatus.INVITED:
            return f"the invitation is no longer pending (the user is {user.status})"
        if user.invitation != invitation:
            return "a newer invitation replaced this one"
        link, expires = issue_link(user.id, invitation)
        message = EmailMessage()
        message["From"] = sender
        message["To"] = email.to
        message["Subject"] = "Your invitation to Baton"
        message["Message-ID"] = make_msgid(idstring=str(email.id), domain="baton.local")
        message.set_content(
            f"Hello {user.name},\n\n"
            f"An admin invited you to Baton as {user.role}. Open this single-use link to set your password:\n\n"
            f"{link}\n\n"
            f"The link expires on {expires:%Y-%m-%d at %H:%M} UTC.\n"
            "If it has expired, ask an admin to resend your invitation.\n\n"
            "After setting your password, sign in"
            + (" and set up an authenticator app: MFA is required for staff.\n" if user.is_staff else ".\n")
        )
        return message

    return render
