"""The tracker's whole record as one versioned JSON document, and back.

`export_data` writes every record (catalogue, sources, excerpts, positions, review state, history,
users' names and groups; password hashes only when asked) in a fixed order, so the same data gives
the same bytes whichever database it came from. `import_data` loads such a file into an empty
database of either kind, in one transaction: after a failure, or a kill, nothing of it is there.
This is how a team that started on SQLite moves to PostgreSQL.
"""

import contextlib
import datetime
import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from tracker.freshness import restamp

FORMAT = "resolution-tracker-data"
VERSION = 1

# Parents before children, so that a plain load in this order satisfies every foreign key.
TRACKER_MODELS = [
    "tracker.Resolution",
    "tracker.Provision",
    "tracker.ProvisionAlias",
    "tracker.Party",
    "tracker.PartyAlias",
    "tracker.Source",
    "tracker.Excerpt",
    "tracker.Position",
    "tracker.DismissedSuggestion",
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


def _history_models():
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
DERIVED_FIELDS = {"tracker.Position": {"is_current"}}


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


def _load_groups(groups):
    from django.contrib.auth.models import Group, Permission

    for entry in groups:
        group, _ = Group.objects.get_or_create(name=entry["name"])
        group.permissions.add(
            *(Permission.objects.get_by_natural_key(*key) for key in entry["permissions"])
        )


def export_records(with_passwords=False):
    """The whole document as a Python dict."""
    sections = {}
    sections["auth.User"] = serializers.serialize(
        "python",
        _ordered(get_user_model()),
        fields=_user_fields(with_passwords),
        use_natural_foreign_keys=True,
    )
    for name in [*TRACKER_MODELS, *_history_models()]:
        model = apps.get_model(name)
        sections[name] = serializers.serialize(
            "python", _ordered(model), fields=_recorded_fields(model), use_natural_foreign_keys=True
        )
    for rows in sections.values():
        for row in rows:
            row.pop("model", None)
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


def _assert_empty():
    for name in TRACKER_MODELS:
        if apps.get_model(name)._default_manager.exists():
            raise DataFileError(
                "the database already holds tracker records; import into an empty database "
                "(after `migrate`)"
            )
    if get_user_model()._default_manager.exists():
        raise DataFileError("the database already has user accounts; import into an empty one")


def _insert_links(model, objects):
    """Many-to-many links written straight into their tables: setting them through the
    relation would fire signals that record fresh history rows."""
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        source_column = field.m2m_field_name() + "_id"
        target_column = field.m2m_reverse_field_name() + "_id"
        rows = [
            through(**{source_column: item.object.pk, target_column: target})
            for item in objects
            for target in (item.m2m_data or {}).get(field.name, [])
        ]
        through._default_manager.bulk_create(rows, batch_size=1000)


@contextlib.contextmanager
def _keeping_recorded_times(models):
    """Imported rows keep the times they carry; auto_now fields would stamp the import's time."""
    switched = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                switched.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in switched:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def import_document(document, progress=None):
    """Load a document into an empty database, all of it or none of it. Returns row counts."""
    records = document.get("records") or {}
    unknown = set(records) - {"auth.User", *TRACKER_MODELS, *_history_models()}
    if unknown:
        raise DataFileError(f"unknown record types: {', '.join(sorted(unknown))}")
    counts = {}
    models = [apps.get_model(name) for name in ["auth.User", *TRACKER_MODELS, *_history_models()]]
    with transaction.atomic(), _keeping_recorded_times(models):
        _assert_empty()
        _load_groups(document.get("groups") or [])
        for name in ["auth.User", *TRACKER_MODELS, *_history_models()]:
            rows = records.get(name) or []
            if progress:
                progress(name, len(rows))
            for row in rows:
                row["model"] = name.lower()
            objects = list(serializers.deserialize("python", rows, handle_forward_references=True))
            model = apps.get_model(name)
            if name == "auth.User" and not document.get("includes_password_hashes"):
                for item in objects:
                    item.object.set_unusable_password()  # a password reset gives a new one
            model._default_manager.bulk_create([item.object for item in objects], batch_size=500)
            _insert_links(model, objects)
            counts[name] = len(objects)
        _check_anchors()
        apps.get_model("tracker.Position")._default_manager.refresh_current()
        _reset_sequences()
        restamp()  # bulk writes send no signals
    return counts


def _check_anchors():
    """Every excerpt must still be the verbatim span of its source it says it is."""
    from tracker.models import Excerpt

    for excerpt in Excerpt.objects.select_related("source").iterator(chunk_size=500):
        if error := excerpt.anchoring_error():
            raise DataFileError(f"excerpt {excerpt.pk}: {error}")


def _reset_sequences():
    """After rows were inserted with their own ids, new rows must get ids after them."""
    models = [get_user_model()] + [apps.get_model(n) for n in TRACKER_MODELS + _history_models()]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
