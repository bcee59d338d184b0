"""What the municipality grants on an approved budget (the grant decision) and what the board spent per quarter,
with the supporting documents."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from improvement_plans.constants import Phase
from improvement_plans.models import Trajectory
from improvement_plans.services.trajectory import (
    check_past_date,
    lock_trajectory,
    long_date,
    record_event,
    require_phase,
)
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.core.money import format_money
from kwaliteitsaanpak.core.uploads import safe_original_name
from kwaliteitsaanpak.core.workflow import SubmissionStatus, bump_version
from kwaliteitsaanpak.permissions import require_permission

from ..constants import BudgetEventKind, Quarter
from ..models import Budget, GrantDecision, RealisationDocument, RealisationEntry, RealisationQuarter
from ..selectors import municipality_share
from .checks import check_quarter, money_errors

SPENDING_PHASES = (Phase.EXECUTION, Phase.SUSTAINING)

# The grant decision (beschikking)


@transaction.atomic
def grant_decision_save(
    *, user: User, budget: Budget, date: datetime.date | None, reference: str, amount: Decimal | None
) -> GrantDecision:
    """Record (or correct) the municipality's grant decision on an approved budget: dated on or after the
    approval, with a reference of its own, for at most the approved municipal share."""
    require_permission(user, "finance.record_grant_decision", budget.trajectory)
    trajectory = lock_trajectory(budget.trajectory)
    budget = Budget.objects.get(pk=budget.pk)
    if budget.status != SubmissionStatus.APPROVED:
        raise ValidationError(_("A grant decision is recorded for the approved budget only."))
    errors: dict[str, str | list[str]] = {}
    reference = reference.strip()
    if not reference:
        errors["reference"] = _("Enter the reference of the grant decision.")
    elif GrantDecision.objects.filter(reference__iexact=reference).exclude(budget=budget).exists():
        errors["reference"] = _("Another grant decision already has the reference %(reference)s.") % {
            "reference": reference
        }
    errors.update(money_errors({"amount": amount}, {"amount": _("Enter the granted amount.")}))
    share = municipality_share(budget)
    if "amount" not in errors and amount == 0:
        errors["amount"] = _("Enter an amount above zero.")
    elif amount is not None and "amount" not in errors and amount > share:
        errors["amount"] = _("The grant may not exceed the approved municipal share of %(share)s.") % {
            "share": format_money(share)
        }
    if date is None:
        errors["date"] = _("Enter the date of the grant decision.")
    else:
        approved_on = timezone.localdate(budget.approved_at)
        try:
            check_past_date(
                date,
                field="date",
                not_before=approved_on,
                before_message=_(
                    "The grant decision follows the approval of the budget on %(date)s: choose that day or later."
                )
                % {"date": long_date(approved_on)},
            )
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors or date is None or amount is None:  # a missing value always has its error
        raise ValidationError(errors)
    decision = GrantDecision.objects.filter(budget=budget).first() or GrantDecision(budget=budget)
    decision.date, decision.reference, decision.amount = date, reference, amount
    decision.recorded_by, decision.recorded_at = user, timezone.now()
    decision.save()
    record_event(
        trajectory,
        BudgetEventKind.GRANT_DECISION,
        user,
        _("%(reference)s of %(date)s: %(amount)s")
        % {"reference": reference, "date": long_date(date), "amount": format_money(amount)},
    )
    return decision


# What was spent per quarter


@transaction.atomic
def realisation_save(
    *,
    user: User,
    trajectory: Trajectory,
    quarter: Quarter | None,
    amounts: Mapping[int, tuple[Decimal | None, Decimal | None]],
    note: str = "",
    expected_version: int | None = None,
) -> RealisationQuarter:
    """Record what was spent in a quarter, per line of the approved budget (line id → (from the municipality's
    share, from the board's share)); saving a recorded quarter again corrects it (pass the version that was
    read). A line left at zero has no spending in that quarter."""
    require_permission(user, "finance.record_realisation", trajectory)
    trajectory = lock_trajectory(trajectory)
    require_phase(trajectory, *SPENDING_PHASES)
    budget = Budget.objects.filter(trajectory=trajectory, status=SubmissionStatus.APPROVED).first()
    if budget is None:
        raise ValidationError(
            _(
                "Spending is recorded against the approved budget, and this trajectory has no approved budget yet."
            )
        )
    quarter = check_quarter(trajectory, quarter)
    lines = {line.pk: line for line in budget.lines.all()}
    if any(line_id not in lines for line_id in amounts):
        raise ValidationError(_("An amount belongs to a line of another budget. Open the quarter again."))
    for municipality, board in amounts.values():
        errors = money_errors({"municipality": municipality or Decimal(0), "board": board or Decimal(0)}, {})
        if errors:
            raise ValidationError(next(iter(errors.values())))
    record = RealisationQuarter.objects.filter(
        trajectory=trajectory, year=quarter.year, quarter=quarter.number
    ).first()
    if record is None:
        record = RealisationQuarter(
            trajectory=trajectory, year=quarter.year, quarter=quarter.number, recorded_by=user
        )
    elif expected_version is None:
        raise ValidationError(
            {
                "quarter": _("The spending of %(quarter)s has already been recorded; change it there.")
                % {"quarter": quarter}
            }
        )
    else:
        bump_version(record, expected_version)
    record.note = note.strip()
    record.save()
    entries = {entry.lineage: entry for entry in record.entries.all()}
    for line_id, (municipality, board) in amounts.items():
        line = lines[line_id]
        municipality, board = municipality or Decimal(0), board or Decimal(0)
        entry = entries.get(line.lineage)
        if not municipality and not board:
            if entry is not None:
                entry.delete()
            continue
        entry = entry or RealisationEntry(realisation=record, lineage=line.lineage)
        entry.line, entry.municipality_amount, entry.board_amount = line, municipality, board
        entry.save()
    spent = sum((entry.amount for entry in record.entries.all()), Decimal(0))
    record_event(
        trajectory,
        BudgetEventKind.REALISATION,
        user,
        _("%(quarter)s: %(amount)s spent")
        % {"quarter": quarter.label.capitalize(), "amount": format_money(spent)},
    )
    return record


@transaction.atomic
def realisation_document_add(
    *, user: User, realisation: RealisationQuarter, file, description: str = ""
) -> RealisationDocument:
    """Add a supporting document (an invoice, a statement) to a recorded quarter."""
    require_permission(user, "finance.record_realisation", realisation.trajectory)
    trajectory = lock_trajectory(realisation.trajectory)
    require_phase(trajectory, *SPENDING_PHASES)
    document = RealisationDocument(
        realisation=realisation,
        original_filename=safe_original_name(file.name),
        description=description.strip(),
        uploaded_by=user,
    )
    document.file.save(file.name, file, save=False)
    document.save()
    return document


@transaction.atomic
def realisation_document_remove(*, user: User, document: RealisationDocument) -> None:
    """Remove a supporting document added by mistake (a wrong file, one holding pupil data) while its quarter can
    still be corrected (the trajectory carries out its plan); only the person who added it may. The stored file
    is deleted with it, and the removal is on the trajectory's timeline. Once the trajectory has ended, the
    quarter's documents stay."""
    require_permission(user, "finance.record_realisation", document.realisation.trajectory)
    trajectory = lock_trajectory(document.realisation.trajectory)
    if trajectory.phase not in SPENDING_PHASES:
        raise ValidationError(
            _(
                "The spending of this trajectory can no longer be changed (phase “%(phase)s”): its documents "
                "stay as they are."
            )
            % {"phase": trajectory.get_phase_display()}
        )
    found = (
        RealisationDocument.objects.select_related("realisation")
        .filter(pk=document.pk, realisation__trajectory=trajectory)
        .first()
    )
    if found is None:
        raise ValidationError(_("This document has already been removed."))
    document = found
    if document.uploaded_by_id != user.pk:
        raise ValidationError(_("Only the person who added this document can remove it."))
    stored = document.file
    period = document.realisation.period
    name = document.original_filename
    document.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
    record_event(
        trajectory,
        BudgetEventKind.REALISATION_DOCUMENT_REMOVED,
        user,
        _("%(quarter)s: %(file)s") % {"quarter": period.label.capitalize(), "file": name},
    )
