"""`{% filter_form form helper %}`: a list page's filter form, written in Python.

The filter panel (templates/includes/filter_panel.html) used `{% crispy filter.form filter_helper %}`, which renders
a dozen templates per field (wrapper, label, help text, errors) and one per option of a select, a quarter of every list
page (ADR 18). The filter forms are simple: GET, one submit button, fields stacked or in `Div`s with grid classes.
This tag writes the same markup as crispy-bootstrap5 does for them (the same classes, ids, labels, help texts,
errors, `novalidate`, the helper's `form_id`), and the plain widgets (inputs, selects) as Django's own widget
templates write them, from the widget's own context (its attributes, value and options). A helper with a layout
object other than `Div` and field names, or another widget, is handed to crispy or Django as before.
tests/kwaliteitsaanpak/test_filter_form.py compares the two on every list page's filters, with and without errors.
"""

from __future__ import annotations

from crispy_forms.layout import Div, Layout
from crispy_forms.utils import render_crispy_form
from django import forms, template
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

register = template.Library()

# crispy-bootstrap5's classes per kind of widget (crispy adds the widget's class name in lower case as well).
SELECTS = (forms.Select,)
CHECKBOXES = (forms.CheckboxInput,)
UNSUPPORTED = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.FileInput, forms.MultiWidget)
# Django's widget templates that `_widget_html` writes in Python: every one an `<input>` (input.html) but the select.
INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "email", "url", "search", "hidden", "date", "checkbox", "time")
}
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _read_in_one_query(choices: ModelChoiceIterator) -> None:
    """A model choice field's options read with one query. Django's `ModelChoiceIterator` reads them with a
    server-side cursor (`queryset.iterator()`: DECLARE, FETCH, CLOSE, three round trips to PostgreSQL), which pays
    for itself only for long lists, and a filter's list is short. The iterator (django-filter's too) stays the same;
    only its queryset's `iterator()` reads the queryset as a list."""
    if choices.queryset._prefetch_related_lookups:  # type: ignore[attr-defined]
        return  # Django's iterator then reads the queryset itself
    queryset = choices.queryset.all()
    queryset.iterator = lambda *args, **kwargs: iter(queryset)  # type: ignore[method-assign]
    choices.queryset = queryset


