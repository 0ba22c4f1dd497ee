"""Replaying billing's log into a fresh database gives the same invoices, numbers and payments, and sends no email
again: every process reacts to the whole log there, and finds each effect already done."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg import sql

from baton.container import Container, build
from domain.billing.contract_commands import ContractCommands, NewContract
from domain.billing.ids import invoice_id_for
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands
from domain.billing.lines import Line
from domain.billing.money import Money
from domain.billing.proposal_commands import NewProposal, ProposalCommands
from domain.billing.stripe_event_commands import StripeEventCommands
from domain.clients.commands import ClientCommands, NewClient
from domain.context import Actor, CommandContext
from domain.users import Invitation, Role
from domain.users.commands import UserCommands
from tests.builders import settings
from tests.builders.identity import TEST_SECRET_KEY
from tests.builders.schemas import fresh_schema
from tests.builders.smtp import Mailbox, smtp_server, smtp_settings
from tests.builders.stripe import event, payment_intent
from tests.integration.billing.views import BILLING_VIEWS, table_rows

BILLING_EMAIL = "accounts@replay.example"


def start(database_url: str, schema: str, port: int) -> Container:
    container = build(settings(database_url, schema, secret_key=TEST_SECRET_KEY, **smtp_settings(port)))
    container.start_runners()
    container.start_worker()
    return container


def wait(condition: Callable[[], Any], what: str, timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)
    return found


def settled(container: Container) -> bool:
    """Every view and process has reached the log's head."""
    head = container.head()
    with container.pool.connection() as conn:
        views = conn.execute(
            "SELECT count(*) FROM projection_state WHERE status = 'active' AND position >= %s", (head,)
        ).fetchone()
        processes = conn.execute("SELECT count(*) FROM process_state WHERE position >= %s", (head,)).fetchone()
    return bool(
        views and processes and views[0] == len(container.projections) and processes[0] == len(container.processes)
    )


def walk(container: Container) -> str:
    """A client's proposal approved, its invoice sent and paid through a Stripe event; returns the invoice id."""
    now = container.clock.now()
    setup = CommandContext(actor=Actor.system("setup"), now=now)
    users = UserCommands(container.app)
    manager = users.invite(setup, Invitation(email="am@agency.example", name="Manager", role=Role.ADMIN)).id
    users.accept_invitation(setup, manager, 1)
    client = str(
        container.commands(ClientCommands)
        .register(setup, NewClient("Replay Ltd", manager, billing_email=BILLING_EMAIL))
        .id
    )
    person = users.invite(
        setup, Invitation(email="buyer@replay.example", name="Buyer", role=Role.CLIENT, client_id=client)
    ).id
    users.accept_invitation(setup, person, 1)
    admin = CommandContext(actor=Actor.user(manager, "admin"), now=now)
    lines = (Line("Build", 4, Money.of("250.00", "EUR")),)  # type: ignore[arg-type]
    proposal = (
        ProposalCommands(container.app)
        .draft(admin, NewProposal("Replayed", "EUR", now.date() + timedelta(days=9), lines, client_id=client))
        .id
    )
    ProposalCommands(container.app).send(admin, proposal)
    ProposalCommands(container.app).approve(CommandContext(actor=Actor.user(person, "client"), now=now), proposal)
    invoice = invoice_id_for(proposal)
    invoices = InvoiceCommands(container.app)
    wait(lambda: invoices.find(Invoice, invoice), "the invoice process to draft the invoice")
    contract = ContractCommands(container.app).offer(admin, NewContract(str(proposal), "project", now.date())).id
    ContractCommands(container.app).accept(
        CommandContext(actor=Actor.user(person, "client"), now=now), contract, "192.0.2.1"
    )
    invoices.send(admin, invoice)
    paid = event("payment_intent.succeeded", payment_intent(str(invoice), 100_000, intent_id="pi_replay"))
    stripe = CommandContext(actor=Actor.system("stripe"), now=now)
    StripeEventCommands(container.app).receive(stripe, paid["id"], paid["type"], now, json.dumps(paid))
    wait(lambda: invoices.load(Invoice, invoice).status.value == "paid", "the Stripe payment")
    return str(invoice)


def copy_log(database_url: str, source: str, target: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("INSERT INTO {}.baton_events SELECT * FROM {}.baton_events ORDER BY notification_id").format(
                sql.Identifier(target), sql.Identifier(source)
            )
        )
        conn.execute(
            sql.SQL(
                "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), (SELECT max(notification_id) FROM {}.baton_events))"
            ).format(sql.Identifier(target)),
            (f"{target}.baton_events",),
        )


@pytest.fixture
def mail() -> Iterator[tuple[Mailbox, int]]:
    with smtp_server() as server:
        yield server


def test_replaying_the_log_into_a_fresh_database_rebuilds_the_same_books_and_sends_nothing_again(
    database_url: str, schema: str, mail: tuple[Mailbox, int]
) -> None:
    mailbox, port = mail
    original = start(database_url, schema, port)
    try:
        invoice = walk(original)
        wait(lambda: len([m for m in mailbox.messages if m["To"] == BILLING_EMAIL]) >= 2, "the proposal and invoice")
        wait(lambda: settled(original), "the original to settle")
        books = {name: table_rows(original, original.projection(name)) for name in BILLING_VIEWS}
        head = original.head()
    finally:
        original.close()
    sent_before = len(mailbox.messages)
    assert sent_before >= 3  # proposal and invoice to the client, the decision to the team

    with fresh_schema(database_url) as replica:
        build(settings(database_url, replica, secret_key=TEST_SECRET_KEY)).close()  # its tables, empty
        copy_log(database_url, schema, replica)
        copy = start(database_url, replica, port)
        try:
            wait(lambda: settled(copy), "the replica's views and processes to reach the head", timeout=120)
            time.sleep(2)  # room for any deadline or email the replay might (wrongly) set off
            assert copy.head() == head, "replaying the log wrote new events"
            for name in BILLING_VIEWS:
                assert table_rows(copy, copy.projection(name)) == books[name], f"{name} differs in the replica"
            replayed = InvoiceCommands(copy.app).load(Invoice, UUID(invoice))
            assert replayed.number.endswith("-0001") and replayed.status.value == "paid"
        finally:
            copy.close()
    assert len(mailbox.messages) == sent_before, "an email was sent again"
