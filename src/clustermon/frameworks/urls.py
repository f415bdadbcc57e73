from django.urls import path

from clustermon.frameworks import views

app_name = "frameworks"

urlpatterns = [
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:a>/diff/<int:b>/", views.version_diff, name="diff"),
    path("schemes/<int:scheme_pk>/<slug:group>/", views.version_list, name="versions"),
    path("rounds/<int:round_pk>/<slug:group>/new/", views.new_version, name="new_version"),
]
