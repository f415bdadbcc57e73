"""A submission's enterprise list: the page, adding and editing a row, removing one, the workbook.

Everyone who may see the submission sees the list (and its flags, with other clusters named only
when in their scope); its submitter changes it while the submission takes data.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clustermon import policy
from clustermon.enterprises import actions, aggregate, excel, flags
from clustermon.enterprises.forms import RowForm
from clustermon.enterprises.handbook import number_text
from clustermon.enterprises.models import EnterpriseFigure
from clustermon.submissions.excel import CellError
from clustermon.submissions.models import Submission
from clustermon.submissions.uploads import UploadRefused
from clustermon.submissions.validation import localized
from clustermon.web.errors import ActionRefused

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _submission(request: HttpRequest, pk: int) -> tuple[Submission, Any]:
    """The submission in the user's scope and its enterprise spec; 404 when its round asks none."""
    submission = policy.get_submission_for(request.user, pk)
    spec = actions.spec_for(submission)
    if spec is None:
        raise Http404
    return submission, spec


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _form(request: HttpRequest, submission: Submission, spec: Any, **kwargs: Any) -> RowForm:
    return RowForm(spec=spec, province_id=submission.cluster.province_id, **kwargs)


def _render(request: HttpRequest, submission: Submission, spec: Any, *, form: RowForm | None = None,
            upload_errors: list[CellError] | None = None, status: int = 200) -> HttpResponse:
    figures = list(actions.figures_of(submission))
    rows = actions.rows_of(figures)
    found = flags.flags_for_submission(submission, viewer=request.user)
    by_code: dict[str, list[flags.Flag]] = {}
    for flag in found:
        by_code.setdefault(flag.credit_code, []).append(flag)
    framework_fields = {feed.target: feed for feed in spec.feeds}
    editable = policy.can_edit_enterprises(request.user, submission)
    context = {
        "submission": submission, "round": submission.round, "spec": spec, "spec_name": localized(spec.name),
        "spec_note": localized(spec.note),
        "fields": [{"field": f, "name": localized(f.name)} for f in spec.fields],
        "lines": [{"figure": figure, "row": row, "flags": by_code.get(row.code, []),
                   "figures": [(number_text(row.figure(f.code), f.integer),
                                number_text(row.figure(f.code, True), f.integer)) for f in spec.fields]}
                  for figure, row in zip(figures, rows, strict=True)],
        "totals": [{"name": localized(t.field.name), "unit": t.field.unit or "", "missing": t.missing,
                    "current": number_text(t.current, t.field.integer),
                    "previous": number_text(t.previous, t.field.integer),
                    "increment": number_text(t.increment, t.field.integer),
                    "rate": f"{t.rate * 100:+.1f}%" if t.rate is not None else "—"}
                   for t in aggregate.field_totals(spec, rows)],
        "feeds": [{"target": target, "value": (submission.values or {}).get(target, ""),
                   "field": localized(spec.field_named(feed.field_code).name),
                   "previous_year": feed.previous_year, "op": feed.op}
                  for target, feed in framework_fields.items()],
        "flags": [f for f in found if not f.credit_code],
        "row_flags": [f for f in found if f.credit_code],
        "editable": editable,
        "form": form if form is not None else (_form(request, submission, spec) if editable else None),
        "upload_errors": upload_errors,
        "max_mb": excel.workbook_max_bytes() // (1024 * 1024),
    }
    return render(request, "enterprises/list.html", context, status=status)


@require_http_methods(["GET", "POST"])
def listing(request: HttpRequest, pk: int) -> HttpResponse:
    """The list; POST adds an enterprise."""
    submission, spec = _submission(request, pk)
    if request.method == "GET":
        return _render(request, submission, spec)
    if not policy.can_edit_enterprises(request.user, submission):
        messages.error(request, actions.submission_actions.refusal(request.user, submission))
        return redirect("enterprises:list", pk)
    form = _form(request, submission, spec, data=request.POST)
    if not form.is_valid():
        return _render(request, submission, spec, form=form)
    try:
        actions.save_row(submission, actions.Entry(**form.entry_data()), by=request.user,
                         expected_version=_version(request))
    except actions.RowsInvalid as exc:
        form.add_problems(exc.errors.get(0, {}))
        messages.error(request, exc.message)
        return _render(request, submission, spec, form=form)
    except ActionRefused as exc:
        messages.error(request, exc.message)
        return redirect("enterprises:list", pk)
    messages.success(request, _("Enterprise added; the totals were updated."))
    return redirect("enterprises:list", pk)


