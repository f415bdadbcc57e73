from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _row_fields(event) -> dict:  # noqa: ANN001 - AuditEvent
    state = event.after or event.before or {}
    return {"enterprise": state.get("name", ""), "code": state.get("credit_code", "")}


def _list_fields(event) -> dict:  # noqa: ANN001 - AuditEvent
    return {"rows": (event.after or {}).get("rows", "")}


class EnterprisesConfig(AppConfig):
    name = "clustermon.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprise data")

    def ready(self) -> None:
        from clustermon.audit.queries import register_phrase

        register_phrase("enterprises.row_saved", _("%(actor)s listed or changed the enterprise %(enterprise)s "
                                                   "(%(code)s)"), _row_fields, details=False)
        register_phrase("enterprises.row_removed", _("%(actor)s removed the enterprise %(enterprise)s (%(code)s) "
                                                     "from the list"), _row_fields, details=False)
        register_phrase("enterprises.rows_replaced", _("%(actor)s replaced the enterprise list from a workbook "
                                                       "(%(rows)s enterprises)"), _list_fields, details=False)
