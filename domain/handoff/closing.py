"""The checklist as a handoff sees it: person ticks on the aggregate joined with the evidence of other records."""

from __future__ import annotations

from typing import Any

from domain.handoff.checklist import SPECS, TickedBy
from domain.handoff.evidence import Evidence


def checklist_rows(ticks: dict[str, dict[str, Any]], evidence: Evidence) -> list[dict[str, Any]]:
    """Every item in order: ticked or not, by a person (who, when, note) or by an event (which, when)."""
    rows = []
    for spec in SPECS:
        row: dict[str, Any] = {
            "item": spec.item.value,
            "checklist": spec.checklist.value,
            "ticked_by": spec.ticked_by.value,
        }
        if spec.ticked_by is TickedBy.PERSON:
            tick = ticks.get(spec.item.value)
            row.update(
                ticked=tick is not None, **({"by": tick["by"], "at": tick["at"], "note": tick["note"]} if tick else {})
            )
        else:
            proof = evidence.proof(spec.item)
            row.update(ticked=proof is not None)
            if proof is not None:
                row.update(by=proof.actor_id, at=proof.at.isoformat(), topic=proof.topic, record_id=proof.record_id)
        rows.append(row)
    return rows


def open_items(ticks: dict[str, dict[str, Any]], evidence: Evidence) -> list[str]:
    """The items still open, in checklist order."""
    return [row["item"] for row in checklist_rows(ticks, evidence) if not row["ticked"]]
