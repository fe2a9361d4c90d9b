"""party_for: the party a typed speaker speaks for."""

import pytest

from tests.conftest import day, make_party, make_person
from tracker.text.speakers import party_for, people_named

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    russia = make_party(code="RUS", name="Russia", kind="permanent-member", aliases=["Russia"])
    usa = make_party(code="USA", name="United States", kind="permanent-member", aliases=["US"])
    algeria = make_party(code="DZA", name="Algeria", kind="elected-member", aliases=["Algeria"])
    israel = make_party(code="ISR", name="Israel", kind="state", aliases=["Israeli"])
    make_person("Vassily Nebenzia", russia, other_names=["Vasily Nebenzya", "Nebenzia"])
    make_person("Amar Bendjama", algeria, other_names=["Bendjama"])
    make_person("Dorothy Shea", usa, role="Acting representative", end_date="2025-09")
    make_person("António Guterres", other_names=["Guterres"])
    return {"RUS": russia, "USA": usa, "DZA": algeria, "ISR": israel}


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Vassily Nebenzia", "RUS"),
        ("Vasily Nebenzya, Russia's permanent representative", "RUS"),
        ("Ambassador Bendjama", "DZA"),
        ("amar bendjama", "DZA"),  # a full name in any case
        ("An Israeli official (unnamed)", "ISR"),  # no known person: the one party named
    ],
)
def test_the_party_of_a_typed_speaker(people, typed, code):
    assert party_for(typed) == people[code]


@pytest.mark.parametrize("typed", ["Guterres", "a diplomat", "", "bendjama"])
def test_unknown_or_speaking_for_no_party_gives_none(people, typed):
    # A one-word name is matched with its capital only ("bendjama" is not the name).
    assert party_for(typed) is None


def test_two_people_for_two_parties_is_ambiguous(people):
    assert party_for("Nebenzia and Bendjama") is None


def test_a_membership_held_that_day_comes_first_and_an_ended_one_still_counts(people):
    shea = people_named("Dorothy Shea")[0]
    assert shea.memberships.get().held_on(day("2025-09-30"))
    assert not shea.memberships.get().held_on(day("2025-10-01"))
    assert party_for("Dorothy Shea", on=day("2025-11-17")) == people["USA"]


# The seeded people: officials who spoke for a party on the force, and the force's commander
# and UN officials, who speak for none in the catalogue. The sentences are made up.
@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("President Ilham Aliyev", "AZE"),
        ("Aliyev, in a televised interview", "AZE"),
        ("Hikmet Hajiyev, the presidential aide", "AZE"),
        ("Foreign Office spokesperson Tahir Hussain Andrabi", "PAK"),
        ("Field Marshal Asim Munir", "PAK"),
        ("Dar, the deputy premier", "PAK"),
        ("Prime Minister Mohammad Mustafa", "palestinian-authority"),
        ("Hussein al-Sheikh", "palestinian-authority"),
        ("Vahd Nabyl Mulachela", "IDN"),
        ("Ahmed Attaf", "DZA"),
        ("Tamim Khalaf", "EGY"),
        ("Mohammad Momani", "JOR"),
        ("Geng Shuang", "CHN"),
    ],
)
def test_seeded_speakers(seeded_db, db, typed, code):
    party = party_for(typed)
    assert party is not None and party.code == code


@pytest.mark.parametrize("typed", ["Jasper Jeffers", "Philippe Lazzarini", "Ramiz Alakbarov"])
def test_seeded_people_who_speak_for_no_party(seeded_db, db, typed):
    assert people_named(typed)
    assert party_for(typed) is None
