"""Dates a text gives relative to its source: "said Wednesday", "on Monday", "yesterday", "last
week", "on November 4".

A news report names the day of the week for what happened in the seven days before it was
published (the day itself included), so with the source's day known, "said Wednesday" is the
latest Wednesday on or before it. A week or a month comes back with that precision, its first day
standing for it (weeks start on Monday). Nothing is worked out from a source whose day is not
known: a weekday in a source known only to its week or month could be either of two.

This only proposes: an editor confirms. Pure functions, no Django.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

DAY, WEEK, MONTH = "day", "week", "month"

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    name: number
    for number in range(1, 13)
    for name in {calendar.month_name[number].lower(), calendar.month_abbr[number].lower()}
}
MONTHS["sept"] = 9

_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
# Words before a day that point away from the day something was said: a plan or a deadline.
_NOT_PAST = re.compile(
    r"\b(?:next|by|until|till|before|coming|from|starting|will|would|expected|due|scheduled|"
    r"planned|set)\s+(?:on\s+)?$",
    re.IGNORECASE,
)
_PATTERNS = [
    ("day_month", re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}(?!\w)(?:,?\s+(?P<year>\d{{4}}))?")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})\b(?:,?\s+(?P<year>\d{{4}}))?")),
    ("weekday", re.compile(rf"\b{_WEEKDAY}\b")),
    ("yesterday", re.compile(r"\byesterday\b", re.IGNORECASE)),
    ("today", re.compile(r"\btoday\b", re.IGNORECASE)),
    ("last_week", re.compile(r"\blast\s+week\b", re.IGNORECASE)),
    ("this_week", re.compile(r"\b(?:this|earlier\s+this)\s+week\b", re.IGNORECASE)),
    ("last_month", re.compile(r"\blast\s+month\b", re.IGNORECASE)),
    ("this_month", re.compile(r"\b(?:this|earlier\s+this)\s+month\b", re.IGNORECASE)),
]
# A plan in the words before it, in the same clause: "will meet on Thursday".
_FUTURE = re.compile(r"\b(?:will|would|shall|is to|are to|plans? to|expected to|due to)\b", re.I)
# How much of a sentence around a day goes into the explanation ("said Wednesday").
_SAYING = re.compile(
    r"(?:\b(?:said|says|told|stated|announced|added|noted|wrote|declared|reported|met)"
    r"(?:\s+\w+)?(?:\s+on)?|\bon)\s+$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Dated:
    """A date worked out from words of the text and the source's day."""

    day: datetime.date  # for a week, its Monday; for a month, its first day
    precision: str  # DAY, WEEK or MONTH
    words: str  # the words it comes from, as they stand in the text

    def explain(self, source_day: datetime.date) -> str:
        return f"from ‘{self.words}’ and the source’s date {label(source_day, DAY)}"


def label(day: datetime.date, precision: str) -> str:
    """3 Nov 2025; the week of 3 Nov 2025; November 2025."""
    if precision == MONTH:
        return day.strftime("%B %Y")
    if precision == WEEK:
        return f"the week of {day.day} {day:%b %Y}"
    return f"{day.day} {day:%b %Y}"


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def period_end(day: datetime.date, precision: str) -> datetime.date:
    """The last day a date known to `precision` may stand for."""
    if precision == WEEK:
        return day + datetime.timedelta(days=6)
    if precision == MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


def date_in_text(
    text: str, source_day: datetime.date | None, source_precision: str = DAY
) -> Dated | None:
    """The first date in `text` that can be worked out against the source's day, or None. A day
    named as a plan or a deadline ("by Monday", "next week", "will meet on Friday") is skipped."""
    if source_day is None or source_precision != DAY:
        return None
    found: list[tuple[int, Dated]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 40) : match.start()]
            clause = re.split(r"[.;!?]", before)[-1]
            if _NOT_PAST.search(before) or _FUTURE.search(clause):
                continue
            dated = _resolve(kind, match, source_day)
            if dated is None:
                continue
            words = match.group(0).strip()
            saying = _SAYING.search(before)
            if saying:
                words = f"{saying.group(0)}{words}"
            found.append((match.start(), Dated(dated[0], dated[1], " ".join(words.split()))))
    if not found:
        return None
    return min(found, key=lambda item: item[0])[1]


def _resolve(
    kind: str, match: re.Match[str], source_day: datetime.date
) -> tuple[datetime.date, str] | None:
    if kind == "weekday":
        back = (source_day.weekday() - WEEKDAYS.index(match["weekday"].lower())) % 7
        return source_day - datetime.timedelta(days=back), DAY
    if kind == "yesterday":
        return source_day - datetime.timedelta(days=1), DAY
    if kind == "today":
        return source_day, DAY
    if kind == "last_week":
        return week_start(source_day) - datetime.timedelta(days=7), WEEK
    if kind == "this_week":
        return week_start(source_day), WEEK
    if kind == "last_month":
        return month_start(month_start(source_day) - datetime.timedelta(days=1)), MONTH
    if kind == "this_month":
        return month_start(source_day), MONTH
    # A day of a month: in the source's year, or the year before when that would be later.
    month = MONTHS[match["month"].lower().rstrip(".")]
    year = int(match["year"]) if match["year"] else source_day.year
    try:
        day = datetime.date(year, month, int(match["day"]))
    except ValueError:
        return None
    if day > source_day:
        if match["year"]:
            return None
        try:
            day = day.replace(year=year - 1)
        except ValueError:
            return None
    return day, DAY
