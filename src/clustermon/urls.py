"""URL configuration: one include per app. Every pattern has an entry in the authorisation matrix."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("clustermon.api.urls")),
    path("registry/", include("clustermon.registry.urls")),
    path("frameworks/", include("clustermon.frameworks.urls")),
    path("rounds/", include("clustermon.rounds.urls")),
    path("submissions/", include("clustermon.submissions.urls")),
    path("review/", include("clustermon.review.urls")),
    path("experts/", include("clustermon.experts.urls")),
    path("results/", include("clustermon.results.urls")),
    path("audit/", include("clustermon.audit.urls")),
    path("plans/", include("clustermon.plans.urls")),
    path("enterprises/", include("clustermon.enterprises.urls")),
    path("applications/", include("clustermon.applications.urls")),
    path("reports/", include("clustermon.reports.urls")),
    path("jobs/", include("clustermon.jobs.urls")),
    path("analysis/", include("clustermon.analysis.urls")),
    path("", include("clustermon.web.urls")),
]
