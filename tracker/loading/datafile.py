"""The tracker's whole record as one versioned JSON document, and back.

`export_data` writes every record (catalogue, sources, excerpts, positions, review state, history,
users' names and groups; password hashes only when asked) in a fixed order, so the same data gives
the same bytes whichever database it came from. `import_data` loads such a file into an empty
database of either kind, in one transaction: after a failure, or a kill, nothing of it is there.
This is how a team that started on SQLite moves to PostgreSQL. The loading is the write side's
(tracker/recording/restoring.py).
"""

import datetime
import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder

FORMAT = "resolution-tracker-data"
VERSION = 2  # 2: negotiations (were resolutions), drafts, versions, paragraphs, people

# Parents before children, so that a plain load in this order satisfies every foreign key.
TRACKER_MODELS = [
    "tracker.Negotiation",
    "tracker.Provision",
    "tracker.ProvisionAlias",
    "tracker.ProvisionExclusion",
    "tracker.Party",
    "tracker.PartyAlias",
    "tracker.PartyExclusion",
    "tracker.Person",
    "tracker.PersonName",
    "tracker.Membership",
    "tracker.Source",
    "tracker.Excerpt",
    "tracker.Citation",
    "tracker.Draft",
    "tracker.Version",
    "tracker.Paragraph",
    "tracker.ParagraphProvision",
    "tracker.ReportedChange",
    "tracker.Coverage",
    "tracker.CouncilSeat",
    "tracker.Event",
    "tracker.VoteEvent",
    "tracker.Vote",
    "tracker.Position",
    "tracker.DismissedSuggestion",
    "tracker.LinkExample",
    "tracker.VocabularyProposal",
]


class DataFileError(Exception):
    pass


class _Encoder(DjangoJSONEncoder):
    """Times to the microsecond, as both databases store them (Django's encoder keeps
    milliseconds, which would lose part of a time on the way through a file)."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat(timespec="microseconds")
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def history_models():
    """simple-history's tables for the tracker's models, m2m history included, by name."""
    found = [
        f"{m._meta.app_label}.{m.__name__}"
        for m in apps.get_app_config("tracker").get_models()
        if m.__name__.startswith("Historical")
    ]
    # Historical m2m rows point at their historical parent row.
    return sorted(found, key=lambda name: (name.count("_"), name))


def _ordered(model):
    return model._default_manager.order_by("pk")


# Kept by the tracker from the records themselves, not records: left out, and set again after
# an import.
DERIVED_FIELDS = {
    "tracker.Position": {
        "is_current",
        "cell_rank",
        "cell_count",
        "refers_to",
        "wording_changed",
        "order_unknown",
    }
}


def _recorded_fields(model):
    derived = DERIVED_FIELDS.get(model._meta.label, set())
    if not derived:
        return None  # every field
    return [
        f.name
        for f in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if f.name not in derived and not f.primary_key
    ]


def _user_fields(with_passwords):
    fields = [
        "username",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "is_staff",
        "is_superuser",
        "date_joined",
        "last_login",
        "groups",
    ]
    return [*fields, "password"] if with_passwords else fields


def _groups():
    from django.contrib.auth.models import Group

    return [
        {
            "name": group.name,
            "permissions": sorted(p.natural_key() for p in group.permissions.all()),
        }
        for group in Group.objects.order_by("name").prefetch_related("permissions__content_type")
    ]


def export_records(with_passwords=False):
    """The whole document as a Python dict."""
    sections = {}
    sections["auth.User"] = serializers.serialize(
        "python",
        _ordered(get_user_model()),
        fields=_user_fields(with_passwords),
        use_natural_foreign_keys=True,
    )
    for name in [*TRACKER_MODELS, *history_models()]:
        model = apps.get_model(name)
        sections[name] = serializers.serialize(
            "python", _ordered(model), fields=_recorded_fields(model), use_natural_foreign_keys=True
        )
    for name, rows in sections.items():
        # Links come in whatever order the database gives: sorted, the same records always
        # make the same file.
        links = [f.name for f in apps.get_model(name)._meta.many_to_many]
        for row in rows:
            row.pop("model", None)
            for link in links:
                if link in row["fields"]:
                    row["fields"][link] = sorted(row["fields"][link])
    return {
        "format": FORMAT,
        "version": VERSION,
        "includes_password_hashes": with_passwords,
        "groups": _groups(),
        "records": sections,
    }


def write_export(handle, with_passwords=False):
    json.dump(
        export_records(with_passwords),
        handle,
        cls=_Encoder,
        ensure_ascii=False,
        indent=1,
        sort_keys=True,
    )
    handle.write("\n")


def read_document(handle):
    try:
        document = json.load(handle)
    except json.JSONDecodeError as error:
        raise DataFileError(f"not a JSON document: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DataFileError(f"not a Resolution Tracker data file (format is not {FORMAT!r})")
    if document.get("version") != VERSION:
        raise DataFileError(
            f"data file version {document.get('version')!r}; this version reads {VERSION}"
        )
    return document
