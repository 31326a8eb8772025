#!/usr/bin/env python
"""Django's command-line utility for Lodestar."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from config.state_folders import ensure_state_folders

    # migrate, runserver and the other commands of the embedded setup open its SQLite file
    # and publish to its filesystem broker; the settings module creates nothing itself.
    ensure_state_folders()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
