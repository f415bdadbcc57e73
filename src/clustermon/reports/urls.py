from django.urls import path, register_converter

from clustermon.reports import views


class DocumentFormat:
    """The formats a report downloads as: docx or pdf."""

    regex = "docx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DocumentFormat, "docfmt")

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("round/<int:round_id>/", views.summary, name="summary"),
    path("round/<int:round_id>/summary.<docfmt:fmt>", views.summary_file, name="summary_file"),
    path("round/<int:round_id>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("round/<int:round_id>/cluster/<int:cluster_id>/", views.cluster, name="cluster"),
    path("round/<int:round_id>/cluster/<int:cluster_id>/report.<docfmt:fmt>", views.cluster_file,
         name="cluster_file"),
]
