"""Shared building blocks for object permissions with `rules`.

Each app's `rules.py` registers permissions under the same names as Django's model permissions
(`schools.change_school`). Without an object, Django's ModelBackend answers from the user's groups; with an object,
only the rule below answers, and it combines the group permission with a check on the object.
"""

import rules
from django.contrib.auth.backends import ModelBackend

_model_backend = ModelBackend()


def has_model_perm(permission: str) -> rules.Predicate:
    """True when the user's groups (or the user directly) hold the model permission.

    Asks ModelBackend itself rather than `user.has_perm`, which would ask the rules backend again.
    """

    @rules.predicate(name=f"has_model_perm({permission})")
    def predicate(user) -> bool:
        return _model_backend.has_perm(user, permission)

    return predicate
