"""Forms of the round pages: create a round, move it, set deadlines, extend one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clustermon import policy
from clustermon.registry.models import City, Cluster
from clustermon.rounds.models import DeadlineLevel, RoundStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REASON = forms.Textarea(attrs={"rows": 2, "cols": 50})


class RoundCreateForm(forms.Form):
    scheme = forms.ModelChoiceField(label=_("scheme"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100,
                              help_text=_("The year whose performance is monitored."))
    title = forms.CharField(label=_("title"), max_length=160, required=False,
                            help_text=_("Leave empty for “<year> <scheme>”."))

    def __init__(self, *args, user, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = policy.schemes_for(user)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=RoundStatus.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("reason"), required=False, widget=REASON)


class DeadlinesForm(forms.Form):
    """One date per level; an empty field leaves that level as it is."""

    reason = forms.CharField(label=_("reason (required when the round is open)"), required=False,
                             widget=REASON)

    def __init__(self, *args, initial_dues=None, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        fields = {level: forms.DateField(label=label, required=False, widget=DATE,
                                         initial=(initial_dues or {}).get(level))
                  for level, label in DeadlineLevel.choices}
        self.fields = {**fields, "reason": self.fields["reason"]}

    def dues(self) -> dict[str, object]:
        return {level: self.cleaned_data[level] for level in DeadlineLevel.values
                if self.cleaned_data.get(level)}


class ExtensionForm(forms.Form):
    level = forms.ChoiceField(label=_("level"), choices=DeadlineLevel.choices)
    city = forms.ModelChoiceField(label=_("city"), queryset=City.objects.none(), required=False)
    cluster = forms.ModelChoiceField(label=_("cluster"), queryset=Cluster.objects.none(), required=False)
    due = forms.DateField(label=_("new due date"), widget=DATE)
    reason = forms.CharField(label=_("reason"), widget=REASON)

    def __init__(self, *args, round_, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        province_id = round_.scheme.province_id
        self.fields["city"].queryset = City.objects.filter(province_id=province_id).order_by("code")
        self.fields["cluster"].queryset = (Cluster.objects.filter(province_id=province_id)
                                           .order_by("county__city__code", "name"))

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("city")) == bool(data.get("cluster")):
            raise forms.ValidationError(_("Choose either one city or one cluster."))
        return data
