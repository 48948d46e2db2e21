"""Pure time math for weekly reminders: a weekday and a wall-clock time in an IANA zone.

A reminder says "Monday 09:00 Europe/Berlin" and means 09:00 on the wall clock of that zone
every Monday, whatever the UTC offset is that day. Each occurrence is computed in local time
and then converted to UTC, never by adding 7 days to a UTC instant (which would drift by an
hour at every DST change).

Daylight-saving edge cases, chosen once and tested:

- Spring forward (the local time does not exist, e.g. 02:30 on the night clocks jump from
  02:00 to 03:00): the reminder is shifted forward by the gap, so 02:30 becomes 03:30 local.
  This is what `fold=0` gives: the time is read with the offset in force before the jump.
- Fall back (the local time happens twice, e.g. 02:30 on the night clocks go from 03:00 back
  to 02:00): the first occurrence (`fold=0`, still on summer time) is used, and only that one.

All instants leaving this module are timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Eight days always contains the next (or previous) instance of a weekday plus the day itself.
_SEARCH_DAYS = 8


@dataclass(frozen=True, kw_only=True)
class WeeklySchedule:
    weekday: int  # 0 = Monday … 6 = Sunday, as datetime.weekday()
    at: time  # wall-clock time, minutes precision, naive
    zone: ZoneInfo

    def on(self, day: date) -> datetime:
        """The UTC instant of `at` on the local date `day` (DST rules in the module docstring)."""
        local = datetime.combine(day, self.at, tzinfo=self.zone).replace(fold=0)
        return local.astimezone(UTC)

    def next_after(self, moment: datetime) -> datetime:
        """The first occurrence strictly after `moment` (aware), in UTC."""
        local_day = moment.astimezone(self.zone).date()
        for offset in range(-1, _SEARCH_DAYS):
            day = local_day + timedelta(days=offset)
            if day.weekday() != self.weekday:
                continue
            candidate = self.on(day)
            if candidate > moment:
                return candidate
        raise AssertionError("a weekly schedule always has an occurrence within eight days")

    def latest_at_or_before(self, moment: datetime) -> datetime:
        """The last occurrence at or before `moment` (aware), in UTC."""
        local_day = moment.astimezone(self.zone).date()
        for offset in range(1, -_SEARCH_DAYS, -1):
            day = local_day + timedelta(days=offset)
            if day.weekday() != self.weekday:
                continue
            candidate = self.on(day)
            if candidate <= moment:
                return candidate
        raise AssertionError("a weekly schedule always has an occurrence within eight days")

    def local(self, moment: datetime) -> datetime:
        """`moment` on this schedule's wall clock, for display."""
        return moment.astimezone(self.zone)
