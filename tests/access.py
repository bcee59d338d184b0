"""The access matrix's vocabulary: a page row, the roles, and the helpers that write common rows.

`tests/kwaliteitsaanpak/test_access.py` runs every row of every area's list (`AREAS` there): the register, trajectories,
plans and finance in that module itself, each execution area in `tests/<app>/access_<area>.py` with a `PAGES` list and
a `build(users, boards, objects)` that adds its objects to the shared world.

The same rows drive the POST matrix (every role that may not use a page posts what one that may would post:
`plausible_form`, read from the page's own form by `tests/form_data.py`) and the fuzzing of every form
(`tests/kwaliteitsaanpak/test_fuzz_forms.py`). A URL that only takes a POST names the page whose form posts to it
(`form_at`).
"""

from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve

from kwaliteitsaanpak.accounts.roles import Role
from tests.form_data import form_fields

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
    # For a URL that only takes a POST: the page (a format string like `url`) whose form posts to it, so that the
    # matrix's POSTs carry the fields that form sends.
    form_at: str | None = None

    def may_use(self, role) -> bool:
        """Whether `role` may use the page (a GET gets the allowed status); every other role's POST is refused."""
        return role in self.allowed and self.expected(role) == self.allowed_status

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
# Separation of duties (ADR 2): the expert group decides on plans and budgets and draws up neither; its adoption of
# an audit that adjusts the plan starts the new version (audits' services), so it needs no page of its own.
PLAN_VERSION_STARTERS = {Role.PROGRAMME_STAFF}
FINANCE_OVERVIEW_READERS = EVERY_ROLE - {Role.INSPECTION}
BUDGET_WRITERS = {Role.PROGRAMME_STAFF, Role.FINANCIAL_EXPERT}
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


# What a role posts to a page (the POST matrix in test_access.py, the fuzzing in test_fuzz_forms.py).

# What is posted to a URL whose form the matrix cannot read (a POST-only URL without `form_at`, a page nobody may
# open): a non-empty body with the fields that the confirmation forms and the services look at.
FALLBACK_BODY = {
    "version": "1",
    "confirm": "on",
    "text": "Bericht uit de toegangsmatrix",
    "reason": "Reden uit de toegangsmatrix",
    "decision": "goedgekeurd",
    "comments": "Opmerking uit de toegangsmatrix",
}
# A file for every file field of a form: a small PDF, which every upload accepts.
UPLOAD = b"%PDF-1.4\n% toegangsmatrix\n"


def client_of(users, role) -> Client:
    client = Client()
    if role != ANONYMOUS:
        client.force_login(users[role])
    return client


def takes_post(path: str) -> bool:
    """Whether the route has a POST handler (a form, a confirmation, a POST-only action)."""
    view_class = getattr(resolve(path).func, "view_class", None)
    return view_class is not None and "post" in view_class.http_method_names and hasattr(view_class, "post")


def plausible_form(users, objects, page: Page) -> tuple[dict, dict[str, list[str]]]:
    """What a role that may use the page would post: its form as the page fills it in for them (the edit version
    included), a small PDF in every file field; the fallback body where no form can be read. Also the values each
    select, radio and checkbox offers."""
    path = page.url.format(**objects).split("?")[0]
    reader = next((role for role in ROLES if page.may_use(role) and page.allowed_status == 200), None)
    if not takes_post(path):  # a list, a download, a PDF: nothing to fill in
        return dict(FALLBACK_BODY), {}
    if page.form_at is not None:
        reader = next(role for role in ROLES if page.may_use(role))
        html, action = client_of(users, reader).get(page.form_at.format(**objects)).content.decode(), path
    elif reader is not None:
        html, action = client_of(users, reader).get(path).content.decode(), None
    else:
        return dict(FALLBACK_BODY), {}
    form = form_fields(html, action)
    if form is None:
        return dict(FALLBACK_BODY), {}
    data = form.post_data() or dict(FALLBACK_BODY)
    for name in form.files:
        data[name] = SimpleUploadedFile("toegangsmatrix.pdf", UPLOAD, content_type="application/pdf")
    return data, form.options


def plausible_post(users, objects, page: Page) -> dict:
    """The body of `plausible_form`."""
    return plausible_form(users, objects, page)[0]


def fresh_files(data: dict) -> dict:
    """The same body with unread copies of its files (a posted file is read to its end)."""
    return {
        name: SimpleUploadedFile(value.name, UPLOAD, content_type=value.content_type)
        if isinstance(value, SimpleUploadedFile)
        else value
        for name, value in data.items()
    }
