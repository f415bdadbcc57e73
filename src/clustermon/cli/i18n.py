"""The command line speaks the user's language: Chinese unless the locale asks for English."""

from __future__ import annotations

import os


def user_language() -> str:
    """`zh-hans` by default; `en` when CLUSTERMON_LANG, LC_ALL, LC_MESSAGES or LANG says English."""
    for var in ("CLUSTERMON_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "zh-hans"
    return "zh-hans"


def activate_user_language() -> None:
    """Set up Django's translation machinery (settings only, no database) for the CLI."""
    import django
    from django.utils import translation

    django.setup()
    translation.activate(user_language())
