"""Template filters of the improvement plan pages and document.

Amounts need no filter of their own: with LANGUAGE_CODE "nl" and USE_THOUSAND_SEPARATOR, `floatformat:"2g"` already
writes "12.345,67" (write "€ {{ amount|floatformat:"2g" }}").
"""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def phase_tag(trajectory) -> str:
    """The trajectory's phase as a coloured tag, as in the trajectory list (`improvement_plans.tables.phase_tag`)."""
    from improvement_plans.tables import phase_tag as tag

    return tag(trajectory)


@register.filter
def plain_number(value, places: int = 2) -> str:
    """A measured value as a reader writes it, in the active language: 55,5 and 75 (not 55,50 and 75,00), with at
    most `places` decimals."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    exponent = value.normalize().as_tuple().exponent
    decimals = min(max(0, -exponent), int(places)) if isinstance(exponent, int) else 0
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.simple_tag(takes_context=True)
def goal_comment(context, goal):
    """The expert group's comment on `goal` in the return that the page shows at the goals (`returned_review` in
    the context; None without one). Uses the goal's prefetched comments (`selectors.plan_with_everything`)."""
    review = context.get("returned_review")
    if review is None:
        return None
    return next((comment for comment in goal.comments.all() if comment.review_id == review.pk), None)
