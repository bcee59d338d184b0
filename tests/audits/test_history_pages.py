"""The change history of an expert visit (with the actions agreed after it) and of a review of interim results (with
its results and the Inspectie's judgement) (`audits.views.history`): who changed what and when, for staff only, in
a number of queries that does not grow with the record's changes."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.services import inspection as inspection_services
from kwaliteitsaanpak.accounts.roles import Role
from tests.audits.factories_inspection import submitted_review
from tests.audits.factories_visits import RecordedVisitFactory, StagnationActionFactory
from tests.factories import UserFactory
from tests.kwaliteitsaanpak.test_history import by, change, entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(role=Role.PROGRAMME_STAFF)
    client.force_login(user)
    return user


def test_a_visit_shows_what_was_recorded_and_the_actions_agreed_after_it(client, staff):
    expert = UserFactory(role=Role.EDUCATION_EXPERT, first_name="Karin", last_name="Bos")
    with by(expert):
        visit = RecordedVisitFactory(expert=expert)
        action = StagnationActionFactory(visit=visit, description="De IB maakt de groepsplannen rekenen af.")
    change(visit, expert, findings="De groepsplannen rekenen zijn af; begrijpend lezen nog niet.")
    change(action, staff, closed_on=datetime.date(2009, 4, 10), closed_by=staff, closing_note="Besproken.")

    response = client.get(reverse("audits:visit_history", args=[visit.trajectory_id, visit.pk]))

    found = entries(response)
    closed = found[0]
    assert "Gewijzigd Afgesproken actie: De IB maakt de groepsplannen rekenen af." in closed
    assert f"Door {staff.get_full_name()}" in closed
    assert "Gesloten op – → 10-04-2009" in closed
    changed = next(entry for entry in found if "Gewijzigd Schoolbezoek" in entry)
    assert "Door Karin Bos" in changed
    assert "De groepsplannen rekenen zijn niet af. → De groepsplannen rekenen zijn af" in changed
    assert any("Aangemaakt Afgesproken actie" in entry and "Door Karin Bos" in entry for entry in found)
    content = response.content.decode()
    assert "Schoolbezoeken" in content  # the way back runs through the trajectory's visits
    assert f'href="{visit.get_absolute_url()}"' in content


def test_a_review_shows_the_results_supplied_and_the_inspecties_judgement(client, staff):
    inspector = UserFactory(role=Role.INSPECTION, first_name="Ilse", last_name="Jansen")
    board_user = UserFactory(role=Role.SCHOOL_BOARD, first_name="Bram", last_name="Visser")
    with by(board_user):
        review = submitted_review()
    result = review.results.order_by("subject", "grade").first()
    change(result, board_user, share_at_norm=Decimal("68.0"))
    with by(inspector):
        inspection_services.interim_results_judge(
            user=inspector, review=review, judgement="onvoldoende", note="Rekenen in groep 5 blijft achter."
        )

    response = client.get(reverse("audits:inspection_review_history", args=[review.pk]))

    found = entries(response)
    decided = next(entry for entry in found if "Besloten" in entry)
    assert "Door Ilse Jansen" in decided
    changed_review = next(entry for entry in found if "Gewijzigd Inspectiebeoordeling" in entry)
    assert "Onvoldoende" in changed_review and "Rekenen in groep 5 blijft achter." in changed_review
    changed_result = next(entry for entry in found if "Gewijzigd Tussenopbrengst" in entry)
    assert f"{result.get_subject_display()}, {result.get_grade_display()}" in changed_result
    assert "71,5 → 68" in changed_result
    assert "Door Bram Visser" in changed_result
    assert review.school.name in response.content.decode()


def test_the_visit_and_review_pages_link_to_their_history_for_staff_only(client, staff):
    visit = RecordedVisitFactory()
    review = submitted_review()
    pages = {
        visit.get_absolute_url(): reverse("audits:visit_history", args=[visit.trajectory_id, visit.pk]),
        reverse("audits:inspection_review_detail", args=[review.pk]): reverse(
            "audits:inspection_review_history", args=[review.pk]
        ),
    }
    for page, history in pages.items():
        assert f'href="{history}"' in client.get(page).content.decode(), page
    client.force_login(UserFactory(role=Role.INSPECTION))
    assert (
        pages[reverse("audits:inspection_review_detail", args=[review.pk])]
        not in client.get(reverse("audits:inspection_review_detail", args=[review.pk])).content.decode()
    )


@pytest.mark.parametrize("actions", [1, 6])
def test_the_visit_history_takes_the_same_queries_for_one_action_or_many(
    client, staff, django_assert_num_queries, actions
):
    visit = RecordedVisitFactory()
    for _ in range(actions):
        action = StagnationActionFactory(visit=visit)
        change(action, staff, closing_note="Gedaan.", closed_on=timezone.localdate(), closed_by=staff)
    with django_assert_num_queries(11):
        response = client.get(reverse("audits:visit_history", args=[visit.trajectory_id, visit.pk]))
    assert len(entries(response)) == 1 + 2 * actions  # the visit's creation, and each action's two rows


@pytest.mark.parametrize("changed_results", [1, 6])
def test_the_review_history_takes_the_same_queries_for_one_changed_result_or_many(
    client, staff, django_assert_num_queries, changed_results
):
    review = submitted_review()
    for result in review.results.all()[:changed_results]:
        change(result, staff, share_at_norm=Decimal("60.0"))
    with django_assert_num_queries(12):
        response = client.get(reverse("audits:inspection_review_history", args=[review.pk]))
    assert response.status_code == 200
