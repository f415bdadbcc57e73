from django.urls import path

from clustermon.registry import views

app_name = "registry"

urlpatterns = [
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster"),
]
