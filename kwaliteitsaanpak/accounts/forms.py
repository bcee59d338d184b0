"""The forms of the user's own pages: the code of two-step verification."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.forms import ServerValidatedForm, form_helper


class SecondFactorCodeForm(ServerValidatedForm):
    """The 6-digit code from the authenticator app; spaces and dashes typed in it are ignored."""

    code = forms.CharField(
        label=_("6-digit code"),
        help_text=_("The code that your authenticator app shows now for Kwaliteitsaanpak."),
        max_length=20,
        error_messages={"required": _("Enter the 6-digit code from your app.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "class": "max-w-8rem"}
        ),
    )

    def __init__(self, *args, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(button)

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Enter the code as 6 digits, for example 123456."))
        return code
