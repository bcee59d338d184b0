"""This area's rows of the access matrix (run by `tests/kwaliteitsaanpak/test_access.py`, vocabulary in
`tests/access.py`): my tasks, the profile, the calendar address and the calendar feed."""

from kwaliteitsaanpak.accounts.roles import Role
from tests.access import ANONYMOUS, EVERY_ROLE, ROLES, Page

CALENDAR_TOKEN = "toegangsmatrix-agenda-van-de-onderwijsexpert"  # noqa: S105 (a test's token, not a secret)
# Who has a calendar of visits and audits, and so may create and renew its address.
CALENDAR_OWNERS = {Role.EDUCATION_EXPERT, Role.FINANCIAL_EXPERT, Role.EXPERT_GROUP}

PAGES: list[Page] = [
    Page("my tasks", "/mijn-taken/", EVERY_ROLE),
    Page("profile", "/profiel/", EVERY_ROLE),
    # A GET shows the confirmation; the POST creates or renews the address.
    Page("create or renew the calendar address", "/profiel/agenda/", CALENDAR_OWNERS),
    # The feed is opened by its secret token alone: the same for everyone, logged in or not.
    Page("calendar feed", "/agenda/{calendar_token}.ics", EVERY_ROLE | {ANONYMOUS}),
    Page("calendar feed, wrong token", "/agenda/onbekend.ics", set(), others=dict.fromkeys(ROLES, 404)),
]


def build(users, boards, objects) -> dict:
    """The education expert of the world has a calendar address."""
    expert = users[Role.EDUCATION_EXPERT]
    expert.calendar_token = CALENDAR_TOKEN
    expert.save(update_fields=["calendar_token"])
    return {"calendar_token": CALENDAR_TOKEN}
