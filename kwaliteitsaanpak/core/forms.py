"""Form building blocks shared by every app: Dutch dates, Dutch numbers and amounts, and the crispy helper.

Numbers are typed the Dutch way ("533,5", "12.345,67") and become `Decimal`s, never floats.
"""

import calendar
import datetime
import re
from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .uploads import (
    DEFAULT_KINDS,
    DOCUMENT_MAX_SIZE,
    accept_attribute,
    kind_names,
    kinds_for,
    safe_original_name,
    validate_upload,
)
from .workflow import ReviewDecision

DUTCH_DATE_FORMAT = "%d-%m-%Y"

# Uploaded documents (analysis attachments, supporting documents of spending): which kinds, how large. The kinds
# and their checks live in `uploads`; the extensions are kept for whoever lists them.
DOCUMENT_EXTENSIONS = tuple(extension for kind in kinds_for(DEFAULT_KINDS) for extension in kind.extensions)


class ServerValidatedForm(forms.Form):
    """No browser validation: a missing answer is explained by the error summary and beside its field, in the
    same words as every other error, instead of by the browser's own bubble on one field at a time."""

    use_required_attribute = False


class CarriesVersion(forms.Form):
    """A form with a hidden edit version (`version`): when a service refuses it as stale, the form shown again with
    the refusal carries the record's current version (`core.concurrency.StaleRecord`, ADR 14), so that the user's
    next save, after reading what changed, is based on what they have now seen instead of being refused again.
    This holds for every way a refusal reaches the form: a save (`core.views.add_service_error`) and the trial run
    of a form with errors of its own (`core.views.merge_service_error`, ADR 12) both hand the form the refusal
    itself, not only its text."""

    def add_error(self, field, error):
        from .concurrency import current_version_of  # core.concurrency builds on this module

        current = current_version_of(error)
        if current is not None and self.is_bound:
            data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict (read-only) or a dict
            data[self.add_prefix("version")] = str(current)
            self.data = data
        super().add_error(field, error)


class ServiceForm(ServerValidatedForm):
    """A form that adds or changes one object through a service. Its fields are named after the object's attributes
    and the service's arguments: `initial_for` reads the `object_fields` of the object being changed, and
    `service_arguments` hands every cleaned value to the service. A form extends either where a value needs
    converting (a foreign key's id, related records)."""

    object_fields: tuple[str, ...] = ()

    @classmethod
    def initial_for(cls, obj) -> dict:
        return {name: getattr(obj, name) for name in cls.object_fields}

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)


class SubmitForm(CarriesVersion, ServerValidatedForm):
    """Submitting a record to the expert group: it carries only the version the user looked at, so that submitting
    a record changed meanwhile is refused. `button` says what is submitted."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    button = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(self.button)


class ReviewForm(ServerValidatedForm):
    """The expert group's decision on a submitted record (approve, or return with comments) and its comments,
    cleaned of surrounding white space. A subclass says what is decided on: `decision_required`, the message when
    no decision is chosen, and `comments_help`; and where they differ, `comments_label` and `comments_rows`."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ReviewDecision.APPROVED.value, _("Approve")),
            (ReviewDecision.RETURNED.value, _("Return with comments")),
        ],
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(label=_("Comments"), required=False, widget=forms.Textarea)
    decision_required = ""
    comments_help = ""
    comments_label = None
    comments_rows = 5
    button = _("Record decision")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].error_messages["required"] = self.decision_required
        comments = self.fields["comments"]
        comments.help_text = self.comments_help
        comments.label = self.comments_label or comments.label
        comments.widget.attrs["rows"] = self.comments_rows
        self.helper = form_helper(self.button)

    def clean(self):
        cleaned_data = super().clean()
        cleaned_data["comments"] = cleaned_data.get("comments", "").strip()
        return cleaned_data


def textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def radio_choice_field(label, choices, required: str) -> forms.ChoiceField:
    """A choice that must be made, shown as radio buttons; `required` says what to choose when none is chosen."""
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages={"required": required}
    )


class RemoveConfirmForm(ServerValidatedForm):
    """Nothing to fill in: the red button (`button` says what it removes) confirms."""

    def __init__(self, *args, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(button)
        self.helper.inputs[0].field_classes = "btn btn-danger"


def _document_hint_text(kinds: tuple[str, ...] = DEFAULT_KINDS, max_size: int | None = None) -> str:
    max_size = max_size or DOCUMENT_MAX_SIZE
    if tuple(kinds) == DEFAULT_KINDS:
        return gettext("A PDF, Word, Excel, OpenDocument, CSV, PNG or JPG file of at most %(size)s.") % {
            "size": filesizeformat(max_size)
        }
    return gettext("A file of one of these kinds: %(kinds)s; at most %(size)s.") % {
        "kinds": kind_names(kinds),
        "size": filesizeformat(max_size),
    }


_document_hint = lazy(_document_hint_text, str)


class DocumentField(forms.FileField):
    """An uploaded document of one of `kinds` (keys of `uploads.KINDS`; by default PDF, office, CSV or image) and at
    most `max_size` bytes (default DOCUMENT_MAX_SIZE), recognised by its content (`kwaliteitsaanpak.core.uploads`):
    a file whose content is not what its extension says is refused. The cleaned file's `name` is its base name only
    (`safe_original_name`)."""

    default_error_messages = {
        "required": _("Choose a file to add."),
        "empty": _("The file is empty."),
    }

    def __init__(self, *args, kinds: tuple[str, ...] = DEFAULT_KINDS, max_size: int | None = None, **kwargs):
        self.kinds = tuple(kinds)
        self.max_size = max_size
        # Lazy: form fields are built when their form class is defined, before any request picks a language.
        kwargs.setdefault("help_text", _document_hint(self.kinds, max_size))
        super().__init__(*args, **kwargs)
        self.widget.attrs["accept"] = accept_attribute(self.kinds)

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if not file or file is initial:  # nothing new uploaded
            return file
        # Without a size of its own, the module's DOCUMENT_MAX_SIZE at the moment of the upload (tests lower it).
        validate_upload(file, self.kinds, max_size=self.max_size or DOCUMENT_MAX_SIZE)
        file.name = safe_original_name(file.name)
        return file


class DocumentForm(ServerValidatedForm):
    """Adding a document with a short description; `description_hint` gives an example, `button` names the
    document."""

    file = DocumentField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    description_hint = ""
    button = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].help_text = self.description_hint
        self.helper = form_helper(self.button)
        self.helper.attrs["enctype"] = "multipart/form-data"


