"""Accounts for tests: editors, reviewers and others, built in code."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tracker import roles

# Every test account's password (the login tests type it).
PASSWORD = "correct-horse-battery-staple"


def make_user(username, *, editor=True, reviewer=False):
    """A user in the editors group (and reviewers with reviewer=True); editor=False: neither."""
    roles.ensure_groups()
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    names = [roles.EDITORS] if editor else []
    if reviewer:
        names.append(roles.REVIEWERS)
    user.groups.add(*Group.objects.filter(name__in=names))
    return user
