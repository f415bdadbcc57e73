"""Enterprise lists, the assessment handbook and the data summary table (/enterprises/…).

Every pattern has an entry in tests/test_authz_matrix.py.
"""

from django.urls import path

from clustermon.enterprises.views import exports, rows

app_name = "enterprises"

urlpatterns = [
    path("", exports.index, name="index"),
    path("submissions/<int:pk>/", rows.listing, name="list"),
    path("submissions/<int:pk>/rows/<int:row_id>/", rows.row, name="row"),
    path("submissions/<int:pk>/rows/<int:row_id>/remove/", rows.remove, name="remove"),
    path("submissions/<int:pk>/refresh/", rows.refresh, name="refresh"),
    path("submissions/<int:pk>/template.xlsx", rows.template, name="template"),
    path("submissions/<int:pk>/upload/", rows.upload, name="upload"),
    path("submissions/<int:pk>/handbook.docx", exports.handbook_docx, name="handbook"),
    path("rounds/<int:round_id>/flags/", exports.round_flags, name="flags"),
    path("rounds/<int:round_id>/summary.xlsx", exports.summary_xlsx, name="summary"),
    path("rounds/<int:round_id>/summary/<int:city_id>.xlsx", exports.city_summary_xlsx, name="city_summary"),
]
