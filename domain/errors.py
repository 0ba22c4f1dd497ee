"""Domain errors: each says, in words a user understands, what went wrong."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""

    title = "Request refused"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class RuleViolation(DomainError):
    """A business rule refuses the command in the aggregate's current state."""

    title = "Business rule violated"


class InvalidTransition(RuleViolation):
    """A status change that the workflow does not allow from here."""

    title = "Status change not allowed"


class NotFound(DomainError):
    """No record with that id exists."""

    title = "Not found"


class StaleVersion(DomainError):
    """The caller's expected version is not the current one."""

    title = "Version mismatch"


class ConcurrentChange(DomainError):
    """Another command changed the record at the same moment."""

    title = "Changed concurrently"


class InvalidInput(DomainError):
    """A value the domain cannot accept, whatever the state."""

    title = "Invalid input"


class NotPermitted(RuleViolation):
    """The acting person's role (or their relation to the record) does not allow this command."""

    title = "Not permitted"
