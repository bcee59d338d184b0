"""What the page tests of the trajectory and finance apps share: the people who use the pages (as fixtures, made
available by the conftest.py of tests/improvement_plans and tests/finance), reading a response, who may reach a page,
the steps of submitting and reviewing that the analysis, plan and budget pages share, and the shapes of a refused
form, a downloaded file and a page's query count.

The people have names, so that a page can be checked for who did what: Bram Visser of "Stichting Amstelland",
education expert Els Bakker, financial expert Fenna Jansen, Greet de Wit of the expert group and Sanne de Boer of
the programme staff.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.factories import SchoolBoardFactory, UserFactory

# The people


@pytest.fixture
def board(db):
    return SchoolBoardFactory(name="Stichting Amstelland")


@pytest.fixture
def board_user(board):
    return UserFactory(role=Role.SCHOOL_BOARD, school_board=board, first_name="Bram", last_name="Visser")


def person(role: Role, first_name: str, last_name: str):
    """A fixture that makes a user in `role` with this name."""

    @pytest.fixture
    def fixture(db):
        return UserFactory(role=role, first_name=first_name, last_name=last_name)

    return fixture


expert = person(Role.EDUCATION_EXPERT, "Els", "Bakker")
financial_expert = person(Role.FINANCIAL_EXPERT, "Fenna", "Jansen")
reviewer = person(Role.EXPERT_GROUP, "Greet", "de Wit")
staff = person(Role.PROGRAMME_STAFF, "Sanne", "de Boer")


# Reading a page


def text(response) -> str:
    return response.content.decode()


def euro(amount: str) -> str:
    """How a page writes an amount: "€ 12.345,67" with a no-break space."""
    return f"€\u00a0{amount}"


def part(content: str, testid: str, ends: tuple[str, ...] = ("</table>",)) -> str:
    """The HTML from the element with `data-testid` to the first of `ends` after it (by default: its table)."""
    start = content.index(f'data-testid="{testid}"')
    return content[start : min(index for index in (content.find(end, start) for end in ends) if index > 0)]


def queries_for(client, path: str) -> int:
    """How many queries the page takes."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


def query_counts(client, small: str, large: str) -> tuple[int, int]:
    """The query counts of a small and a large page, after a first request that warms the session."""
    client.get(small)
    return queries_for(client, small), queries_for(client, large)


def same_query_count(client, small: str, large: str) -> int:
    """The query count of the large page, which is that of the small one: no query per row."""
    small_count, large_count = query_counts(client, small, large)
    assert small_count == large_count
    return large_count


def forbidden(client, user, *paths: str) -> None:
    """The pages at `paths` are forbidden (403) to `user`."""
    client.force_login(user)
    for path in paths:
        assert client.get(path).status_code == 403, path


def reads_but_may_not_record(
    client, reader, path: str, shown: str, record_link: str, closed: list[str]
) -> None:
    """`reader` reads the page at `path`, which shows `shown`, without the link to record (`record_link`) or to
    change; the pages in `closed` are forbidden to them."""
    client.force_login(reader)
    content = text(client.get(path))
    assert shown in content
    assert record_link not in content and ">Wijzigen<" not in content
    for closed_path in closed:
        assert client.get(closed_path).status_code == 403


def stored_status(submission) -> str:
    """The status the database holds for an analysis, plan or budget (the object is refreshed)."""
    submission.refresh_from_db()
    return submission.status


# Submitting and reviewing an analysis, a plan or a budget


def decide(client, path: str, decision: str, comments: str | None = None, *, follow: bool = False, **fields):
    """Post a review decision ("goedgekeurd" or "teruggestuurd"), with comments and other fields if given, to the
    review page at `path`."""
    data = {"decision": decision} | ({} if comments is None else {"comments": comments}) | fields
    return client.post(path, data, follow=follow)


def submitted(client, path: str, submission, message: str):
    """Submit on the confirmation page at `path`, with the current edit version of the analysis, plan or budget (the
    object is refreshed): the next page says `message` and it is submitted. Returns that page."""
    submission.refresh_from_db()
    response = client.post(path, {"version": submission.version}, follow=True)
    assert message in text(response)
    assert stored_status(submission) == SubmissionStatus.SUBMITTED
    return response


def approve_on_review_page(client, path: str, submission, message: str):
    """The expert group opens the review page at `path`, which offers both decisions, and approves: the next page
    says `message` and the analysis, plan or budget is approved. Returns that page."""
    content = text(client.get(path))
    assert "Goedkeuren" in content and "Terugsturen met opmerkingen" in content
    response = decide(client, path, "goedgekeurd", follow=True)
    assert message in text(response)
    assert stored_status(submission) == SubmissionStatus.APPROVED
    return response


def return_needs_comments(
    client, path: str, submission, comments: str, message: str, *, blank: str = "", **fields
):
    """On the review page at `path`, returning with `blank` comments is refused with a message that says what must
    change, and the analysis, plan or budget stays submitted; returning with `comments` (and other fields, such as
    the comments per goal) sends it back, and the next page says `message`. Returns the refused page, for the
    caller's own checks."""
    refused = decide(client, path, "teruggestuurd", blank)
    assert "Schrijf op wat er moet veranderen" in text(refused)
    assert stored_status(submission) == SubmissionStatus.SUBMITTED
    response = decide(client, path, "teruggestuurd", comments, follow=True, **fields)
    assert message in text(response)
    assert stored_status(submission) == SubmissionStatus.RETURNED
    return refused


def started_with_a_reason(client, path: str, blank: str, message: str, reason: str):
    """Post to `path` (starting a new plan version or a budget revision) with a `blank` reason, which is refused
    with `message`, then with `reason`. Returns the page the second post leads to."""
    response = client.post(path, {"reason": blank})
    assert message in text(response)
    return client.post(path, {"reason": reason}, follow=True)


# Forms and files


def bad_forms(cases: dict[str, tuple], argnames: tuple[str, ...] = ("change", "message")):
    """Parametrize a page test over bad forms, each case beside its id: `cases` maps the id to the case's values,
    by default what changes in the good form data and the message that explains it."""
    return pytest.mark.parametrize(argnames, list(cases.values()), ids=list(cases))


def refused_form(client, path: str, data: dict, message: str):
    """Post a bad form: the page comes back with the error summary and the message (the caller checks that nothing
    was saved)."""
    response = client.post(path, data)
    assert response.status_code == 200
    assert "Er is een probleem" in text(response)
    assert message in text(response)
    return response


# Files that are refused whatever they are for: (name, content, message).
WRONG_FILES = [
    ("script.exe", b"MZ", "Dit soort bestand kan niet worden toegevoegd."),
    ("leeg.pdf", b"", "Het bestand is leeg."),
]


def downloaded(response) -> tuple[bytes, str]:
    """A stored file sent as an attachment: its content and its Content-Disposition header."""
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    return content, disposition
