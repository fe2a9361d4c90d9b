from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.loading.datafile import DataFileError, read_document
from tracker.recording.restoring import import_document


class Command(BaseCommand):
    help = (
        "Load a file written by export_data into an empty database (SQLite or PostgreSQL), "
        "in one transaction: all of it or none of it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, verbosity, **options):
        self.verbosity = verbosity
        try:
            with open(file, encoding="utf-8") as handle:
                document = read_document(handle)
            counts = import_document(document, progress=self.progress)
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file") from None
        except DataFileError as error:
            raise CommandError(f"Nothing was imported. {file}: {error}") from None
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Imported {total} records from {file}."))

    def progress(self, name, count):
        if self.verbosity >= 2:
            self.stdout.write(f"importing {count} {name}", ending="\n")
            self.stdout.flush()
