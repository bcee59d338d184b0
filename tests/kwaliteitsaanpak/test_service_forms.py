"""A form page hands its valid form to a service; whatever the service refuses lands on the form, in Dutch."""

from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.views.generic import FormView

from kwaliteitsaanpak.core.views import ServiceFormMixin


class NoteForm(forms.Form):
    note = forms.CharField()


def page_refused_with(error: ValidationError):
    class Page(ServiceFormMixin, FormView):
        form_class = NoteForm
        template_name = "includes/form_page.html"

        def call_service(self, form):
            raise error

    request = RequestFactory().post("/", {"note": "Tekst"})
    request.user = None
    return Page.as_view()(request).context_data["form"]


def test_a_refusal_on_a_field_of_the_form_stands_beside_that_field():
    form = page_refused_with(ValidationError({"note": "Schrijf een langere toelichting."}))
    assert form.errors == {"note": ["Schrijf een langere toelichting."]}


def test_a_refusal_on_a_field_the_page_does_not_show_stands_at_the_top():
    """A changed quarter's page has no quarter field, yet the service may refuse the quarter: no crash, a message."""
    form = page_refused_with(ValidationError({"quarter": "Het 1e kwartaal 2030 is nog niet begonnen."}))
    assert form.non_field_errors() == ["Het 1e kwartaal 2030 is nog niet begonnen."]


def test_a_refusal_without_a_field_stands_at_the_top():
    form = page_refused_with(ValidationError("U mag dit niet doen."))
    assert form.non_field_errors() == ["U mag dit niet doen."]
