"""Pages of the expert review (/experts/). Every view fetches through `clustermon.policy`."""

from django.urls import path

from clustermon.experts.views import expert, panel, pool, report

app_name = "experts"

urlpatterns = [
    path("", expert.index, name="index"),
    path("assignments/<int:pk>/", expert.assignment_page, name="assignment"),
    path("assignments/<int:pk>/declare/", expert.declare, name="declare"),
    path("assignments/<int:pk>/remove/", panel.unassign, name="unassign"),
    path("diagnoses/<int:pk>/", expert.diagnosis_page, name="diagnosis"),
    path("pool/", pool.pool, name="pool"),
    path("pool/new/", pool.expert_new, name="expert_new"),
    path("pool/<int:pk>/", pool.expert_edit, name="expert"),
    path("pool/<int:pk>/affiliations/", pool.affiliation_add, name="affiliation_add"),
    path("pool/<int:pk>/affiliations/<int:affiliation_pk>/remove/", pool.affiliation_remove,
         name="affiliation_remove"),
    path("rounds/<int:round_pk>/assignments/", panel.assignments, name="assignments"),
    path("rounds/<int:round_pk>/assignments/auto/", panel.auto_assign, name="auto_assign"),
    path("rounds/<int:round_pk>/assignments/add/", panel.assign, name="assign"),
    path("rounds/<int:round_pk>/diagnoses/", panel.diagnoses, name="diagnoses"),
    path("rounds/<int:round_pk>/diagnoses/add/", panel.diagnosis_assign, name="diagnosis_assign"),
    path("rounds/<int:round_pk>/progress/", report.progress, name="progress"),
    path("rounds/<int:round_pk>/spread/", report.spread, name="spread"),
    path("rounds/<int:round_pk>/spread/<int:cluster_pk>/", report.spread_cluster, name="spread_cluster"),
]
