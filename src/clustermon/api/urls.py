"""The JSON API under /api/: OpenAPI document at /api/openapi.json, Swagger UI at /api/docs."""

from django.urls import path

from clustermon.api.core import api

urlpatterns = [
    path("", api.urls),
]
