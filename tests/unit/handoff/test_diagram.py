"""The architecture guide's drawing of the handoff's process is generated from the code and kept current."""

from __future__ import annotations

from processes.handoff.diagram import DEFAULT_PATH, REACTIONS, main, reacted_topics, updated
from processes.handoff.flow import HandoffFlow


def test_every_reaction_and_timer_is_described_when_the_process_changes() -> None:
    flow = HandoffFlow(None, None, None, None, None)  # type: ignore[arg-type]
    assert set(REACTIONS) == reacted_topics() | set(flow.timers())


def test_the_architecture_guide_shows_the_current_diagram_when_committed() -> None:
    text = DEFAULT_PATH.read_text()
    assert updated(text) == text, "run python -m processes.handoff.diagram"
    assert main(["--check", str(DEFAULT_PATH)]) == 0
    assert "launched --> handed_off: baton.handoff.HandedOff" in text
