"""The access matrix's vocabulary: a page row, the roles, and the helpers that write common rows.

`tests/kwaliteitsaanpak/test_access.py` runs every row of every area's list (`AREAS` there): the register, trajectories,
plans and finance in that module itself, each execution area in `tests/<app>/access_<area>.py` with a `PAGES` list and
a `build(users, boards, objects)` that adds its objects to the shared world.
"""

from dataclasses import dataclass, field

from kwaliteitsaanpak.accounts.roles import Role

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *Role]


@dataclass
class Page:
    name: str
    url: str  # a format string filled from the objects of the `world` fixture
    allowed: set = field(default_factory=set)  # roles that get 200; anonymous gets 302 unless listed
    hidden_from_board: bool = False  # 404 for the board user (and the school director) instead of 403
    # 404 for the school director, even where `allowed` lists the role: the page's object belongs to another school
    # of the own board than the director's
    hidden_from_director: bool = False
    default_denied: int = 403
    others: dict = field(default_factory=dict)  # any other status per role, e.g. 404 for an unassigned expert
    allowed_status: int = 200

    def expected(self, role) -> int:
        if role in self.others:
            return self.others[role]
        if role == Role.SCHOOL_DIRECTOR and self.hidden_from_director:
            return 404
        if role in self.allowed:
            return self.allowed_status
        if role == ANONYMOUS:
            return 302
        if role == Role.SCHOOL_BOARD and self.hidden_from_board:
            return 404
        if role == Role.SCHOOL_DIRECTOR and self.hidden_from_board:
            return 404
        return self.default_denied


EVERY_ROLE = set(Role)
STAFF = {Role.PROGRAMME_STAFF}
BOARD = Role.SCHOOL_BOARD
# The school director leads one school of the own board: the school of the own (analysis) trajectory of the world.
DIRECTOR = Role.SCHOOL_DIRECTOR
BOARD_AND_DIRECTOR = {BOARD, DIRECTOR}
INSPECTION = {Role.INSPECTION}
# Inspection and the municipality have no part in trajectories (yet): 403 everywhere below.
TRAJECTORY_READERS = EVERY_ROLE - {Role.INSPECTION, Role.MUNICIPALITY}
ALL_TRAJECTORIES = {Role.PROGRAMME_STAFF, Role.EXPERT_GROUP}
HIDDEN_FROM_UNASSIGNED = {
    Role.EDUCATION_EXPERT: 404,
    Role.FINANCIAL_EXPERT: 404,
    Role.SCHOOL_BOARD: 404,
    Role.SCHOOL_DIRECTOR: 404,
}
ANALYSIS_WRITERS = {Role.PROGRAMME_STAFF, Role.EDUCATION_EXPERT, Role.SCHOOL_BOARD, Role.SCHOOL_DIRECTOR}
# The director works on the plan of their own school too; the world's plans are of other schools (404 for them).
PLAN_WRITERS = ANALYSIS_WRITERS - {DIRECTOR}
PLAN_VERSION_STARTERS = {Role.PROGRAMME_STAFF, Role.EXPERT_GROUP}
FINANCE_OVERVIEW_READERS = EVERY_ROLE - {Role.INSPECTION}
BUDGET_WRITERS = {Role.PROGRAMME_STAFF, Role.FINANCIAL_EXPERT, Role.EXPERT_GROUP}
BUDGET_SUBMITTERS = {Role.PROGRAMME_STAFF, Role.FINANCIAL_EXPERT}
SPENDING_RECORDERS = {Role.PROGRAMME_STAFF, Role.FINANCIAL_EXPERT, Role.SCHOOL_BOARD}
EXPERT_COST_READERS = {Role.PROGRAMME_STAFF, Role.FINANCIAL_EXPERT, Role.EXPERT_GROUP}


def assigned_only(name: str, url: str) -> Page:
    """A page of the other trajectory: every trajectory for staff and the expert group, 404 for the experts, the
    board user and the director, who are not assigned to it."""
    return Page(name, url, ALL_TRAJECTORIES, others=HIDDEN_FROM_UNASSIGNED)


def not_found(name: str, url: str, readers: set) -> Page:
    """A URL whose object does not belong to the page it names: 404 for those who may open such pages."""
    return Page(name, url, set(), others=dict.fromkeys(readers, 404))


def add_change_remove(thing: str, new_url: str, url: str, writers: set, **options) -> list[Page]:
    """The three pages that add a thing, change it and remove it (at `url` + "verwijderen/"); `options` go to each
    `Page` (e.g. `hidden_from_director=True`)."""
    return [
        Page(f"add {thing}", new_url, writers, **options),
        Page(f"change {thing}", url, writers, **options),
        Page(f"remove {thing}", url + "verwijderen/", writers, **options),
    ]
