from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tracker.loading.seeding import SeedError, load_seeds


class Command(BaseCommand):
    help = (
        "Load the catalogue, the seed articles, the linker's excerpts and the curated positions "
        "from seeds/, in one transaction. Safe to run again: it only adds what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", type=Path, default=settings.BASE_DIR / "seeds", help="The seeds folder."
        )

    def handle(self, *args, path, **options):
        try:
            created = load_seeds(path)
        except SeedError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        if not any(created.values()):
            self.stdout.write("Nothing to do: the seeds are already loaded.")
            return
        summary = ", ".join(f"{count} {what}" for what, count in created.items() if count)
        self.stdout.write(self.style.SUCCESS(f"Loaded {summary}."))
