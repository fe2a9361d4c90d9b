import importlib

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

split = importlib.import_module("tracker.migrations.0011_reporting_split_and_retired_aliases")


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


BEFORE = ("tracker", "0010_linker_people_and_learning")
AFTER = ("tracker", "0011_reporting_split_and_retired_aliases")


def migrate_to(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_oversight_leaves_reporting_in_a_database_loaded_before_the_split():
    apps = migrate_to(BEFORE)
    negotiation = apps.get_model("tracker", "Negotiation").objects.create(slug="r", title="R")
    provision = apps.get_model("tracker", "Provision").objects.create(
        negotiation=negotiation,
        slug="reporting-requirements",
        title=split.OLD_TITLE,
        summary=split.OLD_SUMMARY,
        category="legal-basis",
    )
    alias = apps.get_model("tracker", "ProvisionAlias")
    for phrase in ("Council oversight", "written report"):
        alias.objects.create(provision=provision, phrase=phrase)
    force = apps.get_model("tracker", "Provision").objects.create(
        negotiation=negotiation, slug="isf-mandate", title="ISF", summary="…", category="security"
    )
    for phrase in ("two years", "mandate", "ISF"):
        alias.objects.create(provision=force, phrase=phrase)

    apps = migrate_to(AFTER)
    provision = apps.get_model("tracker", "Provision").objects.get(slug="reporting-requirements")
    assert provision.title == split.NEW_TITLE and "every six months" in provision.summary
    aliases = apps.get_model("tracker", "ProvisionAlias").objects.order_by("phrase")
    assert list(aliases.filter(provision=provision).values_list("phrase", flat=True)) == [
        "written report"
    ]
    history = apps.get_model("tracker", "HistoricalProvisionAlias").objects
    removed = history.get(history_type="-", phrase="Council oversight")
    assert "un-role" in removed.history_change_reason
    # Phrases that named other things go, or refer back only.
    assert list(aliases.exclude(provision=provision).values_list("phrase", "refers_back")) == [
        ("ISF", False),
        ("mandate", True),
    ]
    assert history.filter(phrase="two years", history_type="-").exists()


@pytest.mark.django_db(transaction=True)
def test_a_title_editors_changed_is_kept():
    apps = migrate_to(BEFORE)
    negotiation = apps.get_model("tracker", "Negotiation").objects.create(slug="r", title="R")
    apps.get_model("tracker", "Provision").objects.create(
        negotiation=negotiation,
        slug="reporting-requirements",
        title="Reports (edited)",
        summary=split.OLD_SUMMARY,
        category="legal-basis",
    )
    apps = migrate_to(AFTER)
    provision = apps.get_model("tracker", "Provision").objects.get(slug="reporting-requirements")
    assert provision.title == "Reports (edited)"
