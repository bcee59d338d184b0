"""The login form and base classes that every app's pages share."""

from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin
from rules.contrib.views import PermissionRequiredMixin


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form with the e-mail address as the user name."""

    error_messages = {
        "invalid_login": _(
            "This e-mail address and password do not match. Check both and try again; "
            "the password is case-sensitive."
        ),
        "inactive": _("This account is not active."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail address")
        self.fields["username"].widget.input_type = "email"
        self.fields["username"].widget.attrs["autocomplete"] = "email"


class FilteredTableView(ExportMixin, SingleTableMixin, FilterView):
    """A list page: a django-filter panel, a sortable django-tables2 table, pagination and CSV/XLSX export."""

    # The table paginates; the ListView must not paginate (and query) a second time.
    paginate_by = None
    table_pagination = {"per_page": 25}
    export_formats = ("csv", "xlsx")
    template_name = "core/filtered_table.html"
    strict = False

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.export_name}.{export_format}"


class ProtectedView(LoginRequiredMixin, PermissionRequiredMixin):
    """Anonymous users go to the login page; a role without the permission gets 403; an object outside the
    user's scope is a 404 (the views' querysets start from `visible_to`)."""


def add_service_error(form, error: ValidationError) -> None:
    """A service's ValidationError on the form: beside its field when the form has that field, else at the top
    (a service may name a field the page does not show, such as a fixed quarter)."""
    if hasattr(error, "error_dict"):
        for field, messages_of_field in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_of_field)
    else:
        form.add_error(None, error)


class ServiceFormMixin:
    """A form page whose valid form is handed to a service; the service's ValidationError lands on the form."""

    page_title = ""
    success_message = ""

    def call_service(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.call_service(form)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, cancel_label=gettext("Cancel"), **kwargs)


class ServiceUpdateView(ProtectedView, ServiceFormMixin, FormView):
    """The form to change one object (found within the user's scope) through a service."""

    template_name = "includes/form_page.html"
    success_message = _("The changes have been saved.")

    def get_scoped_queryset(self):
        raise NotImplementedError

    @cached_property
    def object_to_change(self):
        return get_object_or_404(self.get_scoped_queryset(), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.object_to_change

    @property
    def page_title(self) -> str:
        return gettext("Change %(name)s") % {"name": self.object_to_change.name}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object_to_change}

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.object_to_change.get_absolute_url(), **kwargs)
