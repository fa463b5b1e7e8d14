#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innobelt.settings")
    os.environ.setdefault("INNOBELT_EMBEDDED", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