def _attrs_html(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _widget_html(bound) -> str:
    """The widget of `bound` as `str(bound)` writes it (BoundField.as_widget and the widget's template), for an
    input or a select rendered with Django's own templates; any other widget by Django itself."""
    widget = bound.field.widget
    template_name = widget.template_name
    python = type(bound.form.renderer) is DjangoTemplates and not bound.field.show_hidden_initial
    is_select = (
        template_name == SELECT_TEMPLATE and getattr(widget, "option_template_name", "") == OPTION_TEMPLATE
    )
    if not python or not (template_name in INPUT_TEMPLATES or is_select):
        return str(bound)
    if bound.field.localize:
        widget.is_localized = True
    if isinstance(getattr(widget, "choices", None), ModelChoiceIterator):
        _read_in_one_query(widget.choices)
    attrs = bound.build_widget_attrs({}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    name = conditional_escape(context["name"])
    if not is_select:
        value = context["value"]
        value_html = "" if value is None else f' value="{conditional_escape(value)}"'
        return f'<input type="{conditional_escape(context["type"])}" name="{name}"{value_html}{_attrs_html(context["attrs"])}>'
    parts = [f'<select name="{name}"{_attrs_html(context["attrs"])}>']
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return str(bound)
            parts.append(
                f'\n  <option value="{conditional_escape(option["value"])}"{_attrs_html(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _supported(helper, form) -> bool:
    layout = helper.layout
    if layout is not None and not _plain(layout):
        return False
    if helper.form_method.lower() != "get" or not (helper.form_tag and helper.form_show_labels):
        return False
    if not (helper.form_show_errors and helper.error_text_inline) or helper.field_template:
        return False
    if helper.label_class or helper.field_class or helper.form_group_wrapper_class:
        return False
    if helper.render_unmentioned_fields or helper.render_hidden_fields or helper.render_required_fields:
        return False
    return not any(isinstance(field.widget, UNSUPPORTED) for field in form.fields.values())


def _plain(item) -> bool:
    """Only `Layout`s and `Div`s of field names, as the filter helpers build them."""
    if isinstance(item, str):
        return True
    if type(item) in (Layout, Div):
        return all(_plain(child) for child in item.fields)
    return False


def _field_html(bound) -> str:
    """As crispy-bootstrap5's field.html (with its help_text_and_errors.html) for one field."""
    if bound.is_hidden:
        return _widget_html(bound)
    widget = bound.field.widget
    checkbox = isinstance(widget, CHECKBOXES)
    if isinstance(widget, SELECTS):
        extra = "form-select"
    elif checkbox:
        extra = "form-check-input"
    else:
        extra = "form-control"
    if bound.errors:
        extra += " is-invalid"
    # crispy's `crispy_field`: the widget's class name (lower case), then the Bootstrap classes, into its attrs.
    class_name = type(widget).__name__.lower()
    css_class = widget.attrs.get("class", "")
    if css_class:
        if css_class.find(class_name) == -1:
            css_class += f" {class_name}"
    else:
        css_class = class_name
    for name in extra.split():
        if name not in css_class.split():
            css_class += f" {name}"
    widget.attrs["class"] = css_class
    widget_html = _widget_html(bound)

    help_and_errors = ""
    if bound.errors:
        help_and_errors += format_html('<div id="{}_error" class="invalid-feedback">', bound.errors.field_id)
        help_and_errors += "".join(
            format_html('<span id="error_{}_{}"><strong>{}</strong></span>', number, bound.auto_id, error)
            for number, error in enumerate(bound.errors, start=1)
        )
        help_and_errors += "</div>"
    if bound.help_text:
        help_id = format_html('id="{}_helptext" ', bound.auto_id) if bound.auto_id else ""
        help_and_errors += f'<div {help_id}class="form-text">{bound.help_text}</div>'

    required = " requiredField" if bound.field.required else ""
    asterisk = '<span class="asteriskField">*</span>' if bound.field.required else ""
    label = conditional_escape(bound.label)
    css_classes = bound.css_classes()
    if checkbox:
        wrapper_class = "form-check" + (f" {css_classes}" if css_classes else "")
        return (
            f'<div class="mb-3"><div id="div_{bound.auto_id}" class="{wrapper_class}">{widget_html}'
            f'<label for="{escape(bound.id_for_label)}" class="form-check-label{required}">{label}{asterisk}</label>'
            f"{help_and_errors}</div></div>"
        )
    wrapper_class = "mb-3" + (f" {css_classes}" if css_classes else "")
    label_html = ""
    if bound.label:
        label_for = format_html('for="{}" ', bound.id_for_label) if bound.id_for_label else ""
        label_html = f'<label {label_for}class="form-label{required}">{label}{asterisk}</label>'
    return f'<div id="div_{bound.auto_id}" class="{wrapper_class}">{label_html}{widget_html}{help_and_errors}</div>'


def _layout_html(item, form) -> str:
    if isinstance(item, str):
        return _field_html(form[item]) if item in form.fields else ""
    inner = "".join(_layout_html(child, form) for child in item.fields)
    if isinstance(item, Layout):
        return inner
    css_id = format_html(' id="{}"', item.css_id) if item.css_id else ""
    css_class = format_html(' class="{}"', item.css_class) if item.css_class else ""
    return f"<div{css_id}{css_class}{item.flat_attrs}>{inner}</div>"


def _input_html(button) -> str:
    name = slugify(button.name) if len(button.name.split()) > 1 else button.name
    if button.input_type == "hidden":
        return format_html(
            '<input type="hidden" name="{}" value="{}" {}/>', name, button.value, button.flat_attrs
        )
    return format_html(
        '<input type="{}" name="{}" value="{}" class="{}" id="{}" {}/>',
        button.input_type,
        name,
        button.value,
        button.field_classes,
        button.id,
        button.flat_attrs,
    )


@register.simple_tag(takes_context=True)
def filter_form(context, form, helper) -> SafeString:
    """The filter `form` as `{% crispy form helper %}` would write it for a `FilterFormHelper`."""
    if not _supported(helper, form):
        return render_crispy_form(form, helper, context)
    attrs = {**helper.attrs}
    if helper.form_id:
        attrs["id"] = helper.form_id
    if helper.form_class:
        attrs["class"] = helper.form_class
    if helper.form_action:
        attrs["action"] = helper.form_action
    parts = [f'<form{flatatt(attrs)} method="{escape(helper.form_method)}">']
    if helper.include_media and (media := str(form.media)):
        parts.append(media)
    if helper.layout is None:
        parts.extend(_field_html(bound) for bound in form)
    else:
        parts.append(_layout_html(helper.layout, form))
    if helper.inputs:
        parts.append('<div class="mb-3"><div class="">')
        parts.extend(_input_html(button) for button in helper.inputs)
        parts.append("</div></div>")
    parts.append("</form>")
    return mark_safe("".join(parts))  # noqa: S308 — every part is escaped or already safe HTML above
