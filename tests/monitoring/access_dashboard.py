"""This area's rows of the access matrix (run by `tests/kwaliteitsaanpak/test_access.py`, vocabulary in
`tests/access.py`): the programme dashboard at /monitor/ and its exports."""

from kwaliteitsaanpak.accounts.roles import Role
from tests.access import Page

# Who reads the programme dashboard: programme staff, the expert group and the municipality (`view_monitor`).
MONITOR_READERS = {Role.PROGRAMME_STAFF, Role.EXPERT_GROUP, Role.MUNICIPALITY}

PAGES: list[Page] = [
    Page("programme dashboard", "/monitor/", MONITOR_READERS),
    Page(
        "programme dashboard, filtered",
        "/monitor/?stadsdeel=noord&reason=risicoschool&te_laat=audits",
        MONITOR_READERS,
    ),
    Page("programme dashboard, exported as CSV", "/monitor/?_export=csv", MONITOR_READERS),
    Page("programme dashboard, exported as XLSX", "/monitor/?_export=xlsx", MONITOR_READERS),
]


def build(users, boards, objects) -> dict:
    return {}
