"""Modules per area: visits, audits, inspection (import the module, e.g. `from audits.views import visits`)."""
