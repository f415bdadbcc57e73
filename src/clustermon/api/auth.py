"""Bearer tokens: `POST /api/token` with username and password, then `Authorization: Bearer <token>`."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from clustermon.api.models import ApiToken, hash_key

# last_used is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):  # noqa: ANN201 - User | None
        if not token or len(token) > 200:
            return None
        found = ApiToken.objects.select_related("user").filter(key_hash=hash_key(token)).first()
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used is None or now - found.last_used > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        request.user = found.user
        return found.user


def credentials(request: HttpRequest) -> tuple[str, str]:
    """username and password from a JSON body or a form body."""
    content_type = (request.content_type or "").lower()
    if content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            data = {}
        if not isinstance(data, dict):
            data = {}
    else:
        data = request.POST
    username, password = data.get("username"), data.get("password")
    return (username if isinstance(username, str) else "", password if isinstance(password, str) else "")


def issue_token(request: HttpRequest) -> str | None:
    """A new token for valid credentials, else None."""
    username, password = credentials(request)
    if not username or not password:
        return None
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        return None
    _token, key = ApiToken.objects.issue(user)
    return key
