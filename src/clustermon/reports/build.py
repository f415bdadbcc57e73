"""The report files, as plain functions returning bytes (views serve single reports with them;
background jobs can wrap them in django_tasks for zips and large exports).

Each takes the user the file is made for: it shows what that user may see (their scope, the
result sets visible to them), exactly as the web page does. Text is in the active language
(wrap a call in `translation.override(...)` in a job).

    build_cluster_docx(result, user=…)        build_cluster_pdf(result, user=…)
    build_summary_docx(result_set, user=…)    build_summary_pdf(result_set, user=…)
    build_results_xlsx(result_set, user=…)

`result` is a ClusterResult fetched through `data.cluster_result` (its scope checked) and
`result_set` one given by `data.shown_result_set(user, round_id, number=None)`. PDFs need Chromium (`pdf.ChromiumMissing`);
Word documents without Chromium are made without their chart images.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clustermon.reports import data, excel, pdf, render, word

if TYPE_CHECKING:
    from clustermon.accounts.models import User
    from clustermon.results.models import ClusterResult, ResultSet


def build_cluster_docx(result: ClusterResult, *, user: User) -> bytes:
    report = data.cluster_report(user, result)
    return word.cluster_docx(report, pdf.chart_images(render.cluster_document(report)))


def build_cluster_pdf(result: ClusterResult, *, user: User) -> bytes:
    return pdf.html_to_pdf(render.cluster_document(data.cluster_report(user, result)))


def build_summary_docx(result_set: ResultSet, *, user: User) -> bytes:
    report = data.summary_report(user, result_set)
    return word.summary_docx(report, pdf.chart_images(render.summary_document(report)))


def build_summary_pdf(result_set: ResultSet, *, user: User) -> bytes:
    return pdf.html_to_pdf(render.summary_document(data.summary_report(user, result_set)))


def build_results_xlsx(result_set: ResultSet, *, user: User) -> bytes:
    """The workbook of a result set: `data.shown_result_set(user, round_id)` gives the round's."""
    report = data.summary_report(user, result_set)
    raw = data.raw_values(user, result_set, [row.cluster_id for row in report.rows])
    return excel.results_workbook(report, raw, user)
