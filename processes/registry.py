"""Every process manager Baton runs: a slice with a process adds one line here."""

from __future__ import annotations

from processes.billing.invoices import InvoiceLifecycle
from processes.billing.proposals import ProposalFlow
from processes.billing.stripe_payments import StripePayments
from processes.email_resends import EmailResends
from processes.handoff.flow import HandoffFlow
from processes.handoff.routing import TicketRouting
from processes.invitation_emails import InvitationEmails
from processes.manager import ProcessManager
from processes.support_desk.emails import TicketEmails
from processes.support_desk.inbound import InboundRouting
from processes.support_desk.timers import TicketTimers
from processes.time.locks import AutomaticLocks
from processes.time.reports import MonthlyHoursReports

PROCESSES: tuple[type[ProcessManager], ...] = (
    InvitationEmails,
    EmailResends,
    TicketTimers,
    TicketEmails,
    InboundRouting,
    ProposalFlow,
    InvoiceLifecycle,
    StripePayments,
    AutomaticLocks,
    MonthlyHoursReports,
    HandoffFlow,
    TicketRouting,
)
