"""Loading the seeds: the catalogue, the people who speak for parties, the seed articles, the
linker's excerpts and the curated positions, in one transaction.

Loading is additive and idempotent: what exists is left as it is (editors may have changed it in
the admin since), what is missing is created, and a second run creates nothing. Anything wrong
in the files stops the load with a message naming the file and the entry, and nothing is kept.
"""

import datetime
from collections import Counter
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from tracker import recording
from tracker.freshness import restamp
from tracker.models import (
    Attribution,
    CouncilSeat,
    Draft,
    Event,
    Excerpt,
    Membership,
    Negotiation,
    Origin,
    Party,
    PartyAlias,
    PartyExclusion,
    Person,
    PersonName,
    Position,
    Provision,
    ProvisionAlias,
    ProvisionExclusion,
    ReportedChange,
    ReviewStatus,
    Source,
    Stance,
    Version,
    VoteEvent,
)
from tracker.text import anchoring
from tracker.text.linking import Linker

CATALOGUE_FILE = "catalogue.yaml"
PEOPLE_FILE = "people.yaml"
POSITIONS_FILE = "positions.yaml"
TEXTS_FILE = "texts.yaml"  # the negotiation's drafts and versions; optional
VOTES_FILE = "votes.yaml"  # the Council's seats, events and votes; optional


class SeedError(Exception):
    pass


def read_yaml(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle) or {}
    except FileNotFoundError:
        raise SeedError(f"{path}: file not found") from None
    except yaml.YAMLError as error:
        raise SeedError(f"{path}: not valid YAML: {error}") from None


def _date(value, where):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise SeedError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _partial_date(value):
    """A Popolo date as text (YAML reads 2025-09-19 as a date, 2025-09 as text)."""
    if value in (None, ""):
        return ""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def _require(entry, keys, where):
    missing = [key for key in keys if not entry.get(key)]
    if missing:
        raise SeedError(f"{where}: missing {', '.join(missing)}")


def _choice(value, choices, what, where):
    if value not in choices.values:
        raise SeedError(f"{where}: {what} {value!r} is not one of {', '.join(choices.values)}")
    return value


def _counts():
    """How many sources, excerpts, mentions and positions are stored (the write side records
    them; the loader reports what it added)."""
    return {
        "sources": Source.objects.count(),
        "excerpts": Excerpt.objects.count(),
        "excerpt mentions": Excerpt.provisions.through.objects.count()
        + Excerpt.parties.through.objects.count(),
        "positions": Position.objects.count(),
        "drafts": Draft.objects.count(),
        "versions": Version.objects.count(),
        "reported changes": ReportedChange.objects.count(),
        "council seats": CouncilSeat.objects.count(),
        "events": Event.objects.count(),
        "votes": VoteEvent.objects.count(),
    }


