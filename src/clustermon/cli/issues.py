"""The scoring core's framework issues in the user's language, as `FILE: PATH: message` lines.

The core (no Django) gives each `Issue` a stable `code` and the message's fields in `args`; the
wording here is the CLI's, translatable, keyed by that code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from clustermon.scoring import FrameworkError, Issue


def N_(message: str) -> str:
    """Marks a message for translation without translating it yet (settings are not loaded)."""
    return message


# The core's issue codes with the CLI's translatable wording (the fields are the core's
# `Issue.args`). Codes not listed here (free-form details) print the core's English message.
ISSUE_MESSAGES = {
    "file_not_found": N_("file not found: %(target)s"),
    "yaml_error": N_("not valid YAML: %(error)s"),
    "not_a_mapping": N_("must be a mapping (key: value), got %(got)s"),
    "not_a_list": N_("must be a list, got %(got)s"),
    "empty_list": N_("must not be empty"),
    "missing_field": N_("“%(field)s” is required"),
    "unknown_key": N_("unknown key “%(key)s”; allowed: %(allowed)s"),
    "bad_code": N_("code “%(value)s” may only hold letters, digits, “.”, “_” and “-”"),
    "duplicate_code": N_("duplicate code “%(value)s”, first used at %(first)s"),
    "bad_text": N_("must be a mapping of languages to text, e.g. {zh: 名称, en: Name}"),
    "bad_number": N_("must be a number, got “%(value)s”"),
    "negative_number": N_("must not be negative, got %(value)s"),
    "not_positive": N_("must be greater than 0, got %(value)s"),
    "bad_bool": N_("must be true or false, got “%(value)s”"),
    "bad_choice": N_("must be one of %(choices)s, got “%(value)s”"),
    "unknown_kind": N_("unknown kind “%(value)s”; expected one of %(choices)s"),
    "unknown_method": N_("unknown scoring method “%(value)s”; known: %(known)s"),
    "method_kind_mismatch": N_("method “%(method)s” does not fit kind “%(kind)s”: %(reason)s"),
    "missing_param": N_("parameter “%(param)s” is required"),
    "leaf_field_on_inner": N_("“%(key)s” belongs on a leaf; this node has children"),
    "points_mismatch": N_("declared points %(declared)s differ from the children's sum %(actual)s"),
    "part_points_mismatch": N_(
        "the leaf points of part “%(part)s” add up to %(actual)s, not %(expected)s"
    ),
    "weights_mismatch": N_("part weights add up to %(actual)s, not %(expected)s"),
    "min_above_max": N_("min %(min)s is above max %(max)s"),
    "tree_and_indicators": N_("give either “tree” or “indicators”, not both"),
    "tree_without_base": N_("“tree: %(target)s” needs the framework's folder to be read"),
    "tree_outside": N_("tree file “%(target)s” is outside the scheme folder"),
    "unknown_override": N_("override for unknown indicator “%(value)s”"),
    "bad_override": N_("“%(key)s” cannot be overridden; allowed: %(allowed)s"),
    "item_exceeds_cap": N_("item max_points %(value)s exceed the catalogue cap %(cap)s"),
    "bad_rule_ref": N_("“%(value)s” is not a leaf indicator code (optionally followed by @prev)"),
    "mismatch": N_("%(field)s is “%(value)s” but the manifest says “%(expected)s”"),
    "unknown_scheme": N_("no scheme “%(value)s”; shipped schemes: %(known)s"),
    "unknown_param": N_("unknown parameter “%(param)s”; expected %(expected)s"),
    "param_not_used": N_("parameter “%(param)s” is only used with score: %(score)s"),
    "param_not_a_number": N_("%(param)s must be a number, got “%(value)s”"),
    "param_not_positive": N_("%(param)s must be positive, got “%(value)s”"),
    "param_not_a_choice": N_("%(param)s must be one of %(choices)s, got “%(value)s”"),
    "params_not_a_mapping": N_("params must be a mapping, got “%(value)s”"),
    "floor_equals_target": N_("floor and target must differ (both are %(value)s)"),
    "tiers_not_a_list": N_("%(param)s must be a non-empty list of {%(bound)s: x, share: s}"),
    "tier_shape": N_("%(param)s must be a mapping with exactly %(bound)s and share"),
    "tier_bound_repeated": N_("%(param)s repeats the bound %(value)s"),
    "share_out_of_range": N_("%(param)s must be a number between 0 and 1, got “%(value)s”"),
    "grades_not_a_mapping": N_("%(param)s must map grade letters to shares, e.g. {A: 1.0, B: 0.8}"),
    "bad_grade_word": N_("grade “%(value)s” must be a letter or word"),
}


def message(issue: Issue) -> str:
    """The issue's message in the user's language (the core's English if it has no wording)."""
    template = ISSUE_MESSAGES.get(issue.code)
    if template is None:
        return issue.message
    args = issue.args if isinstance(issue.args, Mapping) else {}
    try:
        return _(template) % {key: _plain(value) for key, value in args.items()}
    except (KeyError, TypeError, ValueError):  # the core changed its fields: say it in English
        return issue.message


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def issue_lines(error: FrameworkError, target: str) -> list[str]:
    """A FrameworkError's issues as `FILE: PATH: message` lines (no PATH for whole-file ones)."""
    return [
        f"{issue.file or target}: {issue.path}: {message(issue)}"
        if issue.path
        else f"{issue.file or target}: {message(issue)}"
        for issue in error.issues
    ]
