"""What a user changes about their own account: the secret address of their calendar feed.

Public: `CALENDAR_PERMISSIONS`, `has_calendar`, `calendar_token_renew`.
"""

from __future__ import annotations

import secrets

from django.db import transaction

from kwaliteitsaanpak.permissions import not_allowed

from .models import User

# Who has a calendar of planned visits and audits: the education and financial experts and the expert group.
CALENDAR_PERMISSIONS = (
    "improvement_plans.act_as_education_expert",
    "improvement_plans.act_as_financial_expert",
    "audits.decide_audit",
)


def has_calendar(user: User) -> bool:
    """Whether the user's role has a calendar feed of planned visits and audits."""
    return user.is_authenticated and any(user.has_perm(permission) for permission in CALENDAR_PERMISSIONS)


def calendar_token_renew(*, user: User) -> str:
    """Give the user a new secret for their calendar feed's address: the old address stops working at once.
    Returns the new token."""
    if not has_calendar(user):
        raise not_allowed()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.calendar_token = secrets.token_urlsafe(32)
        locked.save(update_fields=["calendar_token"])
    user.calendar_token = locked.calendar_token
    return locked.calendar_token
