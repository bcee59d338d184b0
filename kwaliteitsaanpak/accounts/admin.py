from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.admin import ReadOnlyAdminMixin

from .models import SecondFactorEvent, User
from .roles import Role


class UserAdminForm(UserChangeForm):
    """The user's change form, which keeps a user's scope consistent with their role: a school director leads one
    school (and belongs to no board), only a school director has a school."""

    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"

    def clean(self):
        cleaned_data = super().clean()
        groups = cleaned_data.get("groups")
        if groups is None:
            return cleaned_data
        is_director = any(group.name == Role.SCHOOL_DIRECTOR for group in groups)
        school = cleaned_data.get("school")
        if is_director and school is None and "school" not in self.errors:
            self.add_error("school", gettext("A school director leads one school: choose the school."))
        if school is not None and not is_director:
            self.add_error(
                "school",
                gettext(
                    "Only a school director is linked to a school: empty this field, or give the user the role "
                    "%(role)s."
                )
                % {"role": Role.SCHOOL_DIRECTOR.value},
            )
        if school is not None and cleaned_data.get("school_board") is not None:
            self.add_error(
                "school_board",
                gettext(
                    "A school director sees their own school only and is not linked to a school board: empty "
                    "this field."
                ),
            )
        return cleaned_data


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserAdminForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "school_board", "school", "is_staff", "is_active"]
    list_filter = ["groups", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]  # also for the autocomplete of experts
    list_select_related = ["school_board", "school"]
    autocomplete_fields = ["school_board", "school"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "school_board", "school")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    actions = ["reset_second_factor"]

    def has_reset_second_factor_permission(self, request) -> bool:
        return request.user.has_perm("accounts.reset_second_factor")

    @admin.action(
        description=_("Reset two-step verification (lost or new phone)"), permissions=["reset_second_factor"]
    )
    def reset_second_factor(self, request, queryset):
        from .services import second_factor_reset

        reset = [user for user in queryset if second_factor_reset(actor=request.user, user=user)]
        self.message_user(
            request,
            gettext(
                "Two-step verification reset for %(count)s user(s): they set it up again at their next login."
            )
            % {"count": len(reset)},
            messages.SUCCESS,
        )


@admin.register(SecondFactorEvent)
class SecondFactorEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who set up, turned off or reset two-step verification, and when; read only (appended by the services)."""

    list_display = ["at", "user", "kind", "actor"]
    list_filter = ["kind"]
    search_fields = ["user__email"]
    list_select_related = ["user", "actor"]
