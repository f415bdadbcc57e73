from django.urls import path

from clustermon.rounds import views

app_name = "rounds"

urlpatterns = [
    path("", views.round_list, name="list"),
    path("new/", views.round_create, name="create"),
    path("<int:pk>/", views.round_detail, name="detail"),
    path("<int:pk>/transition/", views.round_transition, name="transition"),
    path("<int:pk>/deadlines/", views.round_deadlines, name="deadlines"),
    path("<int:pk>/extensions/", views.round_extend, name="extend"),
]
