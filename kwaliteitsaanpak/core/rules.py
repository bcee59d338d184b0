"""Object permissions of the kernel (`rules`): reading a record's change history (`core.history`) is for whoever
holds `core.view_history` (programme staff, `accounts/roles.py`), on every record they can open."""

import rules

from kwaliteitsaanpak.permissions import has_model_perm

rules.add_perm("core.view_history", has_model_perm("core.view_history"))
