"""The settings of a robustness analysis, as the province enters them (percentages)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clustermon.analysis.jobs import DRAWS, MAX_WEIGHT_RANGE, THRESHOLD


class RobustnessForm(forms.Form):
    weight_range = forms.DecimalField(
        label=_("Weight range (± %)"), initial=20, min_value=0, max_value=int(MAX_WEIGHT_RANGE * 100),
        decimal_places=1, help_text=_("Each indicator's points vary at random within this range."))
    draws = forms.IntegerField(label=_("Draws"), initial=1000, min_value=DRAWS[0], max_value=DRAWS[1])
    vary_aggregation = forms.BooleanField(
        label=_("Vary the experts' aggregation (mean / trimmed mean)"), initial=True, required=False)
    threshold = forms.DecimalField(
        label=_("Instability threshold (%)"), initial=90, min_value=int(THRESHOLD[0] * 100),
        max_value=int(THRESHOLD[1] * 100), decimal_places=1,
        help_text=_("A grade is unstable when it comes out in fewer draws than this."))

    def params(self) -> dict[str, Any]:
        """The job's parameters (fractions) from the cleaned form."""
        data = self.cleaned_data
        return {"weight_range": float(data["weight_range"]) / 100, "draws": data["draws"],
                "vary_aggregation": bool(data["vary_aggregation"]), "threshold": float(data["threshold"]) / 100}

    @staticmethod
    def initial_from(settings: dict[str, Any]) -> dict[str, Any]:
        """The form's values for the settings of an earlier analysis (to run it again alike)."""
        return {"weight_range": round(settings["weight_range"] * 100, 1), "draws": settings["draws"],
                "vary_aggregation": settings["vary_aggregation"], "threshold": round(settings["threshold"] * 100, 1)}
