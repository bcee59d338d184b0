"""`{% load workflow_tags %}`, for records with a `core.workflow.SubmissionStatus` status (an analysis, a plan
version, a budget): `{% status_tag record %}` writes the status as a tag with its word, in the colour of that status;
`{% version_note version newest_number %}` says, in the list of a record's versions, what one version is;
`{% sentences a b c as text %}` puts the sentences of a status alert (`includes/submission_alert.html`) together."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from ..workflow import SubmissionStatus

register = template.Library()

# Draft and superseded are grey: nobody waits on them.
STATUS_COLOURS = {
    SubmissionStatus.SUBMITTED: "blue",
    SubmissionStatus.RETURNED: "orange",
    SubmissionStatus.APPROVED: "green",
}


def render_status_tag(record, testid: str = "") -> str:
    """The tag for `record.status` (with its display as the word), with `data-testid` when `testid` is given."""
    testid_attr = format_html(' data-testid="{}"', testid) if testid else ""
    return format_html(
        '<span class="tag tag-{}"{}>{}</span>',
        STATUS_COLOURS.get(record.status, "grey"),
        testid_attr,
        record.get_status_display(),
    )


@register.simple_tag
def status_tag(record, testid: str = "") -> str:
    return render_status_tag(record, testid)


@register.simple_tag
def version_note(version, newest_number: int, brief: bool = False) -> str:
    """Whether `version` is the newest, and its status. `brief` (the plan) names only an approved or superseded
    status, and of the newest version only that it is the newest."""
    words = [gettext("newest")] if version.number == newest_number else []
    if brief and version.status == SubmissionStatus.APPROVED:
        words.append(gettext("approved"))
    elif brief and version.status == SubmissionStatus.SUPERSEDED:
        words.append(gettext("replaced"))
    elif not brief or version.number != newest_number:
        words.append(version.get_status_display().lower())
    return ", ".join(words)


@register.simple_tag
def sentences(*parts) -> str:
    """The non-empty `parts` as one text, a space between them: for an alert whose sentences depend on the record
    (`{% if … %}{% blocktranslate … asvar waived %}…`). A part is escaped unless it is safe already, as the output of
    `translate … as` and `blocktranslate … asvar` is."""
    return format_html_join(" ", "{}", ((part,) for part in parts if part))
