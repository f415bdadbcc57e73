"""How the analyses read on a page: the settings stated in words, the what-if answer and the
correlation flags explained (translated by code, as the core's messages are)."""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clustermon import scoring
from clustermon.results.display import grade_name

# --- the Monte Carlo settings ---------------------------------------------------------------------


def percent(x: float) -> str:
    """0.2 → "20", 0.925 → "92.5"."""
    return f"{x * 100:.1f}".rstrip("0").rstrip(".")


def settings_sentences(settings: dict[str, Any], core: dict[str, Any] | None = None) -> list[str]:
    """What was varied and how, in the user's language. `core` is one group's settings as the core
    recorded them (trim_from, whether the aggregation changed any share)."""
    core = core or {}
    out = [gettext("Each draw multiplied the points of every leaf indicator by a random factor within "
                   "±%(range)s%% and rescaled them so that each part still totals 100 points; the weights "
                   "of the parts (such as 70/30) were kept.") % {"range": percent(settings["weight_range"])}]
    if settings.get("vary_aggregation"):
        out.append(gettext("Half of the draws combined the experts' scores by their mean, the other half by "
                           "the trimmed mean (the highest and the lowest score left out when at least "
                           "%(trim_from)s experts scored).") % {"trim_from": core.get("trim_from", 5)})
        if core and not core.get("aggregation_changes_shares", True):
            out.append(gettext("In this group both ways give the same shares: no cluster had enough expert "
                               "scores for trimming."))
    else:
        out.append(gettext("The experts' scores were combined as the framework says in every draw."))
    out.append(gettext("%(draws)s draws (random seed %(seed)s: the same settings give the same figures). A "
                       "cluster's grade is flagged unstable when the official grade came out in fewer than "
                       "%(threshold)s%% of the draws.")
               % {"draws": settings["draws"], "seed": settings.get("seed", 0),
                  "threshold": percent(settings["threshold"])})
    out.append(gettext("Ranks and grades of every draw follow the round's grading rules (quotas and pass "
                       "mark). This is an analysis around the official results: it changes no grade."))
    return out


# --- what-if ---------------------------------------------------------------------------------------

# The core's WHAT_IF_MESSAGES, keyed by WhatIf.code, as translatable %-format strings.
WHAT_IF_TEXT: dict[str, Any] = {
    "possible": _("With %(indicator)s at %(needed)s instead of %(current)s (a change of %(change)s), all "
                  "other values unchanged, the cluster would be %(new_grade)s instead of %(grade)s: total "
                  "%(total)s, rank %(rank)s of %(size)s."),
    "possible_strict": _("With %(indicator)s %(beyond)s %(needed)s instead of %(current)s (a tie is not "
                         "enough), all other values unchanged, the cluster would be %(new_grade)s instead of "
                         "%(grade)s: total %(total)s, rank %(rank)s of %(size)s."),
    "possible_from_missing": _("With %(indicator)s at %(needed)s (now missing), all other values unchanged, "
                               "the cluster would be %(new_grade)s instead of %(grade)s: total %(total)s, rank "
                               "%(rank)s of %(size)s."),
    "possible_strict_from_missing": _("With %(indicator)s %(beyond)s %(needed)s (now missing; a tie is not "
                                      "enough), all other values unchanged, the cluster would be %(new_grade)s "
                                      "instead of %(grade)s: total %(total)s, rank %(rank)s of %(size)s."),
    "already_excellent": _("The cluster is already excellent: there is no better grade."),
    "at_full_points": _("%(indicator)s (value %(current)s) already gives the cluster its full points: no value "
                        "of this indicator alone can improve its grade %(grade)s."),
    "not_enough": _("Even with %(indicator)s at its best (%(best)s) the cluster would stay %(grade)s: total "
                    "%(total)s, rank %(rank)s of %(size)s. No value of this indicator alone is enough."),
    "prev_missing": _("Last year's value of %(indicator)s is missing, so its growth scores 0 whatever this "
                      "year's value: no value of it alone can change the grade."),
    "unsupported_method": _("What-if cannot search the values of the scoring method %(method)s."),
}

PLACES = Decimal("0.0001")


def number(x: float | None, *, towards: int = 0) -> str:
    """A value as people write it, to 4 decimals; `towards` +1 rounds up, −1 down (so that a needed
    value shown is still enough), 0 to nearest. "" for None, "—" when not finite."""
    if x is None:
        return ""
    if not math.isfinite(x):
        return "∞" if x > 0 else "−∞"
    rounding = ROUND_CEILING if towards > 0 else ROUND_FLOOR if towards < 0 else ROUND_HALF_UP
    text = format(Decimal(repr(float(x))).quantize(PLACES, rounding=rounding).normalize(), "f")
    return "0" if text in ("-0", "") else text


def signed(text: str) -> str:
    return text if text.startswith("-") or text == "0" else "+" + text


def what_if_answer(answer: scoring.WhatIf, indicator_name: str) -> dict[str, Any]:
    """The translated sentence and the figures of a what-if answer."""
    d = 1 if answer.direction == "higher" else -1
    current = number(answer.current_value) if answer.current_value is not None else gettext("missing")
    needed = number(answer.needed_value, towards=d)
    change = ""
    if answer.needed_value is not None and answer.current_value is not None:
        change = signed(number(answer.needed_value - answer.current_value, towards=d))
    args = {
        "indicator": f"{answer.indicator} {indicator_name}".strip(),
        "current": current, "needed": needed, "change": change,
        "beyond": gettext("above") if d > 0 else gettext("below"),
        "grade": grade_name(str(answer.current_grade)),
        "new_grade": grade_name(str(answer.new_grade)) if answer.new_grade else "",
        "total": answer.new_total if answer.new_total is not None else "",
        "rank": answer.new_rank if answer.new_rank is not None else "",
        "size": answer.size, "method": answer.method,
        "best": _best(answer),
    }
    return {"code": answer.code, "sentence": str(WHAT_IF_TEXT[answer.code]) % args, "args": args,
            "possible": answer.possible, "share_input": answer.input == "share"}


def _best(answer: scoring.WhatIf) -> str:
    text = str(answer.args.get("best", ""))
    try:
        return number(float(text))
    except ValueError:
        return text


# --- correlations -----------------------------------------------------------------------------------

FLAG_TEXT: dict[str, Any] = {
    "redundant": _("%(a)s and %(b)s are strongly correlated (ρ = %(rho)s): they order the clusters almost "
                   "the same way and may measure the same thing twice. When fine-tuning the framework "
                   "(H-Art.9) consider merging them or giving one of them fewer points."),
    "contrary": _("%(a)s and %(b)s are negatively correlated (ρ = %(rho)s): clusters that score high on one "
                  "tend to score low on the other. Check that both point in the intended direction and "
                  "whether one is traded against the other."),
}
NOTE_TEXT: dict[str, Any] = {
    "constant_leaves": _("Every cluster of the group scores the same on %(codes)s: no correlation can be "
                         "computed, and these indicators do not tell the clusters apart."),
    "too_few_clusters": _("The group has fewer than 3 clusters: no correlation can be computed."),
}


def rho_text(rho: float | None) -> str:
    if rho is None or (isinstance(rho, float) and math.isnan(rho)):
        return "—"
    return f"{rho:.2f}".replace("-", "−")
