"""The login form and base classes that every app's pages share."""

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from rules.contrib.views import PermissionRequiredMixin

from .exports import ExportMixin
from .forms import RemoveConfirmForm

logger = logging.getLogger(__name__)


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
    """A list page: a django-filter panel, a sortable django-tables2 table, pagination and CSV/XLSX export
    (`core.exports`: the CSV streamed, the XLSX formatted, both safe from formula injection)."""

    # The table paginates; the ListView must not paginate (and query) a second time.
    paginate_by = None
    table_pagination = {"per_page": 25}
    export_formats = ("csv", "xlsx")
    template_name = "core/filtered_table.html"
    strict = False

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.export_name}.{export_format}"

    # For a user who sees one board's schools only (a board user, a school director), a board filter would offer one
    # choice and a board column would repeat its name on every row: every list leaves both out.
    ONE_BOARD_HIDDEN = "board"

    def sees_one_board(self) -> bool:
        user = self.request.user
        return bool(getattr(user, "school_board_id", None) or getattr(user, "school_id", None))

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        if self.sees_one_board():
            filterset.filters.pop(self.ONE_BOARD_HIDDEN, None)
        return filterset

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        if self.sees_one_board() and self.ONE_BOARD_HIDDEN in table.columns.columns:
            table.columns.hide(self.ONE_BOARD_HIDDEN)
        return table

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # How many filters the user chose (not a filter's default): the "Filters" button of a narrow screen says so.
        context["chosen_filters"] = sum(1 for name in self.filterset.filters if self.request.GET.get(name))
        helper = context.get("filter_helper")
        if helper is not None and helper.layout is not None and self.sees_one_board():
            _drop_from_layout(helper.layout, self.ONE_BOARD_HIDDEN)
        return context


def _drop_from_layout(layout, name: str) -> bool:
    """Take the field `name` out of a crispy layout (and a wrapper left empty by it); True when the layout is empty."""
    kept = []
    for item in layout.fields:
        if item == name:
            continue
        if hasattr(item, "fields") and _drop_from_layout(item, name):
            continue
        kept.append(item)
    emptied = bool(layout.fields) and not kept
    layout.fields[:] = kept
    return emptied


class ProtectedView(LoginRequiredMixin, PermissionRequiredMixin):
    """Anonymous users go to the login page; a role without the permission gets 403; an object outside the
    user's scope is a 404 (the views' querysets start from `visible_to`).

    For a user whose scope is a part of the register (a board user, a school director: no
    `schools.view_all_schools`) the page's object is looked up before the 403, also when the role lacks the page's
    permission altogether: another board's object, like one that does not exist, is a 404 on every route, so that
    the answer never tells whether it exists (ADR 2). Only an object in the user's own scope gets the 403."""

    def get_scope_object(self):
        """The object the URL names, looked up within the user's scope (Http404 outside it): the permission
        object, unless a page checks its permission without one and names its own (an arrangement, an indicator
        value)."""
        return self.get_permission_object()

    def handle_no_permission(self):
        user = self.request.user
        if user.is_authenticated and not user.has_perm("schools.view_all_schools"):
            self.get_scope_object()  # the lookup starts from `visible_to(user)`: Http404 outside the user's scope
        return super().handle_no_permission()


def add_service_error(form, error: ValidationError) -> None:
    """A service's ValidationError on the form: beside its field when the form has that field, else at the top
    (a service may name a field the page does not show, such as a fixed quarter)."""
    if hasattr(error, "error_dict"):
        # The errors themselves, not only their texts: a stale refusal among them carries the current version.
        for field, errors_of_field in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors_of_field)
    else:
        form.add_error(None, error)


def merge_service_error(form, error: ValidationError) -> None:
    """The service's messages that the form does not already give: a field that has an error of its own keeps
    it (the form's message is the more precise one), a message the form already shows is not repeated. Each
    message reaches the form as the service's error itself, not only its text: a refused stale save moves the
    form on to the record's current version here as well (`core.concurrency.StaleRecord`, ADR 14)."""
    shown = {str(message) for message in form.non_field_errors()}

    def add_new(errors: list[ValidationError]) -> None:
        for item in errors:
            message = item.messages[0]
            if message not in shown:
                form.add_error(None, item)
                shown.add(message)

    if hasattr(error, "error_dict"):
        for field, errors_of_field in error.error_dict.items():
            if field in form.fields and field not in form.errors:
                form.add_error(field, errors_of_field)
            elif field not in form.fields:
                add_new(errors_of_field)
    else:
        add_new(error.error_list)


def _empty_value(field):
    """What a field cleans an empty answer to: the value a service receives for a field that was left out."""
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return []
    if isinstance(field, forms.ModelChoiceField):
        return None
    if hasattr(field, "empty_value"):  # CharField, TypedChoiceField
        return field.empty_value
    if isinstance(field, forms.ChoiceField):
        return ""
    return None


class _TrialRun(Exception):
    """Rolls back the service's trial run on a form with errors."""


class ServiceFormMixin:
    """A form page whose valid form is handed to a service; the service's ValidationError lands on the form.

    All errors in one round: when the form has errors of its own, the service is tried as well, on what the form
    could clean (a field in error counts as left empty), in a transaction that is always rolled back, and its
    messages are added to the form's. A user who submits once sees every problem the form and the service find,
    not the form's first and the service's on the next submit. Nothing of the trial is kept: its database writes
    are rolled back and its `on_commit` callbacks dropped. A page that stores files opts out
    (`trial_run_service = False`; a posted file is never tried), since storage is not rolled back.
    """

    page_title = ""
    success_message = ""
    trial_run_service = True

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
            form.service_checked = True
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        if not getattr(form, "service_checked", False):
            form.service_checked = True
            self.check_service(form)
        return super().form_invalid(form)

    def check_service(self, form) -> None:
        """Try the service on a form with errors and add its messages (see the class docstring)."""
        if not self.trial_run_service or self.request.FILES:
            return
        for name, field in form.fields.items():
            form.cleaned_data.setdefault(name, _empty_value(field))
        try:
            with transaction.atomic():
                try:
                    self.call_service(form)
                except ValidationError as error:
                    merge_service_error(form, error)
                raise _TrialRun
        except _TrialRun:
            pass
        except Exception:
            # A service that cannot run on partial input adds nothing to the form's own errors.
            logger.debug("Trial run of the service on a form with errors failed", exc_info=True)

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
    # The decision chooses the service (approve or return): without one there is nothing to try, and the form checks
    # what a return needs (its comments) itself.
    trial_run_service = False
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
