"""The tracker's records, by concept: what all records share (base), the curated catalogue, the
people who speak for parties, the sources and their excerpts, the positions, the suggestions set
aside, what editors teach the linker (learning), and the records' token.

Nothing here is ever deleted through the app: sources, excerpts and positions are retracted with
a reason, and a newer position never overwrites an older one.
"""

from tracker.models.base import (
    Origin,
    Retractable,
    Reviewable,
    ReviewStatus,
    StaleEdit,
    TimeStamped,
    Versioned,
)
from tracker.models.catalogue import (
    ALIAS_HELP,
    PARTY_KIND_ORDER,
    Alias,
    Exclusion,
    Party,
    PartyAlias,
    PartyExclusion,
    PartyKind,
    Provision,
    ProvisionAlias,
    ProvisionCategory,
    ProvisionExclusion,
)
from tracker.models.learning import (
    LinkExample,
    ProposalKind,
    ProposalStatus,
    Verdict,
    VocabularyProposal,
)
from tracker.models.negotiations import (
    ChangeKind,
    Citation,
    Coverage,
    DatePrecision,
    Draft,
    Negotiation,
    Presence,
    Provenance,
    ReportedChange,
    Version,
    VersionStatus,
    date_label,
)
from tracker.models.paragraphs import (
    Mapping,
    Paragraph,
    ParagraphKind,
    ParagraphProvision,
    WordingChange,
)
from tracker.models.people import Membership, Person, PersonName
from tracker.models.positions import Attribution, Position, PositionQuerySet, Stance
from tracker.models.sources import Excerpt, MadeBy, Source, SourceQuerySet
from tracker.models.stamps import DataStamp
from tracker.models.suggestions import DismissedSuggestion
from tracker.models.votes import CouncilSeat, Event, EventKind, Vote, VoteEvent, VoteOption

__all__ = [
    "CouncilSeat",
    "Event",
    "EventKind",
    "Vote",
    "VoteEvent",
    "VoteOption",
    "ChangeKind",
    "Citation",
    "Coverage",
    "DatePrecision",
    "Draft",
    "Mapping",
    "Negotiation",
    "Paragraph",
    "ParagraphKind",
    "ParagraphProvision",
    "Presence",
    "Provenance",
    "ReportedChange",
    "Version",
    "VersionStatus",
    "WordingChange",
    "date_label",
    "ALIAS_HELP",
    "PARTY_KIND_ORDER",
    "Alias",
    "Attribution",
    "DataStamp",
    "DismissedSuggestion",
    "Excerpt",
    "Exclusion",
    "LinkExample",
    "MadeBy",
    "Membership",
    "Origin",
    "Party",
    "PartyAlias",
    "PartyExclusion",
    "PartyKind",
    "Person",
    "PersonName",
    "Position",
    "PositionQuerySet",
    "ProposalKind",
    "ProposalStatus",
    "Provision",
    "ProvisionAlias",
    "ProvisionCategory",
    "ProvisionExclusion",
    "Retractable",
    "ReviewStatus",
    "Reviewable",
    "Source",
    "SourceQuerySet",
    "Stance",
    "StaleEdit",
    "TimeStamped",
    "Verdict",
    "Versioned",
    "VocabularyProposal",
]
