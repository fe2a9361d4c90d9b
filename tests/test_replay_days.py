"""The days the matrix page offers to replay (tracker.reading.matrix.replay_days). Its own module: the
seeds that other matrix tests load for their module would add their days here."""

import datetime

from tests.conftest import make_excerpt, make_party, make_position, make_provision, make_source
from tracker.reading.matrix import replay_days


def test_replay_days_are_the_newest_days_a_published_position_was_stated(db):
    party, provision = make_party(), make_provision()
    undated_source = make_source(published_on=datetime.date(2025, 11, 9))
    dated_source = make_source(published_on=datetime.date(2025, 11, 30))  # its positions have days
    make_position(party, provision, make_excerpt(undated_source))  # dates from its source
    cited = make_excerpt(dated_source)
    for day, stance in ((2, "supports"), (4, "opposes"), (6, "mixed")):
        make_position(
            party, provision, cited, stance=stance, stated_on=datetime.date(2025, 11, day)
        )
    make_position(
        party, provision, stance="undecided", stated_on=datetime.date(2025, 11, 7), status="pending"
    )
    make_position(
        party, provision, stance="conditional", stated_on=datetime.date(2025, 11, 8)
    ).retract("Misquoted.")

    assert replay_days(10) == [datetime.date(2025, 11, d) for d in (2, 4, 6, 9)]
    assert replay_days(2) == [datetime.date(2025, 11, 6), datetime.date(2025, 11, 9)]
