"""The project's benchmark (`manage.py bench`, `make bench`): the national register in a scratch database, and the
pages timed beside the Django admin's lists. See `run` for the run and `pages` for what is measured."""
