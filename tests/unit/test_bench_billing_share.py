"""The bench's billing share: proposals and invoices in proportion to the clients, numbered without gaps."""

from __future__ import annotations

from collections import Counter, defaultdict

from bench.generator import HistoryWriter
from domain.application import BatonApplication
from domain.billing.invoice import Invoice


def test_history_holds_about_two_proposals_per_client_and_gapless_invoice_numbers_when_written() -> None:
    app = BatonApplication()  # the library's in-memory store
    writer = HistoryWriter(app, batch_events=200)
    writer.write(12_000)
    notifications = app.recorder.select_notifications(1, 20_000)  # type: ignore[attr-defined]
    assert len(notifications) == 12_000
    topics = Counter(n.topic for n in notifications)
    clients, proposals = topics["baton.client.Created"], topics["baton.proposal.Drafted"]
    assert clients > 0 and clients <= proposals <= 3 * clients, topics
    for topic in ("baton.invoice.Sent", "baton.invoice.PaymentRecorded", "baton.proposal.Approved"):
        assert topics[topic] > 0, topics

    numbers: dict[str, list[int]] = defaultdict(list)
    for invoice_id in writer.sample_ids("billing"):
        invoice = app.load(Invoice, invoice_id)
        if invoice.number:
            series, sequence = invoice.number.rsplit("-", 1)
            numbers[series].append(int(sequence))
    assert numbers
    for taken in numbers.values():
        assert sorted(taken) == list(range(1, len(taken) + 1))
