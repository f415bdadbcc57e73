from django.urls import path

from clustermon.results import views

app_name = "results"

urlpatterns = [
    path("round/<int:round_id>/", views.round_results, name="round"),
    path("round/<int:round_id>/compute/", views.compute, name="compute"),
    path("round/<int:round_id>/sets/<int:number>/approve/", views.approve, name="approve"),
    path("round/<int:round_id>/publish/", views.publish, name="publish"),
]
