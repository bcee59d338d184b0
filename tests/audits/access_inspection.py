"""This area's rows of the access matrix (run by `tests/kwaliteitsaanpak/test_access.py`, vocabulary in
`tests/access.py`): the Inspectie's reviews of interim results and the supervision arrangements, under /inspectie/.

The own review is of a school of the own board in execution, with the matrix's experts assigned; the director's
review is of the director's own school (its trajectory is in analysis: read only); the other review and arrangement
are of another board, which the board user, the unassigned experts and the director do not reach (404)."""

from kwaliteitsaanpak.accounts.roles import Role
from tests.access import EVERY_ROLE, INSPECTION, Page
from tests.audits.factories_inspection import (
    InspectionReviewFactory,
    SupervisionArrangementFactory,
    submitted_review,
)
from tests.factories import SchoolFactory, TrajectoryFactory

REVIEWS = "/inspectie/beoordelingen/"
ARRANGEMENTS = "/inspectie/toezichtarrangementen/"
# Everyone involved reads reviews: staff, expert group, Inspectie and municipality all of them; the board its own
# schools'; the director their school's; an expert those of their trajectories.
ALL_REVIEWS = {Role.PROGRAMME_STAFF, Role.EXPERT_GROUP, Role.INSPECTION, Role.MUNICIPALITY}
OUT_OF_SCOPE = {Role.EDUCATION_EXPERT: 404, Role.FINANCIAL_EXPERT: 404, Role.SCHOOL_DIRECTOR: 404}
SUPPLIERS = {Role.SCHOOL_BOARD, Role.SCHOOL_DIRECTOR}

PAGES: list[Page] = [
    Page("interim results list", REVIEWS, EVERY_ROLE),
    Page("interim results list export", REVIEWS + "?_export=xlsx", EVERY_ROLE),
    Page(
        "own review",
        REVIEWS + "{own_review}/",
        EVERY_ROLE - {Role.SCHOOL_DIRECTOR},
        others={Role.SCHOOL_DIRECTOR: 404},
    ),
    Page(
        "director's school's review",
        REVIEWS + "{director_review}/",
        ALL_REVIEWS | {Role.SCHOOL_BOARD, Role.SCHOOL_DIRECTOR},
        others={Role.EDUCATION_EXPERT: 200, Role.FINANCIAL_EXPERT: 200},
    ),
    Page(
        "other board's review",
        REVIEWS + "{other_review}/",
        ALL_REVIEWS,
        hidden_from_board=True,
        others=OUT_OF_SCOPE,
    ),
    Page(
        "fill in interim results",
        REVIEWS + "{own_review}/resultaten/",
        {Role.SCHOOL_BOARD},
        others={Role.SCHOOL_DIRECTOR: 404},
    ),
    Page(
        "fill in another board's interim results",
        REVIEWS + "{other_review}/resultaten/",
        set(),
        hidden_from_board=True,
        others={Role.SCHOOL_DIRECTOR: 404},
    ),
    Page(
        "submit interim results",
        REVIEWS + "{own_review}/indienen/",
        {Role.SCHOOL_BOARD},
        hidden_from_director=True,
    ),
    Page(
        "judge interim results",
        REVIEWS + "{submitted_review}/beoordelen/",
        INSPECTION,
        hidden_from_director=True,
    ),
    Page("arrangement list", ARRANGEMENTS, EVERY_ROLE),
    Page("arrangement list export", ARRANGEMENTS + "?_export=csv", EVERY_ROLE),
    Page("record arrangement", ARRANGEMENTS + "nieuw/", INSPECTION),
    Page(
        "own arrangement",
        ARRANGEMENTS + "{own_arrangement}/",
        EVERY_ROLE - {Role.SCHOOL_DIRECTOR},
        others={Role.SCHOOL_DIRECTOR: 404},
    ),
    Page(
        "other board's arrangement",
        ARRANGEMENTS + "{other_arrangement}/",
        ALL_REVIEWS,
        hidden_from_board=True,
        others=OUT_OF_SCOPE,
    ),
    Page(
        "change arrangement",
        ARRANGEMENTS + "{own_arrangement}/wijzigen/",
        INSPECTION,
        hidden_from_director=True,
    ),
]


def build(users, boards, objects) -> dict:
    """Adds this area's objects to the shared world: `users` per role, `boards` = (own board, other board),
    `objects` what is built so far (ids by name). Returns the ids to add, by the names the URLs use."""
    from improvement_plans.models import Trajectory

    own_board, other_board = boards
    own = TrajectoryFactory(school=SchoolFactory(board=own_board))
    own.education_experts.add(users[Role.EDUCATION_EXPERT])
    own.financial_expert = users[Role.FINANCIAL_EXPERT]
    own.save()
    director_trajectory = Trajectory.objects.get(pk=objects["own_trajectory"])
    submitted = submitted_review(trajectory__school__board=own_board)
    return {
        "own_review": InspectionReviewFactory(trajectory=own).pk,
        "director_review": InspectionReviewFactory(trajectory=director_trajectory).pk,
        "other_review": InspectionReviewFactory(trajectory__school__board=other_board).pk,
        "submitted_review": submitted.pk,
        "own_arrangement": SupervisionArrangementFactory(school=own.school).pk,
        "other_arrangement": SupervisionArrangementFactory(
            school=InspectionReviewFactory(trajectory__school__board=other_board, school_year=2024).school
        ).pk,
    }
