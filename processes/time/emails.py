"""The reminder to a client's account manager that the monthly hours report is due: rendered from its data."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

from domain.outbox import OutboundEmail
from processes.email_delivery import Renderer

REMINDER = "time_monthly_report_reminder"


def time_renderers(sender: str, public_url: str) -> dict[str, Renderer]:
    """The renderers of time's emails, by template name."""

    def reminder(email: OutboundEmail) -> EmailMessage:
        data = email.data
        link = f"{public_url.rstrip('/')}/time/reports/monthly/{data['client_id']}/{data['month']}"
        message = EmailMessage()
        message["From"] = sender
        message["To"] = email.to
        message["Subject"] = f"Hours report for {data['client_name']} ({data['month']}) is due by {data['due_on']}"
        message["Message-ID"] = make_msgid(idstring=str(email.id), domain="baton.local")
        message.set_content(
            f"Hello {data['manager_name']},\n\n"
            f"The {data['month']} hours report for {data['client_name']} has not been sent yet. "
            f"It is due by {data['due_on']}.\n\n"
            "Before sending it, ask the team whether all hours are logged. The report leaves out hours tagged "
            "ProjectManagement and Meetings; hours over the plan are flagged (tell the admins: they are invoiced).\n\n"
            f"The report: {link} (also as CSV at {link}/csv and ready to print at {link}/print).\n"
            "Once it is sent, mark it sent so it is not reported late.\n"
        )
        return message

    return {REMINDER: reminder}
