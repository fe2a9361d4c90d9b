import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.text.linking import Linker


class Command(BaseCommand):
    help = (
        "Print, as a JSON array, one object per (sentence, provision) for the sentences of a text "
        "file that mention a provision: {provision, start, end, text}. Offsets are Python string "
        "indices into the file's UTF-8 text. Uses the aliases in the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A UTF-8 text file.")

    def handle(self, *args, path, **options):
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except UnicodeDecodeError as error:
            raise CommandError(f"{path}: not UTF-8 text ({error})") from None
        suggestions = [
            {"provision": slug, "start": sentence.start, "end": sentence.end, "text": sentence.text}
            for sentence in Linker.from_database().link(text)
            for slug in sentence.provisions
        ]
        self.stdout.write(json.dumps(suggestions, ensure_ascii=False, indent=2))
