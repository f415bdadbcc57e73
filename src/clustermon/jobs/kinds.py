"""The jobs of the reports: every cluster's PDF report of a round in a zip, and the results
workbook. Both are made for the user who asked, from the result set they were looking at when
they started the job (its number is kept in the parameters), with what that user may see.
"""

from __future__ import annotations

import re
import zipfile
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clustermon import policy
from clustermon.jobs.registry import JobContext, JobKind, register
from clustermon.web.errors import ActionRefused

if TYPE_CHECKING:
    from clustermon.accounts.models import User
    from clustermon.results.models import ResultSet
    from clustermon.rounds.models import Round

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_name(text: str) -> str:
    """A file or folder name without the characters Windows and zip tools refuse."""
    return UNSAFE.sub("_", text).strip(" .") or "_"


def may_see_results(user: User, round_: Round) -> bool:
    return policy.can_see_results(user, round_)


def pin_result_set(user: User, round_: Round, params: dict[str, Any]) -> dict[str, Any]:
    """Keep the number of the result set the user sees now (or asked for) in the parameters."""
    number = params.get("set")
    try:
        number = int(number) if number not in (None, "") else None
    except (TypeError, ValueError):
        number = None
    try:
        result_set = policy.result_set_shown(user, round_, number)
    except Http404:  # a version the user may not see
        result_set = None
    if result_set is None:
        raise ActionRefused(gettext("There are no results of this round that you may see yet."))
    return {**params, "set": result_set.number}


def result_set_of(ctx: JobContext) -> ResultSet:
    """The pinned result set, as the user may still see it (Http404 otherwise)."""
    result_set = policy.result_set_shown(ctx.user, ctx.round, int(ctx.params["set"]))
    if result_set is None:
        raise ActionRefused(gettext("There are no results of this round that you may see yet."))
    return result_set


# --- every cluster's report, a zip of PDFs ------------------------------------------------------

def run_reports_zip(ctx: JobContext) -> None:
    from clustermon.reports.build import build_cluster_pdf
    from clustermon.reports.pdf import ChromiumMissing
    from clustermon.results.display import language_key

    result_set = result_set_of(ctx)
    rows = list(policy.cluster_results_for(ctx.user, result_set)
                .select_related("cluster__core_park", "cluster__promotion_organisation", "result_set__round")
                .order_by("group", "rank", "cluster__name"))
    total = len(rows) + 1
    ctx.progress(0, total, gettext("Making the reports"))
    lang = language_key()
    path = ctx.result_file(".zip")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for i, row in enumerate(rows, start=1):
            try:
                pdf = build_cluster_pdf(row, user=ctx.user)
            except ChromiumMissing as exc:
                raise ActionRefused(gettext("The PDF cannot be made on this server: %(reason)s")
                                    % {"reason": exc}) from None
            folder = safe_name(ctx.round.scheme.group_name(row.group, lang))
            archive.writestr(f"{folder}/{row.rank:03d} {safe_name(row.cluster.name)}.pdf", pdf)
            ctx.progress(i, total, gettext("Report %(done)s of %(total)s: %(cluster)s")
                         % {"done": i, "total": len(rows), "cluster": row.cluster.name})
    name = gettext("%(round)s cluster reports (version %(number)s).zip") % {
        "round": ctx.round.title, "number": result_set.number}
    ctx.set_result(path, safe_name(name), ZIP)
    ctx.progress(total, total, gettext("%(count)s reports in the zip") % {"count": len(rows)})


# --- the results workbook -----------------------------------------------------------------------

def run_results_xlsx(ctx: JobContext) -> None:
    from clustermon.reports.build import build_results_xlsx

    result_set = result_set_of(ctx)
    ctx.progress(0, 2, gettext("Making the workbook"))
    content = build_results_xlsx(result_set, user=ctx.user)
    ctx.progress(1, 2, gettext("Saving the workbook"))
    name = gettext("%(round)s results (version %(number)s).xlsx") % {
        "round": ctx.round.title, "number": result_set.number}
    ctx.save(safe_name(name), XLSX, content)
    ctx.progress(2, 2, gettext("The workbook is ready"))


register(JobKind("reports_zip", _("Every cluster's report (PDF, in a zip)"), run_reports_zip,
                 may_see_results, pin_result_set))
register(JobKind("results_xlsx", _("Results workbook (Excel)"), run_results_xlsx, may_see_results,
                 pin_result_set))
