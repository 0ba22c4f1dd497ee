"""Checks on billing's source: no float on the money path; every event has an explicit, unique topic."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import pytest

from baton.event_catalogue import event_classes
from domain.billing.contract import Contract
from domain.billing.invoice import Invoice
from domain.billing.numbering import NumberSeries
from domain.billing.proposal import Proposal
from domain.billing.stray_payment import StrayPayment
from domain.billing.stripe_event import StripeEvent

BILLING = Path(__file__).resolve().parents[3] / "domain" / "billing"
AGGREGATES = {
    Proposal: "baton.proposal.",
    Contract: "baton.contract.",
    Invoice: "baton.invoice.",
    NumberSeries: "baton.invoice.",
    StrayPayment: "baton.invoice.",
    StripeEvent: "baton.stripe.",
}


def float_names(source: str) -> list[int]:
    """Lines where the name ``float`` appears as code (annotations, calls, isinstance), not in text."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [tok.start[0] for tok in tokens if tok.type == tokenize.NAME and tok.string == "float"]


def test_the_float_check_finds_a_float_when_one_is_written() -> None:
    assert float_names("def price(x: float) -> str:\n    return str(float(x))  # float\n") == [1, 2]
    assert float_names('"""Never a float."""\n') == []


@pytest.mark.parametrize("path", sorted(BILLING.glob("*.py")), ids=lambda p: p.name)
def test_no_billing_module_uses_float_when_money_passes_through_it(path: Path) -> None:
    assert float_names(path.read_text()) == [], f"{path.name} uses float; money is Decimal or Money"


def test_every_billing_event_has_its_own_explicit_topic_when_defined() -> None:
    seen: set[str] = set()
    for aggregate, prefix in AGGREGATES.items():
        assert aggregate.__dict__["TOPIC"].startswith(prefix)
        for event in event_classes(aggregate):
            topic = event.__dict__.get("TOPIC", "")
            assert topic.startswith(prefix), f"{aggregate.__name__}.{event.__name__} has topic {topic!r}"
            assert topic not in seen
            assert (event.__doc__ or "").strip(), f"{topic} needs a one-line docstring"
            seen.add(topic)
    assert (
        len(seen) == 7 + 3 + 11 + 2 + 2 + 2
    )  # proposal, contract, invoice, number series, stray payment, stripe event
