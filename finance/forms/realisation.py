"""The forms of the spending pages: what was spent in a quarter per line of the approved budget, and a supporting
document. Amounts are typed the Dutch way; an empty amount counts as nothing spent."""

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.concurrency import VersionedForm
from kwaliteitsaanpak.core.forms import DocumentForm, DutchMoneyField, ServerValidatedForm

from ..constants import MONEY_DIGITS, Quarter


class QuarterField(forms.ChoiceField):
    """A calendar quarter chosen from a list ("2009-3"), cleaned to a `Quarter`. A well-formed quarter missing from
    the list is let through, so the service can say why it cannot be chosen (before the trajectory, not begun)."""

    default_error_messages = {
        "required": _("Choose the quarter."),
        "invalid_choice": _("Choose a quarter from the list."),
    }

    def __init__(self, *, quarters: list[Quarter], **kwargs):
        kwargs.setdefault("label", _("Quarter"))
        super().__init__(
            choices=[("", _("Choose the quarter")), *[(q.value, q.label.capitalize()) for q in quarters]],
            **kwargs,
        )

    def valid_value(self, value) -> bool:
        return Quarter.parse(value) is not None

    def clean(self, value) -> Quarter | None:
        value = super().clean(value)
        return Quarter.parse(value) if value else None


def line_name(line) -> str:
    """A budget line in words, for labels and the error summary: "Training 2026/2027, Training of teachers: Team
    training in direct instruction" (and the line's own description in brackets)."""
    measure = line.measure
    name = _("%(category)s %(year)s, %(kind)s: %(measure)s") % {
        "category": line.get_category_display(),
        "year": line.school_year_label,
        "kind": measure.get_kind_display(),
        "measure": Truncator(measure.description.strip().rstrip(".")).words(6),
    }
    if line.description:
        name = f"{name} ({line.description})"
    return name


class RealisationForm(VersionedForm, ServerValidatedForm):
    """What was spent in one quarter: for every line of the approved budget an amount from the municipality's share
    and one from the board's share. `quarters` lists the quarters to choose from; None when the quarter is fixed (a
    recorded quarter being changed, with the edit version that was read: `VersionedForm`, ADR 14)."""

    def __init__(self, *args, lines: list, quarters: list[Quarter] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        if quarters is not None:
            del self.fields["version"]  # a quarter not recorded yet: there is no version to carry
            self.fields["quarter"] = QuarterField(
                quarters=quarters,
                help_text=_("The quarters that have begun and whose spending has not been recorded yet."),
            )
            self.fields["quarter"].widget.attrs["class"] = "w-auto"
        for line in lines:
            name = line_name(line)
            self.fields[f"municipality_{line.pk}"] = self._amount(
                _("%(line)s – spent from the municipality's share") % {"line": name}
            )
            self.fields[f"board_{line.pk}"] = self._amount(
                _("%(line)s – spent from the school board's share") % {"line": name}
            )
        self.fields["note"] = forms.CharField(
            label=_("Explanation"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("For example what differs from the budget, and why."),
        )

    @staticmethod
    def _amount(label) -> DutchMoneyField:
        field = DutchMoneyField(label=label, max_digits=MONEY_DIGITS, required=False)
        field.widget.attrs.update({"class": "form-control text-end", "autocomplete": "off"})
        return field

    @classmethod
    def initial_for(cls, record, lines: list) -> dict:
        """The recorded amounts of a quarter on the lines of the approved budget (an entry follows its line through
        the budget's versions by lineage)."""
        entries = {entry.lineage: entry for entry in record.entries.all()}
        initial = {"version": record.version, "note": record.note}
        for line in lines:
            entry = entries.get(line.lineage)
            if entry is not None:
                initial[f"municipality_{line.pk}"] = entry.municipality_amount
                initial[f"board_{line.pk}"] = entry.board_amount
        return initial

    def rows(self) -> list[dict]:
        """Per budget line its two amount fields, marked invalid where they have an error (the page renders them in
        a table, not through crispy)."""
        rows = []
        for line in self.lines:
            fields = [self[f"municipality_{line.pk}"], self[f"board_{line.pk}"]]
            for field in fields:
                css = "form-control text-end"
                field.field.widget.attrs["class"] = f"{css} is-invalid" if field.errors else css
            rows.append({"line": line, "municipality": fields[0], "board": fields[1]})
        return rows

    def amounts(self) -> dict:
        """line id → (from the municipality's share, from the board's share), as the service takes them."""
        data = self.cleaned_data
        return {line.pk: (data[f"municipality_{line.pk}"], data[f"board_{line.pk}"]) for line in self.lines}


class RealisationDocumentForm(DocumentForm):
    description_hint = _("What the file shows, for example “Invoice of the team training, October”.")
    button = _("Add document")
