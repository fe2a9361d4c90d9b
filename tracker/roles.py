"""The two roles, as Django groups: editors record sources, excerpts and positions; reviewers
publish or send back what editors recorded. Staff curate the catalogue in the admin."""

from django.contrib.auth.models import Group, Permission

EDITORS = "editors"
REVIEWERS = "reviewers"

GROUP_PERMISSIONS = {
    EDITORS: [
        "tracker.add_source",
        "tracker.change_source",
        "tracker.add_excerpt",
        "tracker.change_excerpt",
        "tracker.add_position",
        "tracker.change_position",
    ],
    REVIEWERS: ["tracker.review_position", "tracker.review_source"],
}


def ensure_groups():
    """Create the groups and give them their permissions; safe to run any number of times."""
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.add(*wanted)


def is_editor(user):
    return user.is_authenticated and user.has_perm("tracker.add_position")


def is_reviewer(user):
    return user.is_authenticated and user.has_perm("tracker.review_position")
