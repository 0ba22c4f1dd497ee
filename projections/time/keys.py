"""The keys under which an entry is found for a report "as of" a past moment."""

from __future__ import annotations

from datetime import date
from uuid import UUID


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def client_month(client_id: UUID | str, month: str) -> str:
    return f"c:{client_id}:{month}"


def person_month(person_id: UUID | str, month: str) -> str:
    return f"p:{person_id}:{month}"


def month(month: str) -> str:
    return f"m:{month}"


def project(project_id: UUID | str) -> str:
    return f"j:{project_id}"


def keys_of(person_id: str, project_id: str, client_id: str, day: date) -> list[str]:
    """Every key an entry placed so is found under."""
    of = month_of(day)
    return [client_month(client_id, of), person_month(person_id, of), month(of), project(project_id)]


def months_between(first: date, last: date) -> list[str]:
    """Every month ``first``..``last`` touches, as ``YYYY-MM``."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = year + month // 12, month % 12 + 1
    return months
