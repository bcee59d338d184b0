"""`python manage.py import_final_scores PATH`: import DUO's file of average final scores per school location."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kwaliteitsaanpak.core.history import acting_as
from monitoring.importers import execute_final_score_import
from monitoring.services import final_score_import_create
from schools.constants import ImportStatus


class Command(BaseCommand):
    help = "Import DUO's file 'Gemiddelde eindscores' (CSV) into the monitor's final-test results."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The CSV file downloaded from DUO.")

    def handle(self, *args, path: Path, **options) -> None:
        if not path.is_file():
            raise CommandError(_("The file %(path)s does not exist.") % {"path": path})
        with path.open("rb") as handle:
            try:
                final_score_import = final_score_import_create(
                    user=None, file=handle, original_filename=path.name
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        with acting_as(command="import_final_scores"):
            execute_final_score_import(final_score_import)
        if final_score_import.status == ImportStatus.FAILED:
            raise CommandError(final_score_import.error)
        report = final_score_import.report
        self.stdout.write(self.style.SUCCESS(report["summary"]))
        for rejection in report["rejected"]:
            self.stdout.write(_("Line %(line)s (%(code)s): %(reason)s") % rejection)
