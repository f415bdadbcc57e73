"""Data entry, evidence, Excel templates and import, outliers (/submissions/…).

Every pattern has an entry in tests/submissions/test_authz.py.
"""

from django.urls import path

from clustermon.submissions.views import entry, evidence, reports, workbooks

app_name = "submissions"

urlpatterns = [
    path("", entry.index, name="index"),
    path("rounds/<int:round_id>/start/", entry.start, name="start"),
    path("<int:pk>/", entry.entry, name="entry"),
    path("<int:pk>/claims/", entry.add_claim, name="add_claim"),
    path("<int:pk>/claims/<int:claim_id>/evidence/", entry.claim_evidence, name="claim_evidence"),
    path("<int:pk>/claims/<int:claim_id>/withdraw/", entry.withdraw_claim, name="withdraw_claim"),
    path("<int:pk>/template.xlsx", workbooks.submission_template, name="template"),
    path("evidence/<int:pk>/", evidence.download, name="evidence"),
    path("rounds/<int:round_id>/template/<str:scope>/<int:pk>.xlsx", workbooks.area_template,
         name="area_template"),
    path("rounds/<int:round_id>/import/", workbooks.import_workbook, name="import"),
    path("rounds/<int:round_id>/outliers/", reports.outlier_report, name="outliers"),
    path("evidence-policy/", reports.evidence_policy, name="evidence_policy"),
]
