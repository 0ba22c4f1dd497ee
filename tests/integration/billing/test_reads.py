"""Billing's reads on PostgreSQL: filters, counts and totals, scopes, the reports as of a date, the active contract."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from baton.container import Container
from domain.billing.inputs import Payment
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands
from domain.context import CommandContext
from projections.billing.contract_queries import active_contract
from projections.billing.invoice_queries import InvoiceFilter, get_invoice, list_invoices
from projections.billing.proposal_queries import ProposalFilter, get_proposal, list_proposals
from projections.billing.revenue_queries import ageing, revenue
from projections.scope import Scope
from tests.builders.billing_history import ADMIN, write_history
from tests.integration.billing.views import catch_up_billing

STAFF = Scope.everything()


def client_scope(client: str) -> Scope:
    return Scope(user_id=UUID(int=99), role="client", client_id=client)


def test_invoice_list_filters_counts_and_totals_as_a_finance_person_expects_when_paged(container: Container) -> None:
    history = write_history(container.commands, 40)
    catch_up_billing(container)
    with container.pool.connection() as conn:
        everything = list_invoices(conn, STAFF, InvoiceFilter(), limit=200)
        seen, page = [], list_invoices(conn, STAFF, InvoiceFilter(), limit=7)
        seen += page.items
        while page.next_cursor:
            page = list_invoices(conn, STAFF, InvoiceFilter(), limit=7, cursor=page.next_cursor)
            seen += page.items
        overdue = list_invoices(conn, STAFF, InvoiceFilter(overdue=True), limit=200)
        one_client = list_invoices(conn, STAFF, InvoiceFilter(client_id="client-1"), limit=200)
        january = list_invoices(conn, STAFF, InvoiceFilter(issued_to=date(2026, 1, 31)), limit=200)

    assert [r["id"] for r in seen] == [r["id"] for r in everything.items]
    assert len(everything.items) == len(history.sent) and sum(everything.counts.values()) == len(history.sent)
    assert {r["status"] for r in overdue.items} == {"overdue"} and overdue.counts == {"overdue": len(overdue.items)}
    assert {r["client_id"] for r in one_client.items} == {"client-1"}
    assert all(r["sent_on"] <= date(2026, 1, 31) for r in january.items) and january.items
    for currency, sums in everything.totals.items():
        rows = [r for r in everything.items if r["currency"] == currency]
        assert Decimal(sums["total"]) == sum(r["total"] for r in rows)
        open_rows = [r for r in rows if r["status"] in ("sent", "partially_paid", "overdue")]
        assert Decimal(sums["outstanding"]) == sum((r["owed"] for r in open_rows), Decimal(0))


def test_client_user_sees_only_their_organisations_sent_documents_when_reading(container: Container) -> None:
    history = write_history(container.commands, 20)
    catch_up_billing(container)
    mine = client_scope("client-2")
    with container.pool.connection() as conn:
        proposals = list_proposals(conn, mine, ProposalFilter(), limit=200).items
        invoices = list_invoices(conn, mine, InvoiceFilter(), limit=200).items
        others = [i for i in history.sent if i not in {r["id"] for r in invoices}]
        foreign = get_invoice(conn, mine, others[0])
        staff_view = get_proposal(conn, STAFF, history.proposals[2])
        client_view = get_proposal(conn, mine, history.proposals[2])

    assert proposals and {p["client_id"] for p in proposals} == {"client-2"}
    assert all(p["sent_at"] is not None for p in proposals)
    assert invoices and {i["client_id"] for i in invoices} == {"client-2"}
    assert {i["status"] for i in invoices}.isdisjoint({"draft", "discarded"})
    assert foreign is None
    assert staff_view is not None and client_view is not None and client_view["reviews"] == []


def test_revenue_and_ageing_as_of_a_past_date_count_only_what_had_happened_by_then(container: Container) -> None:
    invoices = InvoiceCommands(container.app)
    history = write_history(container.commands, 12, clients=1)
    first = history.sent[0]
    invoice = invoices.load(Invoice, first)
    sent_on, due = invoice.sent_on, invoice.due_date
    assert sent_on is not None and due is not None
    catch_up_billing(container)
    with container.pool.connection() as conn:
        on_send = revenue(conn, STAFF, as_of=sent_on, since=sent_on.replace(day=1), client_id="client-0")
        late = ageing(conn, STAFF, as_of=due + timedelta(days=40))
        never = ageing(conn, STAFF, as_of=date(2025, 12, 31))
        refused = revenue(conn, client_scope("client-0"), as_of=sent_on, since=sent_on)

    month = [r for r in on_send if r["currency"] == invoice.currency]
    assert Decimal(month[-1]["invoiced"]) >= invoice.total.amount
    assert never.rows == [] and refused == []
    for row in late.rows:
        buckets = sum(Decimal(row[k]) for k in ("current", "days_1_30", "days_31_60", "days_61_90", "days_over_90"))
        assert buckets == Decimal(row["total"]) > 0


def test_active_contract_is_the_accepted_one_covering_the_day_when_asked(container: Container) -> None:
    history = write_history(container.commands, 16)
    catch_up_billing(container)
    with container.pool.connection() as conn:
        found = {c: active_contract(conn, c, date(2026, 6, 1)) for c in history.client_users}
        before = {c: active_contract(conn, c, date(2025, 1, 1)) for c in history.client_users}
    assert any(found.values())
    for client, row in found.items():
        if row is not None:
            assert (row["client_id"], row["status"]) == (client, "accepted")
            assert row["start"] <= date(2026, 6, 1) < row["ends_on"]
    assert not any(before.values())


def test_paid_invoice_shows_its_ledger_when_read(container: Container) -> None:
    history = write_history(container.commands, 6)
    invoices = InvoiceCommands(container.app)
    target = next(i for i in history.sent if invoices.load(Invoice, i).balance.owed.is_positive)
    owed = invoices.load(Invoice, target).balance.owed
    invoices.record_payment(
        CommandContext(actor=ADMIN, now=history.last),
        target,
        Payment(owed, history.last.date(), "final-payment"),
    )
    catch_up_billing(container)
    with container.pool.connection() as conn:
        row = get_invoice(conn, STAFF, target)
    assert row is not None and row["status"] == "paid" and row["owed"] == 0
    assert row["ledger"][-1]["key"] == "final-payment"
