"""This area's rows of the access matrix (run by `tests/kwaliteitsaanpak/test_access.py`, vocabulary in
`tests/access.py`): the change history pages ("Wijzigingsgeschiedenis", `kwaliteitsaanpak.core.history`), for
programme staff only. Another board's record is a 404 for the board user and the director, like its own page; a
version or quarter that does not exist is a 404."""

from tests.access import BOARD_AND_DIRECTOR, DIRECTOR, STAFF, Page

PLANNED = "/trajecten/{plan_trajectory}/"
OTHER_PLANNED = "/trajecten/{other_plan_trajectory}/"
REPORTS = "/trajecten/{progress_trajectory}/voortgang/"
OTHER_REPORTS = "/trajecten/{other_progress_trajectory}/voortgang/"
AUDITS = "/trajecten/{progress_trajectory}/audits/"
OTHER_AUDIT = "/trajecten/{other_audit_trajectory}/audits/{other_audit}/"
VISITS = "/trajecten/{visits_trajectory}/bezoeken/"
OTHER_VISITS = "/trajecten/{visits_other_trajectory}/bezoeken/"
REVIEWS = "/inspectie/beoordelingen/"


def not_found(name: str, url: str, outside_scope: set) -> Page:
    """A record that does not exist: 404 for staff, who may read histories, and for the roles whose scope is looked
    up first (ADR 2) when the page's trajectory or school is outside it; 403 for the other roles, before any
    lookup."""
    return Page(name, url, set(), others=dict.fromkeys(STAFF | outside_scope, 404))


PAGES: list[Page] = [
    Page("history of a verdict, own board", "/oordelen/{own_verdict}/geschiedenis/", STAFF),
    Page(
        "history of a verdict, other board",
        "/oordelen/{other_verdict}/geschiedenis/",
        STAFF,
        hidden_from_board=True,
    ),
    not_found(
        "history of a verdict that does not exist", "/oordelen/999999/geschiedenis/", BOARD_AND_DIRECTOR
    ),
    Page("history of a plan", PLANNED + "plan/1/geschiedenis/", STAFF, hidden_from_director=True),
    Page(
        "history of another board's plan",
        OTHER_PLANNED + "plan/1/geschiedenis/",
        STAFF,
        hidden_from_board=True,
    ),
    not_found("history of a plan version that does not exist", PLANNED + "plan/9/geschiedenis/", {DIRECTOR}),
    Page("history of a budget", PLANNED + "begroting/1/geschiedenis/", STAFF, hidden_from_director=True),
    Page(
        "history of another board's budget",
        OTHER_PLANNED + "begroting/1/geschiedenis/",
        STAFF,
        hidden_from_board=True,
    ),
    Page("history of a progress report", REPORTS + "1/geschiedenis/", STAFF, hidden_from_director=True),
    Page(
        "history of another board's progress report",
        OTHER_REPORTS + "1/geschiedenis/",
        STAFF,
        hidden_from_board=True,
    ),
    not_found("history of a quarter without a report", REPORTS + "9/geschiedenis/", {DIRECTOR}),
    Page("history of an audit", AUDITS + "{adopted_audit}/geschiedenis/", STAFF, hidden_from_director=True),
    Page("history of another board's audit", OTHER_AUDIT + "geschiedenis/", STAFF, hidden_from_board=True),
    not_found("history of an audit that does not exist", AUDITS + "999999/geschiedenis/", {DIRECTOR}),
    Page("history of a visit", VISITS + "{stagnating_visit}/geschiedenis/", STAFF, hidden_from_director=True),
    Page(
        "history of another board's visit",
        OTHER_VISITS + "{other_visit}/geschiedenis/",
        STAFF,
        hidden_from_board=True,
    ),
    not_found("history of a visit of another trajectory", VISITS + "{other_visit}/geschiedenis/", {DIRECTOR}),
    # The board user's and the director's scope is looked up first (ADR 2): a review outside it is a 404 to them.
    Page(
        "history of a review of interim results",
        REVIEWS + "{own_review}/geschiedenis/",
        STAFF,
        hidden_from_director=True,
    ),
    Page(
        "history of another board's review of interim results",
        REVIEWS + "{other_review}/geschiedenis/",
        STAFF,
        hidden_from_board=True,
        hidden_from_director=True,
    ),
    not_found(
        "history of a review that does not exist", REVIEWS + "999999/geschiedenis/", BOARD_AND_DIRECTOR
    ),
]


def build(users, boards, objects) -> dict:
    """Nothing of its own: the pages are of the world's verdicts, plans, budgets, progress reports, audits, visits
    and reviews of interim results."""
    return {}
