"""Who may see a thread entry: decided by the kind of event, never by a flag a caller sets.

Every ticket event is a thread entry. Its class says its audience: client
messages, staff replies and status changes are seen by the client (and sent
by email); internal notes, assignments, priority changes, escalations and SLA
marks are for staff only. An event class that does not say is staff only, so a
new kind of entry can never leak to a client by omission.
"""

from __future__ import annotations

from typing import Any

CLIENT_AND_STAFF = "client_and_staff"
STAFF_ONLY = "staff_only"


def audience_of(event: Any) -> str:
    """The audience of a ticket event (or event class); staff only unless the class says otherwise."""
    audience = getattr(event, "audience", STAFF_ONLY)
    return audience if audience in (CLIENT_AND_STAFF, STAFF_ONLY) else STAFF_ONLY


def visible_to_client(event: Any) -> bool:
    """True when a client view or an email to the client may show this entry."""
    return audience_of(event) == CLIENT_AND_STAFF
