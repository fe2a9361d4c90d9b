# For databases loaded before this version of the catalogue, which `load_seeds` only adds to:
#
# - Reporting to the Council and the Council's oversight were one provision; oversight is now the
#   UN's role (un-role, added by `load_seeds`). reporting-requirements is renamed when its title
#   and summary are still the seeds' own, and the oversight phrases leave its aliases
#   (load_seeds gives them to un-role).
# - Aliases the linker's yardstick showed to name other things go ("two years" of war, "2027"
#   for the Board, a "Security Council debate"), and two become references back ("mandate",
#   "participat*": only where the text named the force shortly before).
#
# Only the seeds' own rows are touched, where they are still as loaded; each change is written
# into the history. What editors changed is left alone.

from django.db import migrations
from django.utils import timezone

OLD_TITLE = "Reporting to and oversight by the Security Council"
OLD_SUMMARY = (
    "Whether the Board of Peace or the force must report to the Security Council, and how much "
    "oversight the Council keeps. As reported, an early working draft contained no reporting "
    "requirement."
)
NEW_TITLE = "Reporting to the Security Council"
NEW_SUMMARY = (
    "Whether and how the Board of Peace reports to the Security Council. As reported, an early "
    "working draft contained no reporting requirement; the adopted text asks the Board for a "
    "written progress report every six months."
)
NEW_SOURCES = (
    "https://whistlebuzz.com/trump-administration-promotes-un-resolution-against-gaza-security-forces-officials-say\n"
    "https://www.un.org/unispal/document/security-council-meeting-coverage-17nov25"
)
MOVED = [
    "Security Council's involvement",
    "Council's involvement",
    "involvement of the Security Council",
    "Council oversight",
    "Security Council oversight",
    "oversight by the Council",
    "oversight by the Security Council",
    "direct involvement in Gaza's security management",
    "accountability to the Council",
]
RETIRED = {
    "reporting-requirements": ["Security Council debate"],
    "isf-mandate": ["end of 2027", "through 2027", "until 2027", "two years", "24 months", "2027"],
    "isf-composition": ["military presence"],
    "border-security": ["perimeter"],
}
REFERS_BACK = {"isf-mandate": ["mandate"], "isf-composition": ["participat*"]}
REASON = "Oversight split from reporting (un-role)"
RETIRED_REASON = "Named other things in real reporting (bench/linkeval)"


def _history(apps, name, kind, fields, reason=REASON):
    apps.get_model("tracker", f"Historical{name}").objects.create(
        history_date=timezone.now(),
        history_type=kind,
        history_change_reason=reason,
        **fields,
    )


def _alias_fields(alias):
    return {
        "id": alias.pk,
        "phrase": alias.phrase,
        "provision_id": alias.provision_id,
        "refers_back": alias.refers_back,
    }


def retire(apps, schema_editor):
    ProvisionAlias = apps.get_model("tracker", "ProvisionAlias")
    for slug, phrases in RETIRED.items():
        rows = ProvisionAlias.objects.filter(provision__slug=slug, phrase__in=phrases)
        for alias in rows:
            fields = _alias_fields(alias)
            alias.delete()
            _history(apps, "ProvisionAlias", "-", fields, RETIRED_REASON)
    for slug, phrases in REFERS_BACK.items():
        rows = ProvisionAlias.objects.filter(
            provision__slug=slug, phrase__in=phrases, refers_back=False
        )
        for alias in rows:
            alias.refers_back = True
            alias.save(update_fields=["refers_back"])
            _history(apps, "ProvisionAlias", "~", _alias_fields(alias), RETIRED_REASON)


def split(apps, schema_editor):
    Provision = apps.get_model("tracker", "Provision")
    ProvisionAlias = apps.get_model("tracker", "ProvisionAlias")
    provision = Provision.objects.filter(slug="reporting-requirements").first()
    if provision is None:
        return  # a database the seeds have not been loaded into: load_seeds makes it as it is
    if provision.title == OLD_TITLE and " ".join(provision.summary.split()) == OLD_SUMMARY:
        provision.title, provision.summary = NEW_TITLE, NEW_SUMMARY
        provision.summary_sources = provision.summary_sources or NEW_SOURCES
        provision.save(update_fields=["title", "summary", "summary_sources", "updated_at"])
        fields = {
            f.attname: getattr(provision, f.attname)
            for f in Provision._meta.concrete_fields
        }
        _history(apps, "Provision", "~", fields)
    for alias in ProvisionAlias.objects.filter(provision=provision, phrase__in=MOVED):
        fields = _alias_fields(alias)
        alias.delete()
        _history(apps, "ProvisionAlias", "-", fields)


def unsplit(apps, schema_editor):
    Provision = apps.get_model("tracker", "Provision")
    ProvisionAlias = apps.get_model("tracker", "ProvisionAlias")
    provision = Provision.objects.filter(slug="reporting-requirements").first()
    if provision is None:
        return
    if provision.title == NEW_TITLE and provision.summary == NEW_SUMMARY:
        provision.title, provision.summary = OLD_TITLE, OLD_SUMMARY
        provision.save(update_fields=["title", "summary", "updated_at"])
    for phrase in MOVED:
        ProvisionAlias.objects.get_or_create(provision=provision, phrase=phrase)


def unretire(apps, schema_editor):
    Provision = apps.get_model("tracker", "Provision")
    ProvisionAlias = apps.get_model("tracker", "ProvisionAlias")
    for slug, phrases in RETIRED.items():
        provision = Provision.objects.filter(slug=slug).first()
        for phrase in phrases if provision else ():
            ProvisionAlias.objects.get_or_create(provision=provision, phrase=phrase)
    for slug, phrases in REFERS_BACK.items():
        ProvisionAlias.objects.filter(provision__slug=slug, phrase__in=phrases).update(
            refers_back=False
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0010_linker_people_and_learning"),
    ]

    operations = [migrations.RunPython(split, unsplit), migrations.RunPython(retire, unretire)]
