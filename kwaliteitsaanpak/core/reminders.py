"""Reminders by e-mail: what is due soon, overdue, tomorrow, or waiting for the expert group's decision.

Public API (for the apps' reminder sources, the daily task and the profile page):
- `Reminder`: one e-mail to one user, named by a `key` that says what it is about and why
  ("progress-report:12:overdue"); `SentReminder` (unique per user and key) makes each one go out once only.
- `ReminderKind`: one kind of reminder an app offers: its label and description for the profile page, who
  receives it (`receives(user)`) and what is due on a day (`collect(today)`, a fixed number of queries).
  The apps list their kinds in `<app>/reminders.py` as `REMINDER_KINDS`; `settings.REMINDER_SOURCES` names them
  (core may not import the apps above it).
- `reminder_kinds_for(user)`: the (label, description) of every kind the user receives.
- `send_due_reminders(today)`: the daily job's service; returns a `ReminderRun` with the counts.
- recipients: `users_with_perm`, `board_users`, `directors`, `unique_users`.

Sending once and only once. Each reminder is sent in its own transaction: first the `SentReminder` row is
inserted, then the e-mail is handed to the mail backend, then the transaction commits. So
- an e-mail that cannot be sent rolls its row back: the reminder is tried again on the next run;
- two runs at the same moment cannot both send it: the second insert waits on the unique (user, key) index until
  the first commits, and then fails, so the second run skips it;
- the one window left is a crash between the mail server accepting the e-mail and the commit (milliseconds): then
  the reminder is sent again on the next run. We accept that (at least once) over the alternative (commit first,
  send after: a mail server that is down would lose reminders silently).
Recipients are worked out on the day the reminder is sent, so a user who is no longer involved (another board,
no longer assigned, deactivated, or a trajectory that ended) gets nothing.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak import permissions

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = 200
SUBJECT_PREFIX = "Kwaliteitsaanpak: "  # the programme's name, the same in every language


@dataclass(frozen=True)
class Reminder:
    """One e-mail to one user. `url` is the path of the page where the work is done; the e-mail links to it
    absolutely (settings.SITE_URL). `template` is a plain-text template under templates/reminders/."""

    user: Any
    key: str
    subject: StrOrPromise
    template: str
    url: str
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReminderKind:
    """A kind of reminder: shown on the user's profile when `receives(user)`; `collect(today)` returns the
    reminders due on that day (sent or not: the sending skips those already sent)."""

    name: str
    label: StrOrPromise
    description: StrOrPromise
    receives: Callable[[Any], bool]
    collect: Callable[[datetime.date], Iterable[Reminder]]


@dataclass
class ReminderRun:
    """What one run did: sent now, sent on an earlier run (skipped), and failed (tried again next run)."""

    sent: int = 0
    already_sent: int = 0
    failed: int = 0


@cache
def reminder_kinds() -> tuple[ReminderKind, ...]:
    """Every kind of reminder of every app in settings.REMINDER_SOURCES, in that order."""
    return tuple(kind for path in settings.REMINDER_SOURCES for kind in import_string(path))


def reminder_kinds_for(user: Any) -> list[tuple[StrOrPromise, StrOrPromise]]:
    """The (label, description) of every kind of reminder `user` receives by e-mail, for the profile page."""
    if not user.is_authenticated or not user.is_active or not user.email:
        return []
    return [(kind.label, kind.description) for kind in reminder_kinds() if kind.receives(user)]


def due_reminders(today: datetime.date) -> list[Reminder]:
    """Every reminder due on `today`, of every kind, to active users with an e-mail address."""
    return [
        reminder
        for kind in reminder_kinds()
        for reminder in kind.collect(today)
        if reminder.user.is_active and reminder.user.email
    ]


def send_due_reminders(today: datetime.date | None = None) -> ReminderRun:
    """Send every reminder due on `today` (default: today) that was not sent before; idempotent."""
    today = today or timezone.localdate()
    run = ReminderRun()
    with translation.override(settings.LANGUAGE_CODE):
        reminders = due_reminders(today)
        sent_before = _already_sent(reminders)
        for reminder in reminders:
            if (reminder.user.pk, reminder.key) in sent_before:
                run.already_sent += 1
                continue
            try:
                if send_reminder(reminder):
                    run.sent += 1
                    sent_before.add((reminder.user.pk, reminder.key))
                else:
                    run.already_sent += 1
            except (smtplib.SMTPException, OSError):
                logger.exception(
                    "Reminder %s to user %s not sent; it is tried again", reminder.key, reminder.user.pk
                )
                run.failed += 1
    logger.info("Reminders: %s sent, %s sent before, %s failed", run.sent, run.already_sent, run.failed)
    return run


def send_reminder(reminder: Reminder) -> bool:
    """Send one reminder unless it was sent before (see the module's docstring for the transaction); returns
    whether it was sent now. An error of the mail backend propagates, and nothing is recorded."""
    from kwaliteitsaanpak.accounts.models import SentReminder

    subject = Truncator(f"{SUBJECT_PREFIX}{reminder.subject}").chars(SUBJECT_MAX_LENGTH)
    link = absolute_url(reminder.url)
    body = render_to_string(
        reminder.template, {**reminder.context, "user": reminder.user, "link": link, "subject": subject}
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                SentReminder.objects.create(user=reminder.user, key=reminder.key, subject=subject, url=link)
        except IntegrityError:
            return False  # sent by an earlier or a simultaneous run
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.user.email], fail_silently=False)
    return True


def page_of(record: Any) -> str:
    """The path of `record`'s page; its trajectory's page if that route is missing (logged as an error), so that
    one broken link does not stop every reminder."""
    try:
        return record.get_absolute_url()
    except NoReverseMatch:
        logger.exception("No page for %r; the reminder links to its trajectory", record)
        return record.trajectory.get_absolute_url()


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


def _already_sent(reminders: list[Reminder]) -> set[tuple[int, str]]:
    """The (user id, key) pairs among `reminders` that were sent before, in one query."""
    from kwaliteitsaanpak.accounts.models import SentReminder

    if not reminders:
        return set()
    keys = {reminder.key for reminder in reminders}
    users = {reminder.user.pk for reminder in reminders}
    return set(SentReminder.objects.filter(key__in=keys, user_id__in=users).values_list("user_id", "key"))


# Recipients: who is involved today. Each returns active users with an e-mail address who hold the permission
# through their role (a superuser's blanket permissions do not make them a recipient).


def users_with_perm(perm: str) -> models.QuerySet:
    """The active holders of `perm` ("app_label.codename") who have an e-mail address, in a stable order."""
    return permissions.users_with_perm(perm).exclude(email="").order_by("pk")


def decisions_waiting(
    pending: Iterable[Any], perm: str, *, key: str, describe: Callable[[Any], tuple[StrOrPromise, str, str]]
) -> list[Reminder]:
    """Once per submission that waits for a decision (`pending`: reviews without one): a reminder to every holder
    of `perm`. `describe(review)` gives what waits (“the quality analysis”), the school's name and the page where
    it is decided; the reminder's key is `<key>:<review id>:waiting`."""
    pending = list(pending)
    members = list(users_with_perm(perm)) if pending else []
    reminders = []
    for review in pending:
        what, school, url = describe(review)
        for user in members:
            reminders.append(
                Reminder(
                    user=user,
                    key=f"{key}:{review.pk}:waiting",
                    subject=_("%(what)s of %(school)s waits for your decision")
                    % {"what": capfirst(what), "school": school},
                    template="reminders/decision_waiting.txt",
                    url=url,
                    context={"what": what, "school": school, "submitted_at": review.submitted_at},
                )
            )
    return reminders


def board_users(perm: str, board_ids: Iterable[int]) -> dict[int, list[Any]]:
    """Board id → the users of that board with `perm`."""
    by_board: dict[int, list[Any]] = {}
    for user in users_with_perm(perm).filter(school_board_id__in=set(board_ids)):
        by_board.setdefault(user.school_board_id, []).append(user)
    return by_board


def directors(perm: str, school_ids: Iterable[int]) -> dict[int, list[Any]]:
    """School id → the school's directors with `perm`."""
    by_school: dict[int, list[Any]] = {}
    for user in users_with_perm(perm).filter(school_id__in=set(school_ids)):
        by_school.setdefault(user.school_id, []).append(user)
    return by_school


def unique_users(*groups: Iterable[Any]) -> list[Any]:
    """The users of all groups, each once, in the order first seen."""
    seen: dict[int, Any] = {}
    for group in groups:
        for user in group:
            seen.setdefault(user.pk, user)
    return list(seen.values())
