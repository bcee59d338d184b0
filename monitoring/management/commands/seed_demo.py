from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kwaliteitsaanpak.core.history import acting_as
from monitoring.demo import seed_demo
from schools.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Fill an empty database with fictional demo data and print a login for every role."

    def handle(self, *args, **options):
        with acting_as(command="seed_demo"):
            filled, logins = seed_demo()
        if filled:
            self.stdout.write(self.style.SUCCESS(_("Demo data loaded: 40 fictional schools under 8 boards.")))
        else:
            self.stdout.write(_("The database already holds schools; no demo data added."))
        self.stdout.write("")
        self.stdout.write(_("Demo logins (password for all: %(password)s):") % {"password": DEMO_PASSWORD})
        for login in logins:
            board = f"  ({login.board})" if login.board else ""
            self.stdout.write(f"  {login.role:<28} {login.email}{board}")
        self.stdout.write("")
        self.stdout.write(_("Open http://127.0.0.1:8000 and log in."))
