"""POST /api/token."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from clustermon.api.auth import issue_token
from clustermon.api.schemas import Detail, TokenOut

router = Router(tags=["auth"])

_CREDENTIALS = {
    "type": "object",
    "required": ["username", "password"],
    "properties": {"username": {"type": "string"}, "password": {"type": "string", "format": "password"}},
}


@router.post(
    "/token", auth=None, response={200: TokenOut, 401: Detail}, url_name="token",
    summary="Get a token",
    description="Exchange a username and password (JSON or form body) for a bearer token.",
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": _CREDENTIALS},
        "application/x-www-form-urlencoded": {"schema": _CREDENTIALS},
    }}},
)
def token(request: HttpRequest):  # noqa: ANN201
    key = issue_token(request)
    if key is None:
        return Status(401, {"detail": _("Wrong username or password.")})
    return Status(200, {"token": key})
