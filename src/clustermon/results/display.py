"""How grades, stars and labels are shown (the stored values are the core's English codes)."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

GRADE_NAMES = {
    "excellent": _("excellent"),
    "good": _("good"),
    "qualified": _("qualified"),
    "unqualified": _("unqualified"),
}
GRADE_ORDER = {code: i for i, code in enumerate(GRADE_NAMES)}

LABEL_NAMES = {
    "gold": _("gold label"),
    "silver": _("silver label"),
    "bronze": _("bronze label"),
    "none": "",
}
LABEL_ORDER = {code: i for i, code in enumerate(LABEL_NAMES)}


def grade_name(code: str) -> str:
    return str(GRADE_NAMES.get(code, code))


def label_name(code: str) -> str:
    return str(LABEL_NAMES.get(code, code))


def star_text(count: int) -> str:
    """★ repeated: 3 → "★★★"; nothing for 0."""
    return "★" * max(0, int(count or 0))


def language_key() -> str:
    """The key of a scheme's bilingual names ({zh: …, en: …}) for the active language."""
    return "zh" if (get_language() or "zh").startswith("zh") else "en"
