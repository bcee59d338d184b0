"""Modules per area: visits, audits, inspection (import the module, e.g. `from audits.forms import visits`)."""
