"""The audit report, built from a template with `kwaliteitsaanpak.core.pdf`: what it shows (its context, which tests
render to HTML without WeasyPrint), its template and its file name. An audit of six goals (two pages) renders in
0.5–0.8 s here, so the report is served directly from its view."""

from django.utils import timezone

from kwaliteitsaanpak.core.pdf import render_pdf

from .models import Audit
from .selectors.audits import audit_state_label, decision_effect

AUDIT_TEMPLATE = "audits/pdf/audit.html"


def audit_pdf_context(audit: Audit) -> dict:
    """Everything the audit report shows; `audit` comes from `selectors.audits.audit_with_everything`."""
    reviews = sorted(audit.reviews.all(), key=lambda review: (review.submitted_at, review.pk))
    return {
        "audit": audit,
        "trajectory": audit.trajectory,
        "school": audit.trajectory.school,
        "lines": list(enumerate(audit.goal_judgements.all(), start=1)),
        "state": audit_state_label(audit),
        "effect": decision_effect(audit),
        "reviews": reviews,
        "printed_at": timezone.localtime(),
    }


def audit_pdf(audit: Audit) -> bytes:
    """The audit report as PDF bytes."""
    return render_pdf(AUDIT_TEMPLATE, audit_pdf_context(audit))


def audit_pdf_filename(audit: Audit) -> str:
    """Which school and which audit: `audit-18WD00-jaar_1.pdf`."""
    return f"audit-{audit.trajectory.school.code}-{audit.kind}.pdf"
