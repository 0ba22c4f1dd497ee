"""The handoff board: every project's handoff, its evidence and checklist, and who has the client's tickets."""

from projections.handoff.board import HandoffBoard

__all__ = ["HandoffBoard"]
