"""Projection lag is measured from each commit to the first time its position is visible."""

from __future__ import annotations

import pytest

from bench.lag import visible_lags


def test_lag_counts_from_commit_to_first_sight_when_position_is_seen_again_later() -> None:
    committed = [(10, 1.000), (11, 1.020)]
    # Position 10 first shows at 1.003; position 11 is skipped over and 12 shows at 1.025.
    first_seen = {10: 1.003, 12: 1.025}
    assert visible_lags(committed, first_seen) == pytest.approx([0.003, 0.005])


def test_lag_leaves_out_commands_that_never_became_visible_when_the_view_stalls() -> None:
    assert visible_lags([(5, 0.0), (6, 0.1)], {5: 0.002}) == pytest.approx([0.002])
