"""The NinjaAPI: title, version, bearer auth and errors as `{"detail": "…"}` in the user's language.

The language is the request's (Accept-Language, via Django's LocaleMiddleware), Chinese by default.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from clustermon.api.auth import BearerAuth
from clustermon.review.actions import ChangedMeanwhile
from clustermon.submissions import actions as submission_actions
from clustermon.web.errors import ActionRefused

# Refusals because the object changed since the caller read it: 409 Conflict.
CONFLICTS = (ChangedMeanwhile, submission_actions.ChangedMeanwhile)

api = NinjaAPI(
    title="clustermon API",
    version="1.0",
    description=(
        "Industrial cluster monitoring (产业集群监测评价): clusters, rounds, submissions and their review. "
        "Get a token with `POST /api/token` (username, password) and send it as "
        "`Authorization: Bearer <token>`. Objects outside your scope answer 404; errors are "
        "`{\"detail\": \"…\"}` in the language of `Accept-Language` (Chinese by default)."
    ),
    urls_namespace="api",
    auth=BearerAuth(),
)


def _detail(request: HttpRequest, message: str, status: int, **extra) -> HttpResponse:  # noqa: ANN003
    return api.create_response(request, {"detail": message, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _detail(request, _("Authentication required: send a valid token as "
                                  "“Authorization: Bearer <token>” (get one from POST /api/token)."), 401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _detail(request, _("Not found."), 404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _detail(request, _("You may not do this."), 403)


@api.exception_handler(ActionRefused)
def refused(request: HttpRequest, exc: ActionRefused) -> HttpResponse:
    """400 with the user-facing message; 409 when the object changed meanwhile; a validation
    report (errors and warnings per indicator) when submission was refused by validation."""
    if isinstance(exc, CONFLICTS):
        return _detail(request, exc.message, 409)
    report = getattr(exc, "report", None)
    extra = {"report": report.as_dict()} if report is not None and hasattr(report, "as_dict") else {}
    return _detail(request, exc.message, 400, **extra)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _detail(request, _("The request is not valid."), 422, errors=exc.errors)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _detail(request, str(exc), exc.status_code)


def register() -> None:
    """Mount the routers (imported here so that the NinjaAPI exists first)."""
    from clustermon.api import registry, results, review, submissions, token

    api.add_router("", token.router)
    api.add_router("", registry.router)
    api.add_router("", submissions.router)
    api.add_router("", review.router)
    api.add_router("", results.router)


register()
