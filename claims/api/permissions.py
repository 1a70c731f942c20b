"""Who may use the desk's API at all (each object is then checked by claims/access.py)."""

from rest_framework import permissions

from claims.access import can_read_claims, can_read_stories


class CanReadClaims(permissions.BasePermission):
    message = "Your account has no role on the desk yet: ask an admin."

    def has_permission(self, request, view) -> bool:
        return can_read_claims(request.user)


class CanReadStories(permissions.BasePermission):
    message = "Your account has no role on the desk yet: ask an admin."

    def has_permission(self, request, view) -> bool:
        return can_read_stories(request.user)
