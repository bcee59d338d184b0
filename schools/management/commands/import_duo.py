"""`python manage.py import_duo PATH [--kind leerlingen|vestigingen]`: import one of DUO's register files."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kwaliteitsaanpak.core.history import acting_as
from schools.constants import ImportKind, ImportStatus
from schools.importers import execute_register_import
from schools.services import register_import_create

KINDS_BY_EXTENSION = {
    ".csv": ImportKind.PUPILS_PER_LOCATION,
    ".geojson": ImportKind.NATIONAL_LOCATIONS,
    ".json": ImportKind.NATIONAL_LOCATIONS,
}


class Command(BaseCommand):
    help = "Import DUO's file of pupils per school location (CSV) or all school locations (GeoJSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The file downloaded from DUO.")
        parser.add_argument(
            "--kind",
            choices=ImportKind.values,
            help="The kind of file; guessed from the extension (.csv, .geojson, .json) when left out.",
        )

    def handle(self, *args, path: Path, kind: str | None, **options) -> None:
        kind = kind or KINDS_BY_EXTENSION.get(path.suffix.lower())
        if kind is None:
            raise CommandError(
                _("Cannot tell the kind of file from its name; choose one with --kind %(kinds)s.")
                % {"kinds": "|".join(ImportKind.values)}
            )
        if not path.is_file():
            raise CommandError(_("The file %(path)s does not exist.") % {"path": path})
        with path.open("rb") as handle:
            try:
                register_import = register_import_create(
                    user=None, kind=kind, file=handle, original_filename=path.name
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        with acting_as(command="import_duo"):
            execute_register_import(register_import)
        if register_import.status == ImportStatus.FAILED:
            raise CommandError(register_import.error)
        report = register_import.report
        self.stdout.write(self.style.SUCCESS(report["summary"]))
        for rejection in report["rejected"]:
            self.stdout.write(_("Line %(line)s (%(code)s): %(reason)s") % rejection)
