"""What the time API computes without a database: named ranges, the CSV and print exports, hours in and out."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from api.problems import ProblemError
from api.time.exports import as_csv, as_html
from api.time.ranges import chosen_range, preset_range
from api.time.report_schemas import MonthlyHoursReportOut
from api.time.schemas import TimeEntryOut, TimeRangePreset
from api.time.values import HOURS_PATTERN

THURSDAY = date(2026, 10, 15)


@pytest.mark.parametrize(
    ("preset", "first", "last"),
    [
        (TimeRangePreset.TODAY, THURSDAY, THURSDAY),
        (TimeRangePreset.THIS_WEEK, date(2026, 10, 12), date(2026, 10, 18)),
        (TimeRangePreset.LAST_WEEK, date(2026, 10, 5), date(2026, 10, 11)),
        (TimeRangePreset.THIS_MONTH, date(2026, 10, 1), date(2026, 10, 31)),
    ],
)
def test_a_named_range_runs_monday_to_sunday_or_over_the_month(
    preset: TimeRangePreset, first: date, last: date
) -> None:
    assert preset_range(preset, THURSDAY) == (first, last)


def test_my_time_is_this_week_by_default_and_custom_when_from_and_to_are_given() -> None:
    assert chosen_range(None, None, None, THURSDAY) == (
        TimeRangePreset.THIS_WEEK,
        date(2026, 10, 12),
        date(2026, 10, 18),
    )
    assert chosen_range(None, date(2026, 9, 1), date(2026, 9, 30), THURSDAY)[0] is TimeRangePreset.CUSTOM
    with pytest.raises(ProblemError, match="needs both"):
        chosen_range(TimeRangePreset.CUSTOM, date(2026, 9, 1), None, THURSDAY)
    with pytest.raises(ProblemError, match="before 'from'"):
        chosen_range(None, date(2026, 9, 2), date(2026, 9, 1), THURSDAY)


@pytest.mark.parametrize(("text", "taken"), [("1", True), ("0.25", True), ("24", True), ("24.00", True), (".5", True),
                                             ("0", False), ("24.01", False), ("1.234", False), ("-1", False), ("1e1", False)])  # fmt: skip
def test_entry_hours_are_taken_as_a_decimal_string_above_zero_up_to_24(text: str, taken: bool) -> None:
    assert bool(re.fullmatch(HOURS_PATTERN, text)) is taken


def _report() -> MonthlyHoursReportOut:
    entry = {
        "id": uuid4(), "person_id": uuid4(), "person_name": "Agency Employee", "task_id": uuid4(),
        "task_title": "Fix checkout", "project_id": uuid4(), "project_name": "Shop support", "client_id": uuid4(),
        "day": date(2026, 10, 5), "hours": Decimal("1.5"), "note": '=HYPERLINK("x")', "tags": [], "off_plan": False,
        "created_at": datetime(2026, 10, 5, tzinfo=UTC), "updated_at": datetime(2026, 10, 5, tzinfo=UTC), "version": 1,
    }  # fmt: skip
    return MonthlyHoursReportOut(
        client_id=uuid4(), client_name="Harbour <Shop>", month="2026-10", due_on=date(2026, 11, 8), status="due",
        as_of=None, hours_used=Decimal("12.5"), hours_off_plan=Decimal(3), plan_hours=Decimal(10),
        over_plan_hours=Decimal("2.5"), over_plan=True, entries=[TimeEntryOut.model_validate(entry)],
    )  # fmt: skip


def test_the_csv_has_one_line_per_counted_entry_and_keeps_formulas_as_text() -> None:
    rows = list(csv.reader(io.StringIO(as_csv(_report()))))
    assert rows == [
        ["date", "person", "project", "task", "hours", "note", "tags"],
        ["2026-10-05", "Agency Employee", "Shop support", "Fix checkout", "1.50", '\'=HYPERLINK("x")', ""],
    ]


def test_the_print_page_shows_the_figures_and_the_over_plan_line_with_names_escaped() -> None:
    page = as_html(_report())
    assert "Over plan by 2.50 hours" in page and "Harbour &lt;Shop&gt;" in page and "<script" not in page


def test_hours_leave_the_api_as_strings_with_two_decimals() -> None:
    assert (
        '"hours_used":"12.50"' in _report().model_dump_json() and '"plan_hours":"10.00"' in _report().model_dump_json()
    )
