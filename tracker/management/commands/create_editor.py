import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tracker import roles

PASSWORD_VARIABLE = "EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an editor account (and, with --reviewer, a reviewer). Asks for the password, or "
        f"reads it from the {PASSWORD_VARIABLE} environment variable for scripts."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--reviewer", action="store_true", help="Also allowed to publish others' records."
        )

    def handle(self, *args, username, email, reviewer, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} already exists; nothing was changed.")
        user = User(username=username, email=email)
        password = os.environ.get(PASSWORD_VARIABLE) or self.ask_password()
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        user.save()
        roles.ensure_groups()
        names = [roles.EDITORS, roles.REVIEWERS] if reviewer else [roles.EDITORS]
        user.groups.add(*Group.objects.filter(name__in=names))
        self.stdout.write(self.style.SUCCESS(f"Created {username} ({' and '.join(names)})."))

    def ask_password(self):
        try:
            first = getpass.getpass("Password: ")
            second = getpass.getpass("Password (again): ")
        except (EOFError, KeyboardInterrupt):
            raise CommandError(
                f"No password given; type one, or set {PASSWORD_VARIABLE} for scripts."
            ) from None
        if first != second:
            raise CommandError("The two passwords differ; nothing was changed.")
        return first
