"""Business-hours arithmetic, checked against counts done by hand, and its properties.

The default calendar: Monday to Friday 09:00-17:00 in Lisbon with Portugal's
public holidays. Lisbon is UTC+0 in winter and UTC+1 from 29 March 2026 to
25 October 2026.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import InvalidInput
from domain.tickets import BusinessCalendar, WeeklyHours

LISBON = ZoneInfo("Europe/Lisbon")
DESK = BusinessCalendar()
H = timedelta(hours=1)


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LISBON)


# Each row: start (local), business time to add, due (local), as counted by hand.
HAND_COUNTED = [
    # Friday 16:00 + 4h: 1h on Friday, the weekend closed, 3h on Monday.
    (local(2026, 3, 6, 16), 4 * H, local(2026, 3, 9, 12)),
    # Opened in the evening: 30 min before closing, the rest next morning.
    (local(2026, 3, 3, 16, 30), 1 * H, local(2026, 3, 4, 9, 30)),
    # Opened overnight: the clock starts at 09:00.
    (local(2026, 3, 3, 22), 1 * H, local(2026, 3, 4, 10)),
    # Opened on a Saturday: counts from Monday 09:00.
    (local(2026, 3, 7, 11), 8 * H, local(2026, 3, 9, 17)),
    # Tuesday 15:00 + 8h with Wednesday 10 June (Portugal Day) closed: 2h Tuesday, 6h Thursday.
    (local(2026, 6, 9, 15), 8 * H, local(2026, 6, 11, 15)),
    # Thursday 2 April 16:00 + 2h: Good Friday and the weekend closed.
    (local(2026, 4, 2, 16), 2 * H, local(2026, 4, 6, 10)),
    # Across the spring clock change (Sunday 29 March): Monday 15:00 is 14:00 UTC, not 15:00.
    (local(2026, 3, 27, 15), 8 * H, local(2026, 3, 30, 15)),
    # Across the autumn clock change (Sunday 25 October).
    (local(2026, 10, 23, 13), 8 * H, local(2026, 10, 26, 13)),
    # Exactly a day's hours from opening lands at closing time, not next morning.
    (local(2026, 3, 2, 9), 8 * H, local(2026, 3, 2, 17)),
]


@pytest.mark.parametrize(("start", "amount", "due"), HAND_COUNTED)
def test_due_time_matches_the_hand_count_when_adding_business_time(
    start: datetime, amount: timedelta, due: datetime
) -> None:
    assert DESK.add(start, amount) == due
    assert DESK.add(start, amount).tzinfo is UTC


@pytest.mark.parametrize(("start", "amount", "due"), HAND_COUNTED)
def test_business_time_matches_the_hand_count_when_measured_back(
    start: datetime, amount: timedelta, due: datetime
) -> None:
    assert DESK.business_time(start, due) == amount


def test_spring_monday_due_is_an_hour_earlier_in_utc_when_the_clocks_moved_forward() -> None:
    assert DESK.add(local(2026, 3, 27, 15), 8 * H) == datetime(2026, 3, 30, 14, tzinfo=UTC)


@pytest.mark.parametrize(
    ("month_start", "month_end", "hours"),
    [
        # March 2026: 22 weekdays, no public holiday.
        (local(2026, 3, 1, 0), local(2026, 4, 1, 0), 176),
        # April 2026: 22 weekdays less Good Friday (Freedom Day is a Saturday).
        (local(2026, 4, 1, 0), local(2026, 5, 1, 0), 168),
        # June 2026: 22 weekdays less Corpus Christi (4th) and Portugal Day (10th).
        (local(2026, 6, 1, 0), local(2026, 7, 1, 0), 160),
    ],
)
def test_month_has_the_hand_counted_business_hours_when_holidays_fall_on_weekdays(
    month_start: datetime, month_end: datetime, hours: int
) -> None:
    assert DESK.business_time(month_start, month_end) == hours * H


def test_regional_holiday_closes_the_desk_when_the_calendar_names_the_region() -> None:
    porto = BusinessCalendar(subdivision="13")  # Saint John's Day, Wednesday 24 June 2026
    day = (local(2026, 6, 24, 0), local(2026, 6, 25, 0))
    assert porto.business_time(*day) == timedelta(0)
    assert DESK.business_time(*day) == 8 * H


def test_extra_closed_day_closes_the_desk_when_listed() -> None:
    calendar = BusinessCalendar(closed_days=frozenset({date(2026, 3, 4)}))
    assert calendar.add(local(2026, 3, 3, 16), 2 * H) == local(2026, 3, 5, 10)


def test_no_public_holidays_count_when_no_country_is_set() -> None:
    assert BusinessCalendar(country="").business_time(local(2026, 6, 10, 0), local(2026, 6, 11, 0)) == 8 * H


NIGHT_DESK = BusinessCalendar(
    timezone="Europe/Lisbon",
    hours=WeeklyHours.from_data({"sat": [["22:00", "06:00"]]}),
    country="",
)


def test_night_shift_counts_the_hours_that_passed_when_the_clocks_go_forward() -> None:
    # Saturday 28 March 22:00 to Sunday 06:00: the clocks jump from 01:00 to 02:00.
    assert NIGHT_DESK.business_time(local(2026, 3, 28, 12), local(2026, 3, 29, 12)) == 7 * H


def test_night_shift_counts_the_hours_that_passed_when_the_clocks_go_back() -> None:
    assert NIGHT_DESK.business_time(local(2026, 10, 24, 12), local(2026, 10, 25, 12)) == 9 * H


def test_night_shift_runs_past_midnight_when_it_ends_before_it_starts() -> None:
    assert NIGHT_DESK.add(local(2026, 3, 7, 23), 2 * H) == local(2026, 3, 8, 1)
    assert NIGHT_DESK.is_open(local(2026, 3, 8, 5, 59))
    assert not NIGHT_DESK.is_open(local(2026, 3, 8, 6))


def test_desk_is_open_at_opening_time_and_closed_at_closing_time_when_asked() -> None:
    assert DESK.is_open(local(2026, 3, 2, 9))
    assert not DESK.is_open(local(2026, 3, 2, 17))
    assert DESK.next_open(local(2026, 3, 6, 17)) == local(2026, 3, 9, 9)


@pytest.mark.parametrize(
    ("make", "complaint"),
    [
        (lambda: BusinessCalendar(timezone="Mars/Olympus"), "IANA"),
        (lambda: BusinessCalendar(country="XX"), "public holidays"),
        (lambda: WeeklyHours(days=((),) * 7), "some open hours"),
        (lambda: WeeklyHours(days=((),) * 6), "seven days"),
        (lambda: WeeklyHours.from_data({"mon": [["09:00", "13:00"], ["12:00", "17:00"]]}), "overlap"),
        (lambda: WeeklyHours.from_data({"sun": [["20:00", "10:00"]], "mon": [["09:00", "17:00"]]}), "overlap"),
        (lambda: WeeklyHours.from_data({"mon": [["9am", "17:00"]]}), "time of day"),
        (lambda: WeeklyHours.from_data({"funday": [["09:00", "17:00"]]}), "Unknown day"),
    ],
)
def test_calendar_is_refused_when_it_is_malformed(make: object, complaint: str) -> None:
    with pytest.raises(InvalidInput, match=complaint):
        make()  # type: ignore[operator]


def test_naive_moment_is_refused_when_measuring() -> None:
    with pytest.raises(InvalidInput, match="time zone"):
        DESK.add(datetime(2026, 3, 2, 9), H)  # noqa: DTZ001


def test_weekly_hours_round_trip_when_recorded_as_data() -> None:
    hours = WeeklyHours.from_data({"mon": [["09:00", "12:30"], ["13:30", "18:00"]], "sat": [["22:00", "06:00"]]})
    assert WeeklyHours.from_data(hours.as_data()) == hours
    assert hours.on(0) == ((time(9), time(12, 30)), (time(13, 30), time(18)))


# -- properties ---------------------------------------------------------------

moments = st.datetimes(min_value=datetime(2025, 12, 1), max_value=datetime(2027, 1, 31), timezones=st.just(UTC))
amounts = st.integers(min_value=1, max_value=200 * 3600).map(lambda s: timedelta(seconds=s))
calendars = st.sampled_from([DESK, NIGHT_DESK, BusinessCalendar(timezone="America/New_York", country="US")])


@settings(max_examples=150, deadline=None)
@given(calendar=calendars, start=moments, amount=amounts)
def test_due_time_is_never_inside_closed_hours_when_computed(
    calendar: BusinessCalendar, start: datetime, amount: timedelta
) -> None:
    due = calendar.add(start, amount)
    assert calendar.is_open(due - timedelta(microseconds=1))  # the clock ran right up to the due time


@settings(max_examples=150, deadline=None)
@given(calendar=calendars, start=moments, amount=amounts)
def test_business_time_to_the_due_time_is_the_amount_added_when_measured(
    calendar: BusinessCalendar, start: datetime, amount: timedelta
) -> None:
    assert calendar.business_time(start, calendar.add(start, amount)) == amount


@settings(max_examples=150, deadline=None)
@given(calendar=calendars, a=moments, b=moments, c=moments)
def test_business_time_adds_up_when_a_span_is_cut_in_two(
    calendar: BusinessCalendar, a: datetime, b: datetime, c: datetime
) -> None:
    first, middle, last = sorted((a, b, c))
    whole = calendar.business_time(first, last)
    assert whole == calendar.business_time(first, middle) + calendar.business_time(middle, last)
    assert timedelta(0) <= whole <= last - first


def test_business_time_over_years_adds_up_year_by_year_when_a_ticket_stays_open_that_long() -> None:
    # A ticket open for four years is measured like any other: the horizon bounds a calendar that never opens,
    # not the length of the walk (the bench's long history once hit it).
    years = [datetime(y, 1, 1, tzinfo=UTC) for y in range(2022, 2027)]
    by_year = sum((DESK.business_time(a, b) for a, b in zip(years, years[1:], strict=False)), timedelta(0))
    assert DESK.business_time(years[0], years[-1]) == by_year > 4 * 240 * 8 * H
    assert DESK.add(years[0], by_year) <= years[-1]


def test_calendar_whose_open_days_are_all_closed_is_refused_when_asked_for_a_due_time() -> None:
    sundays = frozenset(date(2026, 1, 4) + timedelta(weeks=w) for w in range(52 * 5))
    closed = BusinessCalendar(hours=WeeklyHours.from_data({"sun": [["09:00", "17:00"]]}), closed_days=sundays)
    with pytest.raises(InvalidInput, match="no open hours in the 1098 days"):
        closed.add(datetime(2026, 1, 1, tzinfo=UTC), H)
