#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kwaliteitsaanpak.settings")
    # manage.py is the developer's tool: without DEBUG in the environment it runs in debug mode. Deployments set
    # DEBUG=0 explicitly (docker-compose.yml), and gunicorn and Celery start from wsgi.py and celery.py, which keep
    # the production default (DEBUG off, SECRET_KEY required).
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
