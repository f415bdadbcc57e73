"""The search form of the audit trail."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clustermon import policy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditSearchForm(forms.Form):
    q = forms.CharField(label=_("text"), required=False,
                        help_text=_("Searches reasons, values, object numbers and names."))
    actor = forms.CharField(label=_("by"), required=False, help_text=_("User name or name."))
    action = forms.ChoiceField(label=_("action"), required=False)
    cluster = forms.ModelChoiceField(label=_("cluster"), queryset=None, required=False)
    round = forms.ModelChoiceField(label=_("round"), queryset=None, required=False)
    since = forms.DateField(label=_("from"), required=False, widget=DATE)
    until = forms.DateField(label=_("to"), required=False, widget=DATE)

    def __init__(self, *args, user, actions, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = policy.clusters_for(user).order_by("name")
        self.fields["round"].queryset = policy.rounds_for(user).order_by("-year")
        self.fields["action"].choices = [("", "—"), *((a, a) for a in actions)]
