"""The form of one enterprise row, built from the framework's enterprise fields."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clustermon.registry.models import County
from clustermon.submissions.validation import localized

if TYPE_CHECKING:
    from clustermon.scoring import EnterpriseData

PREV = "@prev"


class RowForm(forms.Form):
    """Credit code, name, county and each field for this year (`c-CODE`) and last year (`p-CODE`).

    Figures are plain text here; `actions.check_entries` parses and checks them, so the web form
    and the workbook give the same messages.
    """

    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=40, required=False)
    name = forms.CharField(label=_("Enterprise name"), max_length=400, required=False)
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.none(), required=False,
                                    empty_label=_("the cluster's county"))

    def __init__(self, *args: Any, spec: EnterpriseData, province_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.fields["county"].queryset = (County.objects.filter(city__province_id=province_id)
                                          .select_related("city").order_by("city__code", "code"))
        self.fields["county"].label_from_instance = lambda c: f"{c.city.name} · {c.name}"
        for f in spec.fields:
            unit = f" ({f.unit})" if f.unit else ""
            for prefix, when in (("c", _("this year")), ("p", _("last year"))):
                self.fields[f"{prefix}-{f.code}"] = forms.CharField(
                    label=f"{localized(f.name)}{unit}, {when}", max_length=60, required=False,
                    widget=forms.TextInput(attrs={"inputmode": "numeric" if f.integer else "decimal"}))

    def figure_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(label, this year's input, last year's input) per enterprise field, for the template."""
        return [(localized(f.name) + (f" ({f.unit})" if f.unit else ""), self[f"c-{f.code}"], self[f"p-{f.code}"])
                for f in self.spec.fields]

    def entry_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "credit_code": data.get("credit_code"), "name": data.get("name"), "county": data.get("county"),
            "current": {f.code: data.get(f"c-{f.code}") for f in self.spec.fields},
            "previous": {f.code: data.get(f"p-{f.code}") for f in self.spec.fields},
        }

    def add_problems(self, problems: dict[str, str]) -> None:
        """Put `actions.RowsInvalid` messages next to their inputs."""
        for key, message in problems.items():
            if key in ("credit_code", "name", "county"):
                self.add_error(key, message)
            elif key.endswith(PREV):
                self.add_error(f"p-{key.removesuffix(PREV)}", message)
            else:
                self.add_error(f"c-{key}", message)

    @staticmethod
    def initial_of(figure: Any) -> dict[str, Any]:
        initial = {"credit_code": figure.enterprise.credit_code, "name": figure.enterprise.name,
                   "county": figure.enterprise.county_id}
        for code, value in (figure.current or {}).items():
            initial[f"c-{code}"] = value
        for code, value in (figure.previous or {}).items():
            initial[f"p-{code}"] = value
        return initial
