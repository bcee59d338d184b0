"""Shared building blocks for object permissions with `rules`.

Each app's `rules.py` registers permissions under the same names as Django's model permissions
(`schools.change_school`). Without an object, Django's ModelBackend answers from the user's groups; with an object,
only the rule below answers, and it combines the group permission with a check on the object.
"""

import rules
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

_model_backend = ModelBackend()


def has_model_perm(permission: str) -> rules.Predicate:
    """True when the user's groups (or the user directly) hold the model permission.

    Asks ModelBackend itself rather than `user.has_perm`, which would ask the rules backend again.
    """

    @rules.predicate(name=f"has_model_perm({permission})")
    def predicate(user) -> bool:
        return _model_backend.has_perm(user, permission)

    return predicate


def not_allowed() -> PermissionDenied:
    """The refusal of a step the user may not take, also of a change to an object that belongs to another record
    (a guessed id)."""
    return PermissionDenied(_("You are not allowed to do this."))


def require_permission(user, permission: str, obj=None) -> None:
    """The check every service starts with: PermissionDenied unless `user` has `permission` (on `obj`, through
    `rules`)."""
    if not user.has_perm(permission, obj):
        raise not_allowed()


def users_with_perm(permission: str):
    """Active users holding a model permission through one of their groups or directly, ordered by name."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models import Q

    app_label, codename = permission.split(".")
    groups = Group.objects.filter(
        permissions__content_type__app_label=app_label, permissions__codename=codename
    )
    direct = Q(user_permissions__content_type__app_label=app_label, user_permissions__codename=codename)
    User = get_user_model()
    users = User.objects.filter(Q(groups__in=groups) | direct, is_active=True)
    return User.objects.filter(pk__in=users.values("pk")).order_by("first_name", "last_name", "email")
