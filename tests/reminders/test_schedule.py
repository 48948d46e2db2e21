"""'Monday 09:00 Europe/Berlin' stays 09:00 on the wall clock, whatever DST does."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.reminders.schedule import WeeklySchedule

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def weekly(weekday: int, hour: int, minute: int, zone: ZoneInfo) -> WeeklySchedule:
    return WeeklySchedule(weekday=weekday, at=time(hour, minute), zone=zone)


def local_times(schedule: WeeklySchedule, start: datetime, weeks: int) -> list[str]:
    shown, moment = [], start
    for _ in range(weeks):
        moment = schedule.next_after(moment)
        shown.append(schedule.local(moment).strftime("%Y-%m-%d %H:%M %Z"))
    return shown


def test_berlin_monday_nine_stays_nine_across_both_dst_changes() -> None:
    monday_nine = weekly(0, 9, 0, BERLIN)
    spring = local_times(monday_nine, datetime(2024, 3, 20, tzinfo=UTC), 3)
    assert spring == ["2024-03-25 09:00 CET", "2024-04-01 09:00 CEST", "2024-04-08 09:00 CEST"]
    autumn = local_times(monday_nine, datetime(2024, 10, 21, tzinfo=UTC), 2)
    assert autumn == ["2024-10-21 09:00 CEST", "2024-10-28 09:00 CET"]
    # In UTC the post moves by an hour, which is the point.
    assert monday_nine.next_after(datetime(2024, 3, 20, tzinfo=UTC)).hour == 8
    assert monday_nine.next_after(datetime(2024, 4, 1, tzinfo=UTC)).hour == 7


def test_new_york_monday_nine_stays_nine_across_both_dst_changes() -> None:
    monday_nine = weekly(0, 9, 0, NEW_YORK)
    assert local_times(monday_nine, datetime(2024, 3, 1, tzinfo=UTC), 2) == [
        "2024-03-04 09:00 EST",
        "2024-03-11 09:00 EDT",
    ]
    assert local_times(monday_nine, datetime(2024, 10, 30, tzinfo=UTC), 2) == [
        "2024-11-04 09:00 EST",
        "2024-11-11 09:00 EST",
    ]
    assert monday_nine.next_after(datetime(2024, 3, 1, tzinfo=UTC)).hour == 14
    assert monday_nine.next_after(datetime(2024, 3, 5, tzinfo=UTC)).hour == 13


def test_a_time_skipped_by_spring_forward_moves_forward_by_the_gap() -> None:
    # Berlin, Sunday 31 March 2024: 02:00 jumps to 03:00, so 02:30 never happens.
    sunday_half_two = weekly(6, 2, 30, BERLIN)
    moment = sunday_half_two.next_after(datetime(2024, 3, 30, tzinfo=UTC))
    assert sunday_half_two.local(moment).strftime("%H:%M %Z") == "03:30 CEST"
    # New York, Sunday 10 March 2024: 02:00 jumps to 03:00.
    sunday_in_new_york = weekly(6, 2, 30, NEW_YORK)
    moment = sunday_in_new_york.next_after(datetime(2024, 3, 9, tzinfo=UTC))
    assert sunday_in_new_york.local(moment).strftime("%H:%M %Z") == "03:30 EDT"
    # The week after, 02:30 exists again and is used as written.
    following = sunday_in_new_york.next_after(moment)
    assert sunday_in_new_york.local(following).strftime("%H:%M %Z") == "02:30 EDT"


def test_a_time_repeated_by_fall_back_is_posted_at_its_first_occurrence_only() -> None:
    # Berlin, Sunday 27 October 2024: 03:00 goes back to 02:00, so 02:30 happens twice.
    sunday_half_two = weekly(6, 2, 30, BERLIN)
    first = sunday_half_two.next_after(datetime(2024, 10, 26, tzinfo=UTC))
    assert sunday_half_two.local(first).strftime("%H:%M %Z") == "02:30 CEST"
    assert first == datetime(2024, 10, 27, 0, 30, tzinfo=UTC)
    # The second 02:30 (CET, an hour later) is not another occurrence: next is a week on.
    assert sunday_half_two.next_after(first) == datetime(2024, 11, 3, 1, 30, tzinfo=UTC)
    # New York, Sunday 3 November 2024: 01:30 happens twice; the EDT one counts.
    sunday_in_new_york = weekly(6, 1, 30, NEW_YORK)
    first = sunday_in_new_york.next_after(datetime(2024, 11, 2, tzinfo=UTC))
    assert sunday_in_new_york.local(first).strftime("%H:%M %Z") == "01:30 EDT"
    assert sunday_in_new_york.next_after(first) - first == timedelta(weeks=1, hours=1)


@given(
    weekday=st.integers(0, 6),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    zone=st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Riyadh", "UTC"]),
    start=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
    ),
)
def test_every_next_run_is_soon_after_on_the_right_day_and_never_repeats(
    weekday: int, hour: int, minute: int, zone: str, start: datetime
) -> None:
    schedule = weekly(weekday, hour, minute, ZoneInfo(zone))
    first = schedule.next_after(start)
    second = schedule.next_after(first)
    assert start < first <= start + timedelta(weeks=1, hours=1)
    assert timedelta(days=6, hours=22) <= second - first <= timedelta(days=7, hours=2)
    assert schedule.local(first).weekday() == weekday
    assert schedule.latest_at_or_before(first) == first
    assert schedule.latest_at_or_before(second - timedelta(seconds=1)) == first
