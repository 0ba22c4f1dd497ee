"""Billing's views on PostgreSQL equal a rebuild from position 0, and the in-memory fold of the same log."""

from __future__ import annotations

from rich.console import Console

from baton.container import Container
from baton.rebuild import rebuild
from projections.engine import replay
from tests.builders.billing_history import write_history
from tests.integration.billing.views import BILLING_VIEWS, catch_up_billing, logged_events, table_rows


def test_every_billing_view_equals_its_rebuild_and_the_in_memory_fold_when_history_is_long(
    container: Container,
) -> None:
    history = write_history(container.commands, 45)
    catch_up_billing(container)
    before = {name: table_rows(container, container.projection(name)) for name in BILLING_VIEWS}
    assert len(before["invoices"]["invoice_list"]) == len(history.sent)
    assert len(before["proposals"]["proposal_list"]) == 45

    for name in BILLING_VIEWS:
        assert rebuild(container, name, Console(quiet=True)), name
        assert table_rows(container, container.projection(name)) == before[name], f"{name} differs after a rebuild"

    events = logged_events(container)
    for name in BILLING_VIEWS:
        folded = replay(container.projection(name), events, batch=17)
        for table, rows in before[name].items():
            assert folded.rows(table) == rows, f"{name}.{table}: the in-memory fold differs from PostgreSQL"
