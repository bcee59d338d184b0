import logging
import time
import warnings

from django.core.management.base import BaseCommand

from kwaliteitsaanpak.bench.database import scratch_database, scratch_name
from kwaliteitsaanpak.bench.run import run, table


class Command(BaseCommand):
    help = (
        "Build the national-scale register (8,757 schools, 1,000 boards, 26,000 verdicts, about 500 trajectories) "
        "in a scratch PostgreSQL database, time the pages beside the admin's lists, print a table, and drop the "
        "database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="A fraction of the national size (0.01 …)."
        )
        parser.add_argument("--repeat", type=int, default=7, help="Rounds per page; the median is reported.")
        parser.add_argument(
            "--database",
            default=None,
            help="The scratch database's name (default: the configured one + _bench).",
        )
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database afterwards.")

    def handle(self, *args, scale, repeat, database, keep, **options):
        # The table is the output: not the PDF engine's steps nor a line per login.
        for name in ("weasyprint", "fontTools", "axes"):
            logging.getLogger(name).setLevel(logging.WARNING)
        warnings.filterwarnings("ignore", message="No directory at")
        name = scratch_name(database)
        start = time.perf_counter()
        self.stdout.write(f"Scratch database {name}: migrating")
        with scratch_database(name, keep=keep):
            self.stdout.write(f"Migrated in {time.perf_counter() - start:.1f} s")
            result = run(scale=scale, repeat=repeat, log=self.stdout.write)
        built = ", ".join(f"{count:,} {label}" for label, count in result.built.items())
        self.stdout.write("")
        self.stdout.write(f"Data set (scale {scale:g}), built in {result.build_seconds:.1f} s: {built}")
        self.stdout.write(f"Medians of {repeat} rounds (exports: of {max(1, min(3, repeat))}).")
        self.stdout.write("")
        for line in table(result):
            self.stdout.write(line)
