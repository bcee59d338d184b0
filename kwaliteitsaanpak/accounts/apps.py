from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kwaliteitsaanpak.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # The `user_logged_in` receiver that writes into the session whether the user has a second factor: connected
        # here, not when the middleware is first loaded, so that a login before the first request is recorded too.
        from kwaliteitsaanpak.accounts import two_factor  # noqa: F401
        from kwaliteitsaanpak.accounts.role_groups import apply_role_permissions

        # Every app's post_migrate (after migrate and after flush): the roles get that app's permissions.
        post_migrate.connect(
            apply_role_permissions, dispatch_uid="kwaliteitsaanpak.accounts.apply_role_permissions"
        )
