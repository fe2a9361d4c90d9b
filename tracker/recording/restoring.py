"""Restoring a whole record from a data file (tracker/loading/datafile.py) into an empty database: the
one write that keeps every id, time and history row as the file has them, so that exporting
again gives the same bytes. All of it or none of it, in one transaction."""

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model

from tracker.freshness import restamp
from tracker.loading.datafile import TRACKER_MODELS, DataFileError, history_models


def _load_groups(groups: list[dict[str, Any]]) -> None:
    from django.contrib.auth.models import Group, Permission

    for entry in groups:
        group, _ = Group.objects.get_or_create(name=entry["name"])
        group.permissions.add(
            *(Permission.objects.get_by_natural_key(*key) for key in entry["permissions"])
        )


def _assert_empty() -> None:
    for name in TRACKER_MODELS:
        if apps.get_model(name)._default_manager.exists():
            raise DataFileError(
                "the database already holds tracker records; import into an empty database "
                "(after `migrate`)"
            )
    if get_user_model()._default_manager.exists():
        raise DataFileError("the database already has user accounts; import into an empty one")


def _insert_links(model: type[Model], objects: list[Any]) -> None:
    """Many-to-many links written straight into their tables: setting them through the
    relation would fire signals that record fresh history rows."""
    for field in model._meta.many_to_many:
        through: Any = field.remote_field.through
        source_column = field.m2m_field_name() + "_id"
        target_column = field.m2m_reverse_field_name() + "_id"
        rows = [
            through(**{source_column: item.object.pk, target_column: target})
            for item in objects
            for target in (item.m2m_data or {}).get(field.name, [])
        ]
        through._default_manager.bulk_create(rows, batch_size=1000)


@contextlib.contextmanager
def _keeping_recorded_times(models: list[type[Model]]) -> Iterator[None]:
    """Imported rows keep the times they carry; auto_now fields would stamp the import's time."""
    switched: list[tuple[Any, bool, bool]] = []
    for model in models:
        fields: list[Any] = list(model._meta.concrete_fields)
        for field in fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                switched.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in switched:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def import_document(
    document: dict[str, Any], progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Load a document into an empty database, all of it or none of it. Returns row counts."""
    records = document.get("records") or {}
    unknown = set(records) - {"auth.User", *TRACKER_MODELS, *history_models()}
    if unknown:
        raise DataFileError(f"unknown record types: {', '.join(sorted(unknown))}")
    counts = {}
    models = [apps.get_model(name) for name in ["auth.User", *TRACKER_MODELS, *history_models()]]
    with transaction.atomic(), _keeping_recorded_times(models):
        _assert_empty()
        _load_groups(document.get("groups") or [])
        for name in ["auth.User", *TRACKER_MODELS, *history_models()]:
            rows = records.get(name) or []
            if progress:
                progress(name, len(rows))
            for row in rows:
                row["model"] = name.lower()
            objects = list(serializers.deserialize("python", rows, handle_forward_references=True))
            model = apps.get_model(name)
            if name == "auth.User" and not document.get("includes_password_hashes"):
                for item in objects:
                    user: Any = item.object
                    user.set_unusable_password()  # a password reset gives a new one
            model._default_manager.bulk_create([item.object for item in objects], batch_size=500)
            _insert_links(model, objects)
            counts[name] = len(objects)
        _check_anchors()
        apps.get_model("tracker.Position")._default_manager.refresh_current()
        from tracker.models import Negotiation
        from tracker.recording.texts import refresh_wording

        for negotiation in Negotiation.objects.all():
            refresh_wording(negotiation)  # what changed, and what positions refer to
        _reset_sequences()
        restamp()  # bulk writes send no signals
    return counts


def _check_anchors() -> None:
    """Every excerpt must still be the verbatim span of its source it says it is."""
    from tracker.models import Excerpt

    for excerpt in Excerpt.objects.select_related("source").iterator(chunk_size=500):
        if error := excerpt.anchoring_error():
            raise DataFileError(f"excerpt {excerpt.pk}: {error}")


def _reset_sequences() -> None:
    """After rows were inserted with their own ids, new rows must get ids after them."""
    models = [get_user_model()] + [apps.get_model(n) for n in TRACKER_MODELS + history_models()]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
