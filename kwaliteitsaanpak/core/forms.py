"""Form building blocks shared by every app: Dutch dates and the crispy helper."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

DUTCH_DATE_FORMAT = "%d-%m-%Y"


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


class DutchDateField(forms.DateField):
    widget = DutchDateInput
    input_formats = [DUTCH_DATE_FORMAT, "%d-%m-%y", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Enter the date as dd-mm-yyyy, for example 31-01-2008.")}


def form_helper(submit_label: str) -> FormHelper:
    """A crispy helper for a one-purpose form with one submit button that says what it does."""
    helper = FormHelper()
    helper.form_tag = True
    helper.form_method = "post"
    helper.form_show_errors = True
    helper.add_input(Submit("submit", submit_label))
    return helper


class FilterFormHelper(FormHelper):
    """The helper of a filter panel: GET, one button, fields stacked."""

    form_method = "get"
    disable_csrf = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_input(Submit("", _("Filter"), css_class="btn-primary"))
