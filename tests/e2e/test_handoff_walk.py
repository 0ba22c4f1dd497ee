"""The PM-to-support handoff of one project, from training to full support, over HTTP with a real SMTP server.

Data is filled in (a stage refused while data is missing, naming it; a credential refused), each
email arrives with the right content, a ticket goes to the PM before launch and the same topic to
support after, a double claim is refused naming the owner, checklist items are ticked by records
(a done task reopened unticks "all tasks done") and by people, handing off is refused while items are
open and accepted once they are done, and the 30-day window is shown and closed by its timer.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from tests.builders.identity import TEST_SECRET_KEY
from tests.builders.smtp import Mailbox, smtp_server
from tests.e2e.billing_steps import eventually, sign_in_again, wait_for_subject
from tests.e2e.delivery_steps import PDF, upload
from tests.e2e.handoff_steps import QUEUE, SUPPORT, agency, board_row, side_of, signed_contract_and_invoice, walk_task
from tests.e2e.server import ServerHandle, start_server

PERSON_ITEMS = (
    "internal_handover_meeting", "technical_handover", "external_handover_meeting", "acceptance_protocol_signed",
    "admin_access_granted", "support_time_tracking_set_up", "client_shown_hours_report", "client_portal_reviewed",
    "knowledge_transfer_document", "client_satisfaction_check", "retrospective_scheduled",
)  # fmt: skip


@pytest.fixture
def mail() -> Iterator[tuple[Mailbox, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def handoff_server(database_url: str, schema: str, mail: tuple[Mailbox, int]) -> Iterator[ServerHandle]:
    env = {
        "BATON_SECRET_KEY": TEST_SECRET_KEY,
        "BATON_ENVIRONMENT": "test",
        "BATON_MOVABLE_CLOCK": "true",
        "BATON_SMTP_HOST": "127.0.0.1",
        "BATON_SMTP_PORT": str(mail[1]),
        "BATON_SMTP_TLS": "none",
        "BATON_SMTP_FROM": "Baton <noreply@agency.test>",
        "BATON_SUPPORT_ADDRESS": SUPPORT,
        "BATON_SUPPORT_QUEUE_ADDRESS": QUEUE,
        "BATON_SUPPORT_PHONE": "+1 555 0199",
        "BATON_TIMER_POLL_INTERVAL": "1",
    }
    with start_server(database_url, schema, env, ready_timeout=120) as handle:
        yield handle


def test_a_project_goes_from_training_to_full_support_when_walked_over_http(  # noqa: PLR0915
    handoff_server: ServerHandle, database_url: str, schema: str, mail: tuple[Mailbox, int]
) -> None:
    mailbox = mail[0]
    world = agency(handoff_server.base_url, database_url, schema)
    admin, pm, lead, client = (world.api(p) for p in (world.admin, world.pm, world.lead, world.client_user))
    today = datetime.fromisoformat(admin.get("/clock")["now"]).date()
    project = admin.post("/projects", {"name": "City website", "client_id": world.client_id,
                                       "manager_id": str(world.pm.user_id)}, expect=201)["id"]  # fmt: skip
    pm.post(f"/projects/{project}/status", {"status": "active"})

    # Started; training is refused while nobody at the client can receive the introduction.
    started = pm.post("/handoffs", {"project_id": project}, expect=201)
    refused = pm.problem("POST", f"/handoffs/{project}/stage", 409, json={"stage": "client_trained"})
    assert "authorised contacts" in refused["detail"]
    assert pm.problem("PATCH", f"/handoffs/{project}", 422, json={"credentials_location": "password: Hunter42!"})
    filled = pm.request("PATCH", f"/handoffs/{project}", json={
        "region": "California", "dev_site_path": "/srv/acme-dev", "dev_url": "https://dev.acme.test",
        "target_launch_date": str(today + timedelta(days=20)),
        "authorised_contacts": [{"name": "Alex Client", "email": "alex@acme.test"}],
        "technical_contacts": [{"name": "Jo Tech", "email": "jo@acme.test", "phone": "+1 555 0100"}],
        "pm_outstanding": [{"text": "The events calendar import", "keywords": ["calendar"]}],
    }).json()  # fmt: skip
    shown = board_row(pm, project, filled["position"])
    assert (shown["stage"], shown["days_to_launch"], shown["missing"]) == ("not_started", 20, [])
    assert started["id"] and shown["data"]["region"] == "California"

    # Client trained: the support queue gets the table, the client the introduction with support in copy.
    pm.post(f"/handoffs/{project}/stage", {"stage": "client_trained"})
    [notice] = wait_for_subject(mailbox, QUEUE, "Client trained: Acme City")
    assert "Development site path:  /srv/acme-dev" in notice.get_content()
    assert "Live site:              (not known yet)" in notice.get_content()
    [intro] = wait_for_subject(mailbox, "alex@acme.test", "Meet your support team for City website")
    assert intro["Cc"] == SUPPORT and intro.get_content().startswith("Hello Alex,")
    assert "- Reporting a bug: your project manager" in intro.get_content()
    assert "+1 555 0199" in intro.get_content()

    # Before launch a bug report goes to the PM; both sides claim it: the first claim wins.
    bug = client.post("/tickets", {"subject": "The contact form is broken", "message": "It shows an error"},
                      expect=201)["id"]  # fmt: skip
    assert side_of(admin, bug) == "project_manager"
    pm.post(f"/tickets/{bug}/claim", {"side": "project_manager"})
    second = lead.problem("POST", f"/tickets/{bug}/claim", 409, json={"side": "support"})
    assert "Pat Manager (project manager) claimed this ticket first" in second["detail"]
    contacts = client.get("/handoff-contacts")["items"][0]["contacts"]
    assert {c["topic"]: c["email"] for c in contacts}["bug_reports"] == "pm@agency.test"

    # Records tick the closing items; a done task reopened unticks "all tasks done" until it is done again.
    pages = walk_task(pm, project, str(world.pm.user_id), "Build the pages")
    pm.post(f"/projects/{project}/deployments", {"environment": "production", "url": "https://www.acme.test",
                                                 "version_tag": "v1.0"}, expect=201)  # fmt: skip
    upload(pm, project, "Handbook.pdf", PDF, "application/pdf", "client")
    contract, invoice = signed_contract_and_invoice(world, today)
    pm.request("PUT", f"/handoffs/{project}/contract", json={"contract_id": contract})
    named = pm.request("PUT", f"/handoffs/{project}/final-invoice", json={"invoice_id": invoice}).json()
    proven = board_row(pm, project, named["position"])
    assert not {"all_tasks_done", "production_deployment", "final_documents_uploaded", "signed_contract_on_file"} & set(
        proven["open_items"]
    )
    assert "final_invoice_sent" in proven["open_items"]
    reopened = pm.post(f"/tasks/{pages}/status", {"status": "in_progress", "comment": "The footer breaks on tablets"})
    assert "all_tasks_done" in board_row(pm, project, reopened["position"])["open_items"]
    pm.post(f"/tasks/{pages}/status", {"status": "in_review"})
    done = pm.post(f"/tasks/{pages}/status", {"status": "done"})
    assert "all_tasks_done" not in board_row(pm, project, done["position"])["open_items"]
    version = admin.get(f"/invoices/{invoice}")["version"]
    sent = admin.post(f"/invoices/{invoice}/send", if_match=version)
    assert "final_invoice_sent" not in board_row(pm, project, sent["position"])["open_items"]

    # Launched: the queue hears the launch data and what the PM keeps.
    pm.request("PATCH", f"/handoffs/{project}", json={"live_url": "https://www.acme.test", "launch_date": str(today),
                                                      "hosted_by": "agency", "managed_hosting": True})  # fmt: skip
    pm.post(f"/handoffs/{project}/stage", {"stage": "launched"})
    [launch] = wait_for_subject(mailbox, QUEUE, "Client launched: Acme City")
    assert "Launch date:" in launch.get_content() and "- The events calendar import" in launch.get_content()

    # Handing off is refused while items are open, naming them; people tick theirs; then it is accepted.
    pm.request("PATCH", f"/handoffs/{project}", json={
        "support_lead_id": str(world.lead.user_id), "credentials_location": "Vault, folder 'Acme City'",
        "documentation": {"basic_info": "The city's website", "important_urls": "https://www.acme.test/admin"},
    })  # fmt: skip
    open_items = pm.problem("POST", f"/handoffs/{project}/stage", 409, json={"stage": "handed_off"})
    assert "internal retrospective scheduled" in open_items["detail"] and "project completed" in open_items["detail"]
    assert "production deployment" not in open_items["detail"]
    for item in PERSON_ITEMS:
        lead.post(f"/handoffs/{project}/checklist/{item}", {"note": "done"})
    for status in ("in_review", "completed"):
        pm.post(f"/projects/{project}/status", {"status": status, "reason": "Accepted by the client"})
    handed = pm.post(f"/handoffs/{project}/stage", {"stage": "handed_off"})
    [transition] = wait_for_subject(mailbox, "alex@acme.test", "Your support team from now on")
    assert transition["Cc"] == SUPPORT
    body = transition.get_content()
    assert "Your plan includes 10 hours of support a month." in body and "One exception" in body
    final = board_row(pm, project, handed["position"])
    assert final["stage"] == "handed_off" and final["open_items"] == [] and not final["window_closed"]
    closes = datetime.fromisoformat(final["window_closes_at"])
    now = datetime.fromisoformat(admin.get("/clock")["now"])
    assert timedelta(days=29, hours=23) < closes - now <= timedelta(days=30)

    # After handoff the same topic goes to support.
    again = client.post("/tickets", {"subject": "The contact form is broken again", "message": "Same error"},
                        expect=201)["id"]  # fmt: skip
    assert side_of(admin, again) == "support"

    # The window closes on its timer once the clock passes its end.
    admin.post("/clock/advance", {"by": "P30DT1H"})
    admin = sign_in_again(handoff_server.base_url, world.admin)
    closed = eventually(lambda: admin.get(f"/handoffs/{project}"), "the window to close",
                        check=lambda h: h["window_closed"])  # fmt: skip
    assert closed["stage"] == "handed_off"
