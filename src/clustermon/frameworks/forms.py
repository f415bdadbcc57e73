"""The form to paste or upload a new framework version."""

from __future__ import annotations

from typing import Any

import yaml
from django import forms
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 1024 * 1024


class NewVersionForm(forms.Form):
    document = forms.CharField(label=_("framework (YAML)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 30, "cols": 100, "spellcheck": "false",
                                                            "class": "code"}))
    upload = forms.FileField(label=_("or upload a YAML file"), required=False)
    reason = forms.CharField(label=_("reason for this version"),
                             widget=forms.Textarea(attrs={"rows": 3, "cols": 100}))

    def clean_upload(self) -> str | None:
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        source = data.get("upload") or data.get("document") or ""
        if not source.strip():
            if "upload" not in self.errors:
                self.add_error("document", _("Paste the framework or upload a file."))
            return data
        try:
            data["parsed"] = yaml.safe_load(source)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = _("line %(line)s, column %(column)s: ") % {
                "line": mark.line + 1, "column": mark.column + 1} if mark else ""
            problem = getattr(exc, "problem", None) or str(exc)
            self.add_error("document", _("Not valid YAML: %(where)s%(problem)s") % {
                "where": where, "problem": problem})
        return data