class DutchDateInput(forms.DateInput):
    """A text input for dates written the Dutch way: dd-mm-jjjj."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "placeholder": _("dd-mm-yyyy"),
                "inputmode": "numeric",
                "autocomplete": "off",
                **(attrs or {}),
            },
            format=DUTCH_DATE_FORMAT,
        )


# A date written day-month-year the way the field reads it, whether or not that day exists.
DUTCH_DATE_SHAPE = re.compile(r"^\s*(\d{1,2})-(\d{1,2})-(\d{4}|\d{2})\s*$")


def nonexistent_date_message(value: str) -> str | None:
    """Why a date written as dd-mm-jjjj does not exist ("31-02-2026": February 2026 has 28 days), or None when it
    is not written that way or does exist."""
    match = DUTCH_DATE_SHAPE.match(str(value))
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    if len(match.group(3)) == 2:
        year += 2000
    if not 1 <= month <= 12:
        return gettext("%(value)s does not exist: a year has 12 months. Enter the date as dd-mm-yyyy.") % {
            "value": value.strip()
        }
    days = calendar.monthrange(year, month)[1]
    if 1 <= day <= days:
        return None
    return gettext("%(value)s does not exist: %(month)s %(year)s has %(days)s days.") % {
        "value": value.strip(),
        "month": date_format(datetime.date(year, month, 1), "F"),
        "year": year,
        "days": days,
    }


class DutchDateField(forms.DateField):
    widget = DutchDateInput
    input_formats = [DUTCH_DATE_FORMAT, "%d-%m-%y", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Enter the date as dd-mm-yyyy, for example 31-01-2008.")}

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            # A day that is not in the calendar (31-02-2026) is told as such, not as a wrongly written date.
            message = nonexistent_date_message(value) if isinstance(value, str) else None
            if message:
                raise forms.ValidationError(message, code="nonexistent") from None
            raise


def form_helper(submit_label: str) -> FormHelper:
    """A crispy helper for a one-purpose form with one submit button that says what it does."""
    helper = FormHelper()
    helper.form_tag = True
    helper.form_method = "post"
    helper.form_show_errors = True
    # Our validation, not the browser's: its bubbles speak the browser's language and come before the error summary.
    helper.attrs = {"novalidate": ""}
    helper.add_input(Submit("submit", submit_label))
    return helper


class FilterFormHelper(FormHelper):
    """The helper of a filter panel: GET, one button, fields stacked."""

    form_method = "get"
    disable_csrf = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.attrs = {"novalidate": ""}
        self.add_input(Submit("", _("Filter"), css_class="btn-primary"))


# "12.345,67" (dots group thousands) or "12345,67"; a dot followed by other than three digits reads as a decimal
# point ("533.5"), as people copy numbers from English-language sources.
GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
PLAIN = re.compile(r"^-?\d+([,.]\d+)?$")


def parse_dutch_decimal(value: str) -> Decimal | None:
    """The number a person wrote the Dutch way, or None when it is not one."""
    value = value.strip().removeprefix("€").strip().replace(" ", "").replace("\u00a0", "")
    if GROUPED.match(value):
        value = value.replace(".", "").replace(",", ".")
    elif PLAIN.match(value) and not re.match(r"^-?\d+\.\d{3}$", value):
        value = value.replace(",", ".")
    else:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def format_dutch_decimal(value, *, places: int | None = None) -> str:
    """A Decimal as the form shows it again: "533,5", "12.345,67" (money: two decimals)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        return str(value)
    text = f"{value:,.{places}f}" if places is not None else f"{value.normalize():,f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


class DutchDecimalField(forms.DecimalField):
    """A number with a decimal comma. What the user typed is shown again as typed."""

    widget = forms.TextInput
    places_shown = None
    default_error_messages = {
        "invalid": _("Enter a number, for example 533,5."),
        "max_decimal_places": _("Enter at most %(max)s digit(s) after the comma."),
        "max_digits": _("This number is too long."),
        "max_whole_digits": _("This number is too large."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.pop("step", None)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        number = parse_dutch_decimal(str(value))
        if number is None or not number.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_dutch_decimal(value, places=self.places_shown)
        return value

    def widget_attrs(self, widget):
        # Not a number input: the browser would refuse the comma.
        return {}


class DutchMoneyField(DutchDecimalField):
    """An amount in euros: "12.345,67", "12345,67" or "12345"; never negative, at most two decimals (cents)."""

    places_shown = 2
    default_error_messages = {
        "invalid": _("Enter an amount in euros, for example 12.345,67."),
        "max_decimal_places": _("Enter an amount in euros and cents: at most two digits after the comma."),
        "max_digits": _("This amount is too large."),
        "max_whole_digits": _("This amount is too large."),
        "min_value": _("The amount cannot be negative."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(*args, **kwargs)
