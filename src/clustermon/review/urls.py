"""Review level by level (/review/…). Every pattern has an entry in tests/test_authz_matrix.py."""

from django.urls import path

from clustermon.review.views import lists, progress, site_check, submission

app_name = "review"

urlpatterns = [
    path("", lists.index, name="index"),
    path("rounds/<int:round_id>/", lists.queue, name="queue"),
    path("rounds/<int:round_id>/bulk-pass/", lists.bulk_pass, name="bulk_pass"),
    path("rounds/<int:round_id>/progress/", progress.progress, name="progress"),
    path("rounds/<int:round_id>/late.<str:fmt>", progress.late_export, name="late_export"),
    path("submissions/<int:pk>/", submission.detail, name="submission"),
    path("submissions/<int:pk>/pass/", submission.pass_up, name="pass"),
    path("submissions/<int:pk>/return/", submission.return_, name="return"),
    path("submissions/<int:pk>/site-check/", site_check.site_check, name="site_check"),
]
