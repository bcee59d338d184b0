"""The monitor's reminders by e-mail (`kwaliteitsaanpak.core.reminders`), listed in settings.REMINDER_SOURCES.

- `sustaining_flag`: programme staff (who manage trajectories), once per flag, when a school still followed in
  sustaining gets a new (very) weak verdict or a falling indicator (`monitoring.borging`). The key names the
  trajectory and what was flagged (the verdict or the indicator value), so each flag is sent once only.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.reminders import Reminder, ReminderKind, users_with_perm

from .borging import sustaining_flags

MANAGE_TRAJECTORY = "improvement_plans.manage_trajectory"


def receives_sustaining_reminders(user: Any) -> bool:
    return user.has_perm(MANAGE_TRAJECTORY)


def sustaining_flagged(today: datetime.date) -> list[Reminder]:
    flags = sustaining_flags(current_only=True, today=today)
    staff = list(users_with_perm(MANAGE_TRAJECTORY)) if flags else []
    return [
        Reminder(
            user=user,
            key=f"sustaining:{flag.key}",
            subject=_("%(school)s in sustaining: %(what)s")
            % {"school": flag.school.name, "what": flag.title.lower()},
            template="reminders/sustaining_flag.txt",
            url=flag.url,
            context={"school": flag.school.name, "title": flag.title, "detail": flag.detail},
        )
        for flag in flags
        for user in staff
    ]


REMINDER_KINDS = [
    ReminderKind(
        name="sustaining_flag",
        label=_("Signal during sustaining"),
        description=_(
            "Once per signal, when a school in sustaining gets a new (very) weak verdict or an indicator falls."
        ),
        receives=receives_sustaining_reminders,
        collect=sustaining_flagged,
    ),
]
