"""Dates a text gives relative to its source's day. Every sentence here is made up."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from tracker.text.dating import (
    DAY,
    MONTH,
    WEEK,
    WEEKDAYS,
    date_in_text,
    period_end,
)

WED_5_NOV = datetime.date(2025, 11, 5)


def test_a_weekday_is_the_latest_such_day_on_or_before_the_source():
    dated = date_in_text("The mission said Monday that it welcomed the text.", WED_5_NOV)
    assert (dated.day, dated.precision) == (datetime.date(2025, 11, 3), DAY)
    assert dated.explain(WED_5_NOV) == "from ‘said Monday’ and the source’s date 5 Nov 2025"


def test_the_source_s_own_weekday_is_that_day():
    dated = date_in_text("An official said Wednesday the text was ready.", WED_5_NOV)
    assert dated.day == WED_5_NOV


def test_yesterday_last_week_and_last_month():
    assert date_in_text("It said yesterday it would vote.", WED_5_NOV).day == datetime.date(
        2025, 11, 4
    )
    week = date_in_text("The envoy said last week that…", WED_5_NOV)
    assert (week.day, week.precision) == (datetime.date(2025, 10, 27), WEEK)
    month = date_in_text("During a visit last month, the minister said…", WED_5_NOV)
    assert (month.day, month.precision) == (datetime.date(2025, 10, 1), MONTH)


def test_a_day_of_a_month_takes_the_source_s_year_unless_that_is_later():
    assert date_in_text("They met on November 4 in New York.", WED_5_NOV).day == datetime.date(
        2025, 11, 4
    )
    assert date_in_text("They met on 20 December.", WED_5_NOV).day == datetime.date(2024, 12, 20)
    assert date_in_text("Photo taken in Istanbul, Nov. 3, 2025.", WED_5_NOV).day == (
        datetime.date(2025, 11, 3)
    )


def test_plans_and_deadlines_are_not_the_day_something_was_said():
    assert date_in_text("A vote is expected next Monday.", WED_5_NOV) is None
    assert date_in_text("Troops could arrive by Friday.", WED_5_NOV) is None
    assert date_in_text("The council will meet on Thursday.", WED_5_NOV) is None


def test_nothing_is_worked_out_without_the_source_s_day():
    assert date_in_text("It said Wednesday…", None) is None
    assert date_in_text("It said Wednesday…", datetime.date(2025, 11, 1), MONTH) is None
    assert date_in_text("It said Wednesday…", datetime.date(2025, 11, 3), WEEK) is None
    assert date_in_text("No day is given here.", WED_5_NOV) is None


days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31))


@given(days, st.sampled_from(WEEKDAYS))
def test_a_weekday_falls_in_the_seven_days_up_to_the_source(source_day, weekday):
    dated = date_in_text(f"The minister said {weekday.title()} that…", source_day)
    assert dated.precision == DAY
    assert dated.day.weekday() == WEEKDAYS.index(weekday)
    assert source_day - datetime.timedelta(days=6) <= dated.day <= source_day


@given(days, st.sampled_from(["last week", "this week", "last month", "earlier this month"]))
def test_a_week_or_a_month_never_starts_after_the_source(source_day, words):
    dated = date_in_text(f"It said {words} that…", source_day)
    assert dated.day <= source_day
    assert dated.precision in {WEEK, MONTH}
    if dated.precision == WEEK:
        assert dated.day.weekday() == 0
    else:
        assert dated.day.day == 1
    assert period_end(dated.day, dated.precision) >= dated.day


@given(days, st.text(max_size=200))
def test_any_text_gives_a_date_on_or_before_the_source_or_none(source_day, text):
    dated = date_in_text(text, source_day)
    assert dated is None or dated.day <= source_day
