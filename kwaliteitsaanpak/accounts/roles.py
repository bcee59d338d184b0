"""The programme's roles.

A role is a Django group; what a role may do is the set of permissions of its group (data, created by the
migration `0002_create_role_groups` and its successors). Code checks permissions, never these names; the names are
used only to put users into groups (demo data, factories) and to show a user's role.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROGRAMME_STAFF = "Programmastaf (DMO)", _("Programme staff (DMO)")
    EDUCATION_EXPERT = "Onderwijsexpert", _("Education expert")
    FINANCIAL_EXPERT = "Financieel expert", _("Financial expert")
    EXPERT_GROUP = "Expertgroep", _("Expert group")
    SCHOOL_BOARD = "Schoolbestuur", _("School board")
    INSPECTION = "Inspectie", _("Inspection")
    MUNICIPALITY = "Gemeente (monitor)", _("Municipality (monitor)")
