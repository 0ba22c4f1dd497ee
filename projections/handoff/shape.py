"""A board row as readers see it: pure, so it is the same over PostgreSQL's rows and the fake writer's.

From the handoff's row and its project's row: the stage, the data, what the next
stage still needs (keys and labels), the checklist (person ticks joined with the
project's evidence) and what is open, days to launch, and the tickets on each side.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from domain.handoff.closing import checklist_rows
from domain.handoff.data import HandoffData
from domain.handoff.evidence import Evidence, ProjectEvidence
from domain.handoff.requirements import REQUIRED
from domain.handoff.requirements import missing_keys as missing_for_keys
from domain.handoff.routing import LABELS, table
from domain.handoff.stage import Stage, next_stage
from domain.tickets.ownership import Side

CONTACT = {Side.PROJECT_MANAGER: "project_manager", Side.SUPPORT: "support"}


def evidence_of(project_row: dict[str, Any] | None, project_id: str) -> Evidence:
    """The project's evidence as its row holds it (none proven without a row)."""
    if project_row is None:
        return Evidence(project_id)
    return ProjectEvidence.of(json.loads(project_row["evidence"])).evidence()


def board_item(
    row: dict[str, Any],
    project_row: dict[str, Any] | None,
    tickets: dict[str, int],
    *,
    today: date,
    detail: bool = False,
) -> dict[str, Any]:
    """One handoff as the board shows it (``detail``: with its data, checklist and contract)."""
    data, contract = json.loads(row["data"]), json.loads(row["contract"])
    details = HandoffData.of(data)
    stage = Stage(row["stage"])
    upcoming = next_stage(stage)
    missing = missing_for_keys(upcoming, details, contract) if upcoming else []
    labels = dict(REQUIRED.get(upcoming, ())) if upcoming else {}
    ticks = json.loads(row["ticks"])
    checklist = checklist_rows(ticks, evidence_of(project_row, row["project_id"]))
    target = details.target_launch_date
    item: dict[str, Any] = {
        "project_id": row["project_id"],
        "project_name": project_row["name"] if project_row else "",
        "client_id": row["client_id"],
        "manager_id": project_row["manager_id"] if project_row else "",
        "stage": stage.value,
        "next_stage": upcoming.value if upcoming else None,
        "stages": json.loads(row["stages"]),
        "target_launch_date": target.isoformat() if target else None,
        "days_to_launch": (target - today).days
        if target and stage in (Stage.NOT_STARTED, Stage.CLIENT_TRAINED)
        else None,
        "missing": [{"field": key, "label": labels[key]} for key in missing],
        "open_items": [r["item"] for r in checklist if not r["ticked"]],
        "tickets": {"project_manager": tickets.get("project_manager", 0), "support": tickets.get("support", 0)},
        "window_closes_at": row["window_closes_at"],
        "window_closed": row["window_closed"],
        "version": row["version"],
        "updated_at": row["updated_at"],
    }
    if detail:
        item.update(
            data=data,
            contract=contract,
            final_invoice_id=row["final_invoice_id"],
            checklist=checklist,
            override_reason=row["override_reason"],
            monthly_calls=json.loads(row["monthly_calls"]),
        )
    return item


def contacts_for(stage: Stage, pm: dict[str, str], support: dict[str, str]) -> list[dict[str, str]]:
    """Who the client asks about what, at ``stage``: each topic with the person or team to write to."""
    who = {Side.PROJECT_MANAGER: pm, Side.SUPPORT: support}
    return [
        {"topic": topic.value, "label": LABELS[topic], "contact": CONTACT[side], **who[side]}
        for topic, side in table(stage)
    ]
