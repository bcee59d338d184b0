"""Apply `roles.ROLE_PERMISSIONS` to the role groups: idempotent and add-only, on every `post_migrate`.

Django sends `post_migrate` once per installed app after `migrate` and after `flush` (so also after every
transactional test). Django's own receiver creates that app's permissions first (django.contrib.auth is
installed before this app, so its receiver runs first); this receiver then creates any missing role group and
adds the roles' permissions of that one app that a group lacks. It never removes a permission: administrators
may add more, and a permission dropped from the map stays where it was until a migration takes it away.

Cheap when nothing is missing: apps the map does not name are skipped; for the others it is three reads and
no write.
"""

from collections.abc import Iterable

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, router

from kwaliteitsaanpak.accounts.roles import ROLE_PERMISSIONS, Role

ACCOUNTS_LABEL = "accounts"


def app_labels() -> set[str]:
    """The apps whose permissions the map names (and this app, which creates the groups)."""
    return {name.split(".", 1)[0] for names in ROLE_PERMISSIONS.values() for name in names} | {ACCOUNTS_LABEL}


def apply_role_permissions(
    app_config=None,
    using: str = DEFAULT_DB_ALIAS,
    apps=global_apps,
    labels: Iterable[str] | None = None,
    **kwargs,
) -> None:
    """`post_migrate` receiver; call it without arguments to apply the whole map.

    `labels` limits the work to those apps' permissions; by default it is the sending app's, or every app's
    when there is no sender. A permission that does not exist (its model is not migrated) is skipped.
    """
    if labels is None:
        labels = {app_config.label} if app_config is not None else app_labels()
    labels = set(labels) & app_labels()
    if not labels:
        return
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:  # auth is not (or no longer) migrated
        return
    if not router.allow_migrate_model(using, group_model):
        return

    groups = _ensure_groups(group_model, using)
    wanted = {
        (role, app_label, codename)
        for role, names in ROLE_PERMISSIONS.items()
        for app_label, codename in (name.split(".", 1) for name in names)
        if app_label in labels
    }
    if not wanted:
        return
    permissions = (
        permission_model.objects.using(using)
        .filter(content_type__app_label__in=labels, codename__in={codename for _, _, codename in wanted})
        .values_list("pk", "content_type__app_label", "codename")
    )
    permission_ids = {(app_label, codename): pk for pk, app_label, codename in permissions}
    links = {
        (groups[role], permission_ids[app_label, codename])
        for role, app_label, codename in wanted
        if (app_label, codename) in permission_ids
    }
    through = group_model.permissions.through
    existing = set(
        through.objects.using(using)
        .filter(group_id__in={group_id for group_id, _ in links}, permission_id__in={pk for _, pk in links})
        .values_list("group_id", "permission_id")
    )
    through.objects.using(using).bulk_create(
        [through(group_id=group_id, permission_id=pk) for group_id, pk in sorted(links - existing)],
        ignore_conflicts=True,  # a concurrent migrate may have added the same link
    )


def _ensure_groups(group_model, using: str) -> dict[Role, int]:
    """Create the role groups that are missing; return each role's group id."""
    manager = group_model.objects.using(using)
    names = [role.value for role in ROLE_PERMISSIONS]
    found = dict(manager.filter(name__in=names).values_list("name", "pk"))
    missing = [name for name in names if name not in found]
    if missing:
        manager.bulk_create([group_model(name=name) for name in missing])
        found = dict(manager.filter(name__in=names).values_list("name", "pk"))
    return {role: found[role.value] for role in ROLE_PERMISSIONS}
