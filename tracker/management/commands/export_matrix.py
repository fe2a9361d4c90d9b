from django.core.management.base import BaseCommand, CommandError
from django.utils.datastructures import MultiValueDict

from tracker.reading.exports import Export
from tracker.reading.matrix import MatrixFilters


class Command(BaseCommand):
    help = (
        "Write the position matrix (or, with --long, every position) as CSV or JSON: the same "
        "bytes as the web export at /export/… with the same filters. To stdout unless --output."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--long",
            action="store_true",
            help="One row per position, the whole history (positions.csv), not the matrix.",
        )
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument(
            "--as-of", metavar="YYYY-MM-DD", help="The matrix as it stood on this day."
        )
        for name, what in [
            ("kind", "party kind, e.g. permanent-member"),
            ("party", "party code, e.g. USA"),
            ("category", "provision category, e.g. security"),
            ("provision", "provision slug"),
        ]:
            parser.add_argument(
                f"--{name}", action="append", default=[], help=f"Only this {what}; repeatable."
            )
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the tracker is served, for the permalink column (default %(default)s).",
        )
        parser.add_argument("--output", "-o", metavar="FILE", help="Write here, not to stdout.")

    def handle(self, *args, **options):
        data = MultiValueDict(
            {name: options[name] for name in ("kind", "party", "category", "provision")}
        )
        if options["as_of"]:
            data["as_of"] = options["as_of"]
        filters = MatrixFilters(data)
        if not filters.is_valid():
            raise CommandError(filters.error_text())
        export = Export(
            "positions" if options["long"] else "matrix",
            options["format"],
            filters,
            base_url=options["base_url"],
        )
        if options["output"]:
            with open(options["output"], "wb") as out:
                for chunk in export.chunks():
                    out.write(chunk)
            return
        # The bytes as they are (CRLF, BOM) to a real stdout; as text to a captured one.
        binary = getattr(self.stdout, "buffer", None)
        for chunk in export.chunks():
            if binary is not None:
                binary.write(chunk)
            else:
                self.stdout.write(chunk.decode("utf-8"), ending="")
        if binary is not None:
            binary.flush()
