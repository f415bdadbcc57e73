from django.urls import path

from clustermon.analysis import views

app_name = "analysis"

urlpatterns = [
    path("round/<int:round_id>/", views.round_analysis, name="round"),
    path("round/<int:round_id>/run/", views.run, name="run"),
    path("round/<int:round_id>/indicators/", views.indicators, name="indicators"),
    path("round/<int:round_id>/what-if/", views.what_if, name="what_if"),
]