def _figure(submission: Submission, row_id: int) -> EnterpriseFigure:
    figure = (EnterpriseFigure.objects.filter(submission=submission, pk=row_id)
              .select_related("enterprise__county").first())
    if figure is None:
        raise Http404
    return figure


@require_http_methods(["GET", "POST"])
def row(request: HttpRequest, pk: int, row_id: int) -> HttpResponse:
    """One enterprise: the edit form (read-only for those who may not edit)."""
    submission, spec = _submission(request, pk)
    figure = _figure(submission, row_id)
    editable = policy.can_edit_enterprises(request.user, submission)
    context = {"submission": submission, "figure": figure, "editable": editable}
    if request.method == "GET":
        form = _form(request, submission, spec, initial=RowForm.initial_of(figure))
        return render(request, "enterprises/row.html", {**context, "form": form})
    if not editable:
        messages.error(request, actions.submission_actions.refusal(request.user, submission))
        return redirect("enterprises:row", pk, row_id)
    form = _form(request, submission, spec, data=request.POST)
    if form.is_valid():
        try:
            actions.save_row(submission, actions.Entry(**form.entry_data()), by=request.user, figure=figure,
                             expected_version=_version(request))
        except actions.RowsInvalid as exc:
            form.add_problems(exc.errors.get(0, {}))
            messages.error(request, exc.message)
        except ActionRefused as exc:
            messages.error(request, exc.message)
            return redirect("enterprises:row", pk, row_id)
        else:
            messages.success(request, _("Saved; the totals were updated."))
            return redirect("enterprises:list", pk)
    return render(request, "enterprises/row.html", {**context, "form": form})


@require_POST
def remove(request: HttpRequest, pk: int, row_id: int) -> HttpResponse:
    submission, _spec = _submission(request, pk)
    figure = _figure(submission, row_id)
    try:
        actions.remove_row(figure, by=request.user, expected_version=_version(request))
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Enterprise removed; the totals were updated."))
    return redirect("enterprises:list", pk)


@require_POST
def refresh(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the list's totals into the submission's values again."""
    submission, _spec = _submission(request, pk)
    try:
        actions.refresh_totals(submission, by=request.user)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The totals of the list were written into the values."))
    return redirect("enterprises:list", pk)


@require_GET
def template(request: HttpRequest, pk: int) -> HttpResponse:
    submission, spec = _submission(request, pk)
    content = excel.build_template(submission, spec, list(actions.figures_of(submission)))
    name = _("%(year)s %(name)s enterprise list.xlsx") % {"year": submission.round.year,
                                                          "name": submission.cluster.name}
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Replace the list from a filled template, all or nothing; errors by sheet, row and cell."""
    submission, spec = _submission(request, pk)
    if not policy.can_edit_enterprises(request.user, submission):
        messages.error(request, actions.submission_actions.refusal(request.user, submission))
        return redirect("enterprises:list", pk)
    file = request.FILES.get("file")
    if file is None:
        return _render(request, submission, spec, upload_errors=[CellError("", None, "", _("Choose a file to upload."))])
    try:
        parsed = excel.read_list(file, submission, spec)
    except UploadRefused as exc:
        return _render(request, submission, spec, upload_errors=[CellError("", None, "", exc.message)])
    _cleaned, problems = actions.check_entries(spec, parsed.entries, submission.cluster)
    errors = _merge(parsed, problems)
    if not errors:
        try:
            count = actions.replace_rows(submission, parsed.entries, by=request.user, expected_version=_version(request),
                                         source=_("Uploaded from %(file)s.") % {"file": file.name[:100]})
        except actions.RowsInvalid as exc:
            errors = _merge(parsed, exc.errors)
        except ActionRefused as exc:
            errors = [CellError("", None, "", exc.message)]
        else:
            messages.success(request, _("The list was replaced: %(n)s enterprises; the totals were updated.")
                             % {"n": count})
            return redirect("enterprises:list", pk)
    return _render(request, submission, spec, upload_errors=errors)


def _merge(parsed: excel.ParsedList, problems: dict[int, dict[str, str]]) -> list[CellError]:
    """The workbook's own cell errors, then the entries' problems at cells not already reported."""
    errors = list(parsed.errors)
    reported = {(e.row, e.cell) for e in errors if e.cell}
    for index, by_key in sorted(problems.items()):
        for key, message in by_key.items():
            error = parsed.error_at(index, key, message)
            if not error.cell or (error.row, error.cell) not in reported:
                errors.append(error)
    return errors
