"""One small aggregate per email address, so two users can never share one."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.users.roles import normalise_email

_NAMESPACE = uuid5(NAMESPACE_URL, "baton:user-email")


def email_claim_id(email: str) -> UUID:
    """The id of the claim on ``email``: the same for any letter case."""
    return uuid5(_NAMESPACE, normalise_email(email))


class EmailClaim(BatonAggregate):
    """Records which user owns an email address; saved atomically with that user."""

    TOPIC = "baton.user.EmailClaim"

    class Event(BatonAggregate.Event):
        """Base of the claim's events."""

    class Claimed(Event, BatonAggregate.Created):
        """The address now belongs to ``user_id``."""

        TOPIC = "baton.user.EmailClaimed"
        email: str
        user_id: str

    Created = Claimed

    def __init__(self, email: str, user_id: str) -> None:
        self.email = email
        self.user_id = user_id

    @classmethod
    def claim(cls, ctx: CommandContext, email: str, user_id: UUID) -> EmailClaim:
        """Claim ``email`` for ``user_id`` (fails on save if someone holds it already)."""
        claim: EmailClaim = cls._start(
            cls.Claimed, ctx, email_claim_id(email), email=normalise_email(email), user_id=str(user_id)
        )
        return claim
