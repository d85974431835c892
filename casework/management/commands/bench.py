"""`python manage.py bench`: seed a large council in a throwaway database and print the figures.

The work is in casework/bench.py; this command chooses the server and prints one line per figure.
PostgreSQL only: on the embedded SQLite default it refuses unless given --database-url.
"""

from django.core.management.base import BaseCommand, CommandError

from casework import bench


class Command(BaseCommand):
    help = (
        "Create portal_bench_<pid> on the portal's PostgreSQL server, seed one council with 100,000 "
        "open cases, print `name: value unit` per figure and a summary, then drop it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database-url",
            metavar="URL",
            help="A PostgreSQL server to use instead of the portal's own (its database name is ignored).",
        )
        parser.add_argument("--cases", type=int, default=bench.CASES, help="Open cases to seed (default 100000).")
        parser.add_argument(
            "--broker",
            default="memory://localhost/",
            metavar="URL",
            help="Where task messages go during the bench (default: in memory, so nothing is left on a shared queue).",
        )
        parser.add_argument("--strict", action="store_true", help="Exit with status 1 when a target is missed.")

    def handle(self, *args, **options):
        server_url = options["database_url"] or bench.server_url_from_settings()
        if server_url is None:
            raise CommandError(
                "The benchmark needs PostgreSQL: set DATABASE_URL=postgres://... or pass --database-url."
            )
        if not server_url.startswith(("postgres://", "postgresql://", "pgsql://")):
            raise CommandError(f"--database-url must be a PostgreSQL URL, not {server_url!r}")
        cases, least = options["cases"], bench.DUE_DEADLINES + bench.COUNTED_DEADLINES
        if cases < least:
            raise CommandError(f"--cases must be at least {least}")
        try:
            figures = bench.run(server_url=server_url, out=self.stdout.write, cases=cases, broker_url=options["broker"])
        except KeyboardInterrupt:
            raise CommandError("Interrupted; the bench database has been dropped.") from None
        if options["strict"] and any(f.missed for f in figures):
            raise CommandError("a target was missed")
