"""The daily reminders on a real Celery worker through Redis: run twice, each reminder is sent once."""

import pytest

from kwaliteitsaanpak.accounts.models import SentReminder
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.tasks import send_reminders
from tests.factories import PlanReviewFactory, UserFactory

from .worker_runs import not_in_this_process, run_on_worker


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_each_reminder_once(celery_worker_process, monkeypatch):
    not_in_this_process(send_reminders, monkeypatch)
    members = [UserFactory(role=Role.EXPERT_GROUP), UserFactory(role=Role.EXPERT_GROUP)]
    review = PlanReviewFactory(plan__trajectory__school__name="De Kleine Wereld")

    first = run_on_worker(celery_worker_process, send_reminders)
    second = run_on_worker(celery_worker_process, send_reminders)

    assert first == "{'sent': 2, 'already_sent': 0, 'failed': 0}"
    assert second == "{'sent': 0, 'already_sent': 2, 'failed': 0}"
    sent = SentReminder.objects.filter(key=f"plan-review:{review.pk}:waiting")
    assert sorted(sent.values_list("user_id", flat=True)) == sorted(member.pk for member in members)
    # The worker's mail backend (the console) wrote each e-mail once, in Dutch.
    subject = "Kwaliteitsaanpak: Versie 1 van het verbeterplan van De Kleine Wereld wacht op uw besluit"
    log = " ".join(celery_worker_process.log().split())  # a long header is folded over two lines
    assert log.count(f"Subject: {subject}") == 2
