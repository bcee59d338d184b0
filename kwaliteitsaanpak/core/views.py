"""The login form and base classes that every app's pages share."""

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin


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
