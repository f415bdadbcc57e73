"""Follow-up plans (/plans/). Every pattern has an entry in tests/test_authz_matrix.py."""

from django.urls import path

from clustermon.plans.views import lists, manage, plan

app_name = "plans"

urlpatterns = [
    path("", lists.index, name="index"),
    path("rounds/<int:round_id>/", lists.round_plans, name="round"),
    path("rounds/<int:round_id>/missing-late.csv", lists.export, name="export"),
    path("rounds/<int:round_id>/require/", manage.require, name="require"),
    path("rounds/<int:round_id>/due/", manage.due, name="due"),
    path("<int:pk>/", plan.detail, name="detail"),
    path("<int:pk>/submit/", plan.submit, name="submit"),
    path("versions/<int:pk>/review/", plan.review, name="review"),
    path("versions/<int:pk>/document/", plan.document, name="document"),
]
