from pathlib import Path

from django.core.management.base import BaseCommand

from tracker.loading.datafile import write_export


class Command(BaseCommand):
    help = (
        "Write every record the tracker holds (catalogue, sources, excerpts, positions, review "
        "state, history, users' names) to FILE as one versioned JSON document."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--with-password-hashes",
            action="store_true",
            help="Include users' password hashes (otherwise imported accounts need a reset).",
        )

    def handle(self, *args, file, with_password_hashes, **options):
        partial = file.with_name(file.name + ".partial")
        with open(partial, "w", encoding="utf-8") as handle:
            write_export(handle, with_passwords=with_password_hashes)
        partial.replace(file)  # a reader never sees half a file
        self.stdout.write(self.style.SUCCESS(f"Wrote {file}."))
