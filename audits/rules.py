"""Object permissions of the execution steps in this app. The object is the trajectory, except for the
inspection review's own view permission, whose object is the review."""

import rules

from improvement_plans.rules import can_see_trajectory
from kwaliteitsaanpak.permissions import has_model_perm

sees_all_inspection_reviews = has_model_perm("audits.view_all_inspection_reviews")


@rules.predicate
def sees_review_trajectory(user, review) -> bool:
    return review is not None and can_see_trajectory(user, review.trajectory)


for permission in (
    "audits.record_visit",
    "audits.manage_actions",
    "audits.work_on_audit",
    "audits.submit_audit",
    "audits.supply_interim_results",
    "audits.submit_interim_results",
):
    rules.add_perm(permission, has_model_perm(permission) & can_see_trajectory)

for permission in ("audits.decide_audit", "audits.judge_interim_results", "audits.record_arrangement"):
    rules.add_perm(permission, has_model_perm(permission))

rules.add_perm(
    "audits.view_inspectionreview",
    has_model_perm("audits.view_inspectionreview") & (sees_all_inspection_reviews | sees_review_trajectory),
)
rules.add_perm("audits.view_interim_results", has_model_perm("audits.view_interim_results"))