class SeedLoader:
    def __init__(self, seeds_dir):
        self.seeds_dir = Path(seeds_dir)
        self.created = Counter()

    def load(self):
        """Load everything, in one transaction. Returns a Counter of what was created."""
        catalogue_path = self.seeds_dir / CATALOGUE_FILE
        positions_path = self.seeds_dir / POSITIONS_FILE
        people_path = self.seeds_dir / PEOPLE_FILE
        catalogue = read_yaml(catalogue_path)
        people = read_yaml(people_path) if people_path.exists() else {}
        positions = read_yaml(positions_path)
        with transaction.atomic():
            before = _counts()
            negotiation = self._negotiation(catalogue.get("negotiation") or {}, catalogue_path)
            self._provisions(negotiation, catalogue.get("provisions") or [], catalogue_path)
            self._parties(catalogue.get("parties") or [], catalogue_path)
            self._people(people.get("people") or [], people_path)
            self.linker = Linker.from_database()
            sources = self._sources(catalogue.get("sources") or [], catalogue_path)
            texts_path = self.seeds_dir / TEXTS_FILE
            if texts_path.exists():
                texts = read_yaml(texts_path)
                self._drafts(negotiation, texts.get("drafts") or [], texts_path)
            votes_path = self.seeds_dir / VOTES_FILE
            if votes_path.exists():
                council = read_yaml(votes_path)
                self._council(council.get("council") or [], votes_path)
                self._events(negotiation, council.get("events") or [], votes_path)
                self._votes(negotiation, council.get("votes") or [], votes_path)
            self._positions(sources, positions.get("positions") or [], positions_path)
            for what, count in _counts().items():
                self.created[what] += count - before[what]
            if any(self.created.values()):
                restamp()  # bulk writes send no signals
        return self.created

    def _negotiation(self, entry, path):
        _require(entry, ["slug", "title"], f"{path}: negotiation")
        negotiation, created = Negotiation.objects.get_or_create(
            slug=entry["slug"],
            defaults={
                "title": entry["title"],
                "description": entry.get("description") or "",
                "is_default": not Negotiation.objects.filter(is_default=True).exists(),
            },
        )
        self.created["negotiations"] += created
        return negotiation

    def _aliases(self, model, owner_field, owner, phrases, where, what="aliases", **fields):
        existing = set(
            model.objects.filter(**{owner_field: owner}).values_list("phrase", flat=True)
        )
        new = []
        for phrase in phrases or []:
            phrase = " ".join(str(phrase).split())
            if not phrase:
                raise SeedError(f"{where}: an empty {what[:-1]}")
            if phrase not in existing:
                row = model(**{owner_field: owner, "phrase": phrase}, **fields)
                try:
                    row.clean()
                except ValidationError as error:
                    raise SeedError(
                        f"{where}: {what[:-1]} {phrase!r}: {error.messages[0]}"
                    ) from None
                existing.add(phrase)
                new.append(row)
        bulk_create_with_history(new, model)
        self.created[what] += len(new)

    def _vocabulary(self, alias, exclusion, owner_field, owner, entry, where):
        """An entry's aliases, the phrases that refer back to it, and its exclusions."""
        self._aliases(alias, owner_field, owner, entry.get("aliases"), where)
        self._aliases(alias, owner_field, owner, entry.get("refers_back"), where, refers_back=True)
        self._aliases(
            exclusion, owner_field, owner, entry.get("exclusions"), where, what="exclusions"
        )

    def _provisions(self, negotiation, entries, path):
        for order, entry in enumerate(entries, start=1):
            where = f"{path}: provision {entry.get('slug', f'#{order}')!r}"
            _require(entry, ["slug", "title", "summary", "category"], where)
            _choice(entry["category"], Provision.Category, "category", where)
            provision, created = Provision.objects.get_or_create(
                slug=entry["slug"],
                defaults={
                    "negotiation": negotiation,
                    "title": entry["title"],
                    "summary": entry["summary"],
                    "category": entry["category"],
                    "display_order": order * 10,
                },
            )
            self.created["provisions"] += created
            sources = "\n".join(str(url) for url in entry.get("sources") or [])
            if sources and not provision.summary_sources:
                provision.summary_sources = sources
                try:
                    provision.clean()
                except ValidationError as error:
                    raise SeedError(f"{where}: {error.messages[0]}") from None
                provision.save(update_fields=["summary_sources"])
            self._vocabulary(
                ProvisionAlias, ProvisionExclusion, "provision", provision, entry, where
            )

    def _parties(self, entries, path):
        parties = {}
        for entry in entries:
            where = f"{path}: party {entry.get('code', '?')!r}"
            _require(entry, ["code", "name", "kind"], where)
            _choice(entry["kind"], Party.Kind, "kind", where)
            party = Party.objects.filter(code=entry["code"]).first()
            if party is None:
                party = Party(code=entry["code"], name=entry["name"], kind=entry["kind"])
                try:
                    party.clean()
                except Exception as error:
                    raise SeedError(f"{where}: {error}") from None
                party.save()
                self.created["parties"] += 1
            parties[party.code] = (party, entry)
            self._vocabulary(PartyAlias, PartyExclusion, "party", party, entry, where)
        for party, entry in parties.values():
            for code in entry.get("groups") or []:
                group = parties.get(code, (None,))[0] or Party.objects.filter(code=code).first()
                if group is None:
                    raise SeedError(f"{path}: party {party.code!r}: unknown group {code!r}")
                if not party.groups.filter(pk=group.pk).exists():
                    party.groups.add(group)
                    self.created["group memberships"] += 1

    def _people(self, entries, path):
        """The people who speak for parties: names and memberships missing are added."""
        parties = {p.code: p for p in Party.objects.all()}
        for number, entry in enumerate(entries, start=1):
            where = f"{path}: person {entry.get('name', f'#{number}')!r}"
            _require(entry, ["name"], where)
            person, created = Person.objects.get_or_create(name=" ".join(entry["name"].split()))
            self.created["people"] += created
            names = set(person.other_names.values_list("name", flat=True)) | {person.name}
            for name in entry.get("other_names") or []:
                name = " ".join(str(name).split())
                if name not in names:
                    names.add(name)
                    PersonName.objects.create(person=person, name=name)
                    self.created["names of people"] += 1
            for membership in entry.get("memberships") or []:
                party = parties.get(membership.get("party"))
                if party is None:
                    raise SeedError(f"{where}: unknown party {membership.get('party')!r}")
                row = Membership(
                    person=person,
                    party=party,
                    role=membership.get("role") or "",
                    start_date=_partial_date(membership.get("start_date")),
                    end_date=_partial_date(membership.get("end_date")),
                    source=membership.get("source") or "",
                )
                if Membership.objects.filter(person=person, party=party, role=row.role).exists():
                    continue
                try:
                    row.full_clean(exclude=["person", "party"], validate_unique=False)
                except ValidationError as error:
                    raise SeedError(f"{where}: {'; '.join(error.messages)}") from None
                row.save()
                self.created["memberships"] += 1

    def _sources(self, entries, path):
        sources = {}
        for entry in entries:
            where = f"{path}: source {entry.get('file', '?')!r}"
            _require(entry, ["file"], where)
            file_path = self.seeds_dir / entry["file"]
            try:
                raw = file_path.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise SeedError(f"{where}: {file_path} not found") from None
            text = anchoring.normalize_text(raw)
            source = Source.objects.filter(seed_file=entry["file"]).first()
            if source is not None:
                if source.text_sha256 != anchoring.text_digest(text):
                    raise SeedError(
                        f"{where}: the file has changed since it was loaded; a stored source is "
                        "never rewritten (its excerpts point into it). Add the new text as a new "
                        "file."
                    )
                recording.relink_source(source, linker=self.linker)
                self._fill_in(source, entry, where)
            else:
                try:
                    source = recording.record_source(
                        text=text,
                        origin=Origin.SEED,
                        status=ReviewStatus.PUBLISHED,  # curated: published as loaded
                        seed_file=entry["file"],
                        linker=self.linker,
                        title=entry.get("title") or "",
                        outlet=entry.get("outlet") or "",
                        author=entry.get("author") or "",
                        url=entry.get("url") or "",
                        published_on=_date(entry.get("published_on"), where),
                        date_precision=entry.get("date_precision") or "day",
                        language=entry.get("language") or "en",
                    )
                except recording.Refused as refused:
                    raise SeedError(f"{where}: {refused}") from None
            sources[entry["file"]] = source
        return sources

    def _fill_in(self, source, entry, where):
        """What the catalogue now knows of a stored seed article and the record leaves blank
        (its outlet, address, headline, date): added, never overwriting what is there."""
        changes = {
            name: entry[name]
            for name in ("title", "outlet", "url")
            if entry.get(name) and not getattr(source, name)
        }
        if entry.get("published_on") and source.published_on is None:
            changes["published_on"] = _date(entry["published_on"], where)
            changes["date_precision"] = entry.get("date_precision") or "day"
        if changes and not source.is_retracted:
            try:
                recording.edit_source(source, changes, version=source.version, by=None)
            except recording.Refused as refused:
                raise SeedError(f"{where}: {refused}") from None

    def _positions(self, sources, entries, path):
        provisions = {p.slug: p for p in Provision.objects.all()}
        parties = {p.code: p for p in Party.objects.all()}
        for number, entry in enumerate(entries, start=1):
            where = f"{path}: position #{number}"
            keys = ["source", "quote", "party", "provision", "stance", "attribution", "summary"]
            _require(entry, keys, where)
            source = sources.get(entry["source"])
            if source is None:
                raise SeedError(f"{where}: source {entry['source']!r} is not in the catalogue")
            party = parties.get(entry["party"])
            if party is None:
                raise SeedError(f"{where}: unknown party {entry['party']!r}")
            provision = provisions.get(entry["provision"])
            if provision is None:
                raise SeedError(f"{where}: unknown provision {entry['provision']!r}")
            _choice(entry["stance"], Stance, "stance", where)
            _choice(entry["attribution"], Attribution, "attribution", where)
            try:
                anchor = recording.anchor_quote(source, entry["quote"], entry.get("occurrence"))
            except anchoring.QuoteNotFound as error:
                raise SeedError(f"{where} in {entry['source']}: quote {error}") from None
            except recording.Refused as refused:
                raise SeedError(f"{where} in {entry['source']}: {refused}") from None
            try:
                recording.record_positions(
                    anchor,
                    parties=[party],
                    provision=provision,
                    stance=entry["stance"],
                    attribution=entry["attribution"],
                    speaker=entry.get("speaker") or "",
                    stated_on=_date(entry.get("stated_on"), where),
                    date_precision=entry.get("date_precision") or "day",
                    summary=entry["summary"],
                    origin=Origin.SEED,
                    status=ReviewStatus.PUBLISHED,  # curated: published as loaded
                    linker=self.linker,
                    vote_event=self._vote_of(entry.get("vote"), where),
                )
            except recording.Refused as refused:
                if refused.code == recording.Refused.DUPLICATE:
                    continue  # loaded before
                raise SeedError(f"{where}: {refused}") from None

    def _parties_named(self, codes, where):
        parties = {p.code: p for p in Party.objects.filter(code__in=codes or [])}
        unknown = [code for code in codes or [] if code not in parties]
        if unknown:
            raise SeedError(f"{where}: unknown party {unknown[0]!r}")
        return [parties[code] for code in codes or []]

    def _council(self, entries, path):
        for entry in entries:
            where = f"{path}: council seat of {entry.get('party', '?')!r}"
            (party,) = self._parties_named([entry.get("party")], where)
            start, end = _date(entry.get("start"), where), _date(entry.get("end"), where)
            seats = CouncilSeat.objects.filter(party=party, permanent=bool(entry.get("permanent")))
            if seats.filter(start=start, end=end).exists():
                continue
            try:
                recording.votes.record_seat(
                    party,
                    permanent=bool(entry.get("permanent")),
                    start=start,
                    end=end,
                    citations=self._citations(entry.get("sources"), where),
                )
            except recording.Refused as refused:
                raise SeedError(f"{where}: {refused}") from None

    def _events(self, negotiation, entries, path):
        for entry in entries:
            where = f"{path}: event {entry.get('title', '?')!r}"
            _require(entry, ["kind", "title"], where)
            if negotiation.events.filter(title=entry["title"]).exists():
                continue
            try:
                recording.votes.record_event(
                    negotiation,
                    kind=entry["kind"],
                    title=entry["title"],
                    date=_date(entry.get("date"), where),
                    date_precision=entry.get("date_precision") or "day",
                    description=entry.get("description") or "",
                    parties=self._parties_named(entry.get("parties"), where),
                    citations=self._citations(entry.get("sources"), where),
                )
            except recording.Refused as refused:
                raise SeedError(f"{where}: {refused}") from None

    def _version(self, negotiation, draft_slug, number, where):
        version = Version.objects.filter(
            draft__negotiation=negotiation, draft__slug=draft_slug, number=number
        ).first()
        if version is None:
            raise SeedError(f"{where}: no version {number} of draft {draft_slug!r}")
        return version

    def _votes(self, negotiation, entries, path):
        for entry in entries:
            where = f"{path}: vote of {entry.get('date', '?')}"
            _require(entry, ["draft", "version", "date", "meeting"], where)
            version = self._version(negotiation, entry["draft"], entry["version"], where)
            day = _date(entry["date"], where)
            if version.vote_events.filter(date=day).exists():
                continue
            votes = {}
            # Not yes/no: YAML 1.1 reads those keys as true and false.
            for key, option in (
                ("in_favour", "yes"),
                ("against", "no"),
                ("abstaining", "abstain"),
                ("not_participating", "absent"),
            ):
                for party in self._parties_named(entry.get(key), where):
                    votes[party] = option
            try:
                recording.votes.record_vote(
                    version,
                    date=day,
                    meeting=entry["meeting"],
                    meeting_record=entry.get("meeting_record") or "",
                    votes=votes,
                    citations=self._citations(entry.get("sources"), where),
                )
            except recording.Refused as refused:
                raise SeedError(f"{where}: {refused}") from None

    def _vote_of(self, named, where):
        """The vote an explanation of vote explains: [draft slug, version number]."""
        if not named:
            return None
        draft_slug, number = named
        negotiation = Negotiation.objects.default()
        version = self._version(negotiation, draft_slug, number, where)
        vote = version.vote_events.order_by("date").first()
        if vote is None:
            raise SeedError(f"{where}: no vote on version {number} of {draft_slug!r}")
        return vote

    def _citations(self, entries, where):
        citations = []
        for entry in entries or []:
            _require(entry, ["url", "quote"], f"{where}: a source")
            try:
                citations.append(
                    recording.texts.record_citation(
                        url=entry["url"],
                        outlet=entry.get("outlet") or "",
                        title=entry.get("title") or "",
                        published_on=_date(entry.get("published_on"), where),
                        quote=entry["quote"],
                    )
                )
            except recording.Refused as refused:
                raise SeedError(f"{where}: {refused}") from None
        return citations

    def _drafts(self, negotiation, entries, path):
        parties = {p.code: p for p in Party.objects.all()}
        provisions = {p.slug: p for p in negotiation.provisions.all()}

        def provision_of(entry, where):
            provision = provisions.get(entry.get("provision"))
            if provision is None:
                raise SeedError(f"{where}: unknown provision {entry.get('provision')!r}")
            return provision

        for entry in entries:
            where = f"{path}: draft {entry.get('slug', '?')!r}"
            _require(entry, ["slug", "title"], where)
            draft = negotiation.drafts.filter(slug=entry["slug"]).first()
            if draft is None:
                sponsor = entry.get("sponsor")
                if sponsor and sponsor not in parties:
                    raise SeedError(f"{where}: unknown sponsor {sponsor!r}")
                draft = recording.texts.record_draft(
                    negotiation,
                    slug=entry["slug"],
                    title=entry["title"],
                    sponsor=parties.get(sponsor),
                    order=entry.get("order") or 1,
                    description=entry.get("description") or "",
                )
            existing = {v.number: v for v in draft.versions.all()}
            for number, item in enumerate(entry.get("versions") or [], start=1):
                at = f"{where}, version {number}"
                _require(item, ["label", "status", "provenance"], at)
                version = existing.get(number)
                try:
                    if version is None:
                        version = recording.texts.record_version(
                            draft,
                            label=item["label"],
                            status=item["status"],
                            provenance=item["provenance"],
                            citations=self._citations(item.get("sources"), at),
                            circulated_on=_date(item.get("circulated_on"), at),
                            date_precision=item.get("date_precision") or "day",
                            symbol=item.get("symbol") or "",
                            resolution_symbol=item.get("resolution_symbol") or "",
                            summary=" ".join((item.get("summary") or "").split()),
                        )
                    known = set(version.reported_changes.values_list("provision__slug", "kind"))
                    for change in item.get("reported_changes") or []:
                        provision = provision_of(change, at)
                        if (provision.slug, change.get("kind")) in known:
                            continue
                        recording.texts.record_reported_change(
                            version,
                            provision=provision,
                            kind=change.get("kind") or "",
                            description=change.get("description") or "",
                            quoted_wording=change.get("quoted_wording") or "",
                            citations=self._citations(change.get("sources"), at),
                        )
                except recording.Refused as refused:
                    raise SeedError(f"{at}: {refused}") from None
            for item in entry.get("coverage") or []:
                at = f"{where}, coverage of {item.get('provision')!r}"
                try:
                    recording.texts.record_coverage(
                        draft,
                        provision_of(item, at),
                        presence=item.get("presence") or "",
                        summary=" ".join((item.get("summary") or "").split()),
                        citations=self._citations(item.get("sources"), at),
                    )
                except recording.Refused as refused:
                    raise SeedError(f"{at}: {refused}") from None


def load_seeds(seeds_dir):
    return SeedLoader(seeds_dir).load()
