"""Billing records for the role x endpoint matrix, made over HTTP by the admin: a proposal sent to the matrix
client and one left as a draft; an invoice sent to it and one left as a draft."""

from __future__ import annotations

from typing import Any

import httpx

LINES = [{"description": "Matrix work", "quantity": "2", "unit_price": "150.00", "tax_rate": "19"}]
PROPOSAL = {"title": "Matrix proposal", "currency": "EUR", "valid_until": "2099-12-31", "lines": LINES,
            "client_id": "{client}"}  # fmt: skip
INVOICE = {"client_id": "{client}", "currency": "EUR", "lines": LINES}


def _post(base_url: str, token: str | None, path: str, body: Any = None, version: int | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"}
    if version is not None:
        headers["If-Match"] = str(version)
    answer = httpx.post(base_url + path, json=body, headers=headers, timeout=10)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def seed_billing(base_url: str, tokens: dict[str, str | None], client: str) -> dict[str, str]:
    """Ids the matrix names: sent_proposal, draft_proposal, sent_invoice, draft_invoice."""
    admin = tokens["admin"]
    made: dict[str, str] = {}
    for name in ("sent_proposal", "draft_proposal"):
        made[name] = _post(base_url, admin, "/proposals", {**PROPOSAL, "client_id": client})["id"]
    _post(base_url, admin, f"/proposals/{made['sent_proposal']}/send", version=1)
    for name in ("sent_invoice", "draft_invoice"):
        made[name] = _post(base_url, admin, "/invoices", {**INVOICE, "client_id": client})["id"]
    _post(base_url, admin, f"/invoices/{made['sent_invoice']}/send", version=1)
    return made
