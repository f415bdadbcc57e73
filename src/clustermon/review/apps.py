from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "clustermon.review"
    label = "review"
    verbose_name = _("Review")

    def ready(self) -> None:
        from clustermon.audit.queries import register_phrase

        def site_check(event) -> dict:  # noqa: ANN001 - AuditEvent
            after = event.after or {}
            return {"date": after.get("date", ""), "inspectors": after.get("inspectors", ""),
                    "count": len(after.get("corrections") or [])}

        register_phrase("review.pass", _("%(actor)s passed the submission on (“%(from)s” → “%(to)s”)"))
        register_phrase("review.return", _("%(actor)s returned the submission to its submitters "
                                           "(from “%(from)s”)"))
        register_phrase("review.site_check", _("%(actor)s recorded an on-site check of %(date)s by "
                                               "%(inspectors)s, %(count)s value(s) corrected"), site_check)
