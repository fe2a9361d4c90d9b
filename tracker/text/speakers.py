"""Who speaks for whom: the party a typed speaker ("Vassily Nebenzia", "Amar Bendjama, Algeria's
ambassador", "an Israeli official") speaks for, from the people's names and memberships, and
failing a known person, from the one party the words name."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from tracker.text.linking import How, Linker, compile_alias, fold

if TYPE_CHECKING:
    from tracker.models import Party, Person


def people_named(text: str) -> list[Person]:
    """The people whose names (any variant) occur in `text`, matched as the linker matches
    them."""
    from tracker.models import Person

    found = []
    for person in Person.objects.prefetch_related("other_names"):
        for name in person.names:
            alias = compile_alias(name, case_sensitive=" " not in name)
            if alias.pattern.search(fold(text, lower=alias.lower)):
                found.append(person)
                break
    return found


def party_for(name: str, on: datetime.date | None = None) -> Party | None:
    """The party the speaker `name` speaks for, or None when it is unknown or ambiguous.

    A known person's memberships decide, those held `on` that day first (when given and any
    is); a person speaking for several parties, or several people named, give None unless
    they agree. Without a known person, the one party the words name ("an Israeli official")."""
    from tracker.models import Membership, Party

    people = people_named(name)
    if people:
        memberships = list(Membership.objects.filter(person__in=people).select_related("party"))
        if on is not None:
            memberships = [m for m in memberships if m.held_on(on)] or memberships
        parties = {m.party for m in memberships}
        return parties.pop() if len(parties) == 1 else None
    codes = {
        m.key for m in Linker.current().mentions(name) if m.kind == "party" and m.how == How.NAME
    }
    if len(codes) == 1:
        return Party.objects.filter(code=codes.pop()).first()
    return None
