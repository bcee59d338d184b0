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

from .forms import RemoveConfirmForm


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

    def refuse(self):
        """A redirect (with a message saying why) while the page cannot be used, else None. Checked on GET and
        POST alike, after the login and permission checks."""
        return None

    def get(self, request, *args, **kwargs):
        return self.refuse() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refuse() or super().post(request, *args, **kwargs)

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


class RemoveConfirmMixin(ServiceFormMixin):
    """A confirmation page before the service (`call_service`) removes something: the form is one red button,
    `button`, that says what it removes."""

    form_class = RemoveConfirmForm
    button = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "button": self.button}


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


# The pages of a step that follows the review workflow (`core.workflow`). Both guards redirect in `dispatch`, so
# they come after the mixin that brings `ProtectedView` in the class's bases: the login and permission checks run
# first, and only a user who may see the record learns its state.


class SubmissionPageMixin:
    """A page of one step's record (an analysis, a plan version, a budget, …): `submission` is that record and
    `submission_url` its page, where the page's form returns to and its Cancel leads. The context has the record
    under `submission_context_name` ("analysis", "plan", …)."""

    submission_context_name = ""

    @property
    def submission(self):
        raise NotImplementedError

    @property
    def submission_url(self) -> str:
        return self.submission.get_absolute_url()

    def get_success_url(self) -> str:
        return self.submission_url

    def get_context_data(self, **kwargs):
        context = {self.submission_context_name: self.submission, "cancel_url": self.submission_url}
        return super().get_context_data(**context, **kwargs)


class EditableGuardMixin(SubmissionPageMixin):
    """A page that changes the record: while the record may not be changed (submitted, approved, superseded, or
    the trajectory in another phase), back to the record's page with a message saying why."""

    def submission_can_change(self) -> bool:
        return self.submission.is_editable

    def not_editable_message(self) -> str:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.submission_can_change():
            messages.warning(request, self.not_editable_message())
            return HttpResponseRedirect(self.submission_url)
        return super().dispatch(request, *args, **kwargs)


class SubmitViewMixin(ServiceFormMixin):
    """The page that submits the record to the expert group (after the editable guard): check and confirm. Its form
    carries the version the user looked at, and `submit(expected_version)` hands it to the step's service, which
    refuses a record changed meanwhile. The context's `missing` is `missing_parts()`: what must still be done."""

    def submit(self, expected_version: int) -> None:
        raise NotImplementedError

    def missing_parts(self) -> list:
        raise NotImplementedError

    def get_initial(self):
        return {"version": self.submission.version}

    def call_service(self, form):
        self.submit(form.cleaned_data["version"])
        return self.submission

    def get_context_data(self, **kwargs):
        return super().get_context_data(missing=self.missing_parts(), **kwargs)


class PendingReviewMixin(SubmissionPageMixin):
    """The expert group's review page of a record: only while it is submitted, else back to the record's page with
    `nothing_to_review_message`. Its context has the pending submission and the earlier decisions, for
    `core/review_page.html`."""

    nothing_to_review_message = ""
    # What approving and returning mean for this step, and the way back, for the decision panel.
    decision_help: tuple = ()
    cancel_label = ""

    def dispatch(self, request, *args, **kwargs):
        if not self.submission.is_submitted:
            messages.warning(request, self.nothing_to_review_message)
            return HttpResponseRedirect(self.submission_url)
        return super().dispatch(request, *args, **kwargs)

    def review_context(self, record) -> dict:
        """The pending submission and the decided ones of `record` (with its reviews prefetched)."""
        reviews = list(record.reviews.all())
        return {
            "pending_review": next((review for review in reviews if not review.decision), None),
            "earlier_reviews": [review for review in reviews if review.decision],
            "decision_help": self.decision_help,
            "cancel_label": self.cancel_label,
        }
