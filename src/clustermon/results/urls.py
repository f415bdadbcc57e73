from django.urls import path

from clustermon.results import views, views_explain, views_registers, views_versions

app_name = "results"

urlpatterns = [
    path("round/<int:round_id>/", views.round_results, name="round"),
    path("round/<int:round_id>/compute/", views.compute, name="compute"),
    path("round/<int:round_id>/sets/<int:number>/approve/", views.approve, name="approve"),
    path("round/<int:round_id>/publish/", views.publish, name="publish"),
    path("round/<int:round_id>/reopen/", views.reopen, name="reopen"),
    path("round/<int:round_id>/versions/", views_versions.versions, name="versions"),
    path("cluster-result/<int:pk>/", views_explain.explain, name="explain"),
    path("registers/", views_registers.register, name="registers"),
    path("registers/export.<str:fmt>", views_registers.register_export, name="registers_export"),
]
