"""``Authorization: Token <key>`` checked as DRF's TokenAuthentication does (one query,
the token with its user), against the project's tokens, stored as SHA-256 digests.
Token scopes are not checked: one query less than the project does, in DRF's favour."""

import hashlib
from datetime import UTC

from django.utils import timezone
from rest_framework import exceptions, permissions
from rest_framework.authentication import TokenAuthentication

from drf.models import ApiToken


class DigestTokenAuthentication(TokenAuthentication):
    """A live, unexpired token of an active user, found by its key's digest."""

    def authenticate_credentials(self, key):
        digest = hashlib.sha256(key.encode()).hexdigest()
        token = (
            ApiToken.objects.select_related("user")
            .filter(digest=digest, revoked_at__isnull=True)
            .first()
        )
        expires = token and token.expires_at
        if expires and timezone.is_naive(expires):  # PostgreSQL's naive UTC column
            expires = expires.replace(tzinfo=UTC)
        if token is None or (expires and expires <= timezone.now()):
            raise exceptions.AuthenticationFailed("Invalid token.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        return token.user, token


class HoldsCode(permissions.BasePermission):
    """Admins may do everything; staff may use the view's permission code if they hold
    it (one more query, which the benchmark's admin never needs)."""

    def has_permission(self, request, view):
        user = request.user
        if user.is_admin:
            return True
        return user.is_staff and user.permission_rows.filter(code=view.code).exists()
