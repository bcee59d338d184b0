"""`python manage.py retention_due [--on dd-mm-jjjj] [--csv]`: what is due for destruction, per kind of record
(`kwaliteitsaanpak.core.retention`, docs/retention.md). Lists only: it deletes nothing."""

import csv
import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from kwaliteitsaanpak.core.retention import due_on


def dutch_date(text: str) -> datetime.date:
    try:
        day, month, year = (int(part) for part in text.split("-"))
        return datetime.date(year, month, day)
    except ValueError as exc:  # not three numbers, or not a day of the calendar
        raise CommandError(_("Give the date as dd-mm-jjjj, e.g. 31-12-2026.")) from exc


class Command(BaseCommand):
    help = "List the records whose retention period has passed (docs/retention.md). Nothing is deleted."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", type=str, help="The day to list for, as dd-mm-jjjj (default today).")
        parser.add_argument("--csv", action="store_true", help="Write CSV: kind, model, id, period ran from.")

    def handle(self, *args, on: str | None, csv: bool, **options) -> None:
        day = dutch_date(on) if on else timezone.localdate()
        found = due_on(day)
        if csv:
            self._write_csv(found)
            return
        self.stdout.write(
            _("Due for destruction on %(day)s (a list only: nothing is deleted):")
            % {"day": f"{day:%d-%m-%Y}"}
        )
        for due in found:
            ids = ", ".join(str(pk) for pk in due.ids)
            line = _("%(kind)s, %(model)s: %(count)s") % {
                "kind": due.rule.name,
                "model": due.counted.model,
                "count": len(due.ids),
            }
            self.stdout.write(f"{line}{f' (ids {ids})' if ids else ''}")

    def _write_csv(self, found) -> None:
        writer = csv.writer(self.stdout)
        writer.writerow([_("kind"), _("model"), "id", _("period ran from")])
        for due in found:
            for pk, start in due.rows:
                writer.writerow([due.rule.key, due.counted.model, pk, f"{start:%d-%m-%Y}"])
