"""This area's rows of the access matrix (run by `tests/kwaliteitsaanpak/test_access.py`, vocabulary in
`tests/access.py`).

The visits' trajectory is in execution at a school of the own board, with the matrix's education and financial
experts assigned; the matrix's school director leads another school, so gets 404 (the director of the visited
school reads the visits: tests/audits/test_visits_pages.py). Reading follows the trajectory; recording visits and
agreeing or closing actions is for staff and the assigned education expert."""

from kwaliteitsaanpak.accounts.roles import Role
from tests.access import ALL_TRAJECTORIES, HIDDEN_FROM_UNASSIGNED, TRAJECTORY_READERS, Page, not_found

OWN = "/trajecten/{visits_trajectory}/"
OTHER = "/trajecten/{visits_other_trajectory}/"
PLANNED = OWN + "bezoeken/{planned_visit}/"
STAGNATING = OWN + "bezoeken/{stagnating_visit}/"
RECORDERS = {Role.PROGRAMME_STAFF, Role.EDUCATION_EXPERT}
NOT_THE_DIRECTORS = {Role.SCHOOL_DIRECTOR: 404}
READERS = TRAJECTORY_READERS - {Role.SCHOOL_DIRECTOR}

PAGES: list[Page] = [
    Page("open actions overview", "/uitvoering/acties/", RECORDERS),
    Page("open actions overview export", "/uitvoering/acties/?_export=csv", RECORDERS),
    Page("expert visits", OWN + "bezoeken/", READERS, others=NOT_THE_DIRECTORS),
    Page("planned visit", PLANNED, READERS, others=NOT_THE_DIRECTORS),
    Page("stagnating visit", STAGNATING, READERS, others=NOT_THE_DIRECTORS),
    Page("record a visit", PLANNED + "vastleggen/", RECORDERS, hidden_from_director=True),
    Page("move a visit", PLANNED + "verplaatsen/", RECORDERS, hidden_from_director=True),
    Page("cancel a visit", PLANNED + "annuleren/", RECORDERS, hidden_from_director=True),
    Page("agree an action", STAGNATING + "acties/nieuw/", RECORDERS, hidden_from_director=True),
    Page("close an action", OWN + "acties/{open_action}/sluiten/", RECORDERS, hidden_from_director=True),
    Page(
        "visits of another board's trajectory",
        OTHER + "bezoeken/",
        ALL_TRAJECTORIES,
        others=HIDDEN_FROM_UNASSIGNED | NOT_THE_DIRECTORS,
    ),
    Page(
        "record a visit of an unassigned trajectory",
        OTHER + "bezoeken/{other_visit}/vastleggen/",
        {Role.PROGRAMME_STAFF},
        others={Role.EDUCATION_EXPERT: 404},
        hidden_from_board=True,
    ),
    not_found("a visit of another trajectory", OWN + "bezoeken/{other_visit}/", TRAJECTORY_READERS),
    not_found(
        "an action of another trajectory",
        OWN + "acties/{other_action}/sluiten/",
        RECORDERS | {Role.SCHOOL_DIRECTOR},
    ),
]


def build(users, boards, objects) -> dict:
    """A trajectory in execution of the own board with a planned visit (quarter 2) and a stagnating one (quarter
    1) with an open action; one of the other board, unassigned, with a planned visit and an action."""
    from tests.audits.factories_visits import (
        ExecutingTrajectoryFactory,
        ExpertVisitFactory,
        RecordedVisitFactory,
        StagnationActionFactory,
    )
    from tests.factories import SchoolFactory

    own_board, other_board = boards
    own = ExecutingTrajectoryFactory(
        school=SchoolFactory(board=own_board),
        expert=users[Role.EDUCATION_EXPERT],
        financial_expert=users[Role.FINANCIAL_EXPERT],
    )
    stagnating = RecordedVisitFactory(trajectory=own, quarter=1, expert=users[Role.EDUCATION_EXPERT])
    other = ExecutingTrajectoryFactory(school=SchoolFactory(board=other_board), expert=False)
    other_visit = ExpertVisitFactory(trajectory=other, quarter=1)
    return {
        "visits_trajectory": own.pk,
        "visits_other_trajectory": other.pk,
        "planned_visit": ExpertVisitFactory(trajectory=own, quarter=2).pk,
        "stagnating_visit": stagnating.pk,
        "open_action": StagnationActionFactory(visit=stagnating).pk,
        "other_visit": other_visit.pk,
        "other_action": StagnationActionFactory(visit=RecordedVisitFactory(trajectory=other, quarter=2)).pk,
    }
