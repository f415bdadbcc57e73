from django.urls import path

from clustermon.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
