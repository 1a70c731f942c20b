"""The admin shows claims and their evidence; every state change goes through the workflow
service, with its checks (four eyes included, superusers too)."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from claims.models import (
    Claim,
    ClaimSource,
    Comment,
    DossierRevision,
    Fact,
    Notification,
    Source,
    Story,
    Transition,
    Verdict,
)
from claims.review.workflow import TRANSITIONS, review_transition


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record of what happened: viewed in the admin, changed only through the desk."""

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return [field.name for field in self.model._meta.fields]

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        # simple-history's "revert" form saves whatever is posted, past every workflow check.
        if request.method != "GET":
            raise PermissionDenied(_("History is read-only: changes go through the desk."))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class TransitionInline(admin.TabularInline):
    model = Transition
    fields = ["at", "by", "from_status", "to_status", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["statement", "article", "status", "author", "updated_at"]
    list_filter = ["status", "is_orphaned"]
    list_select_related = ["article", "author"]
    search_fields = ["statement", "exact", "claimant"]
    inlines = [TransitionInline]
    actions = ["submit", "approve", "request_changes", "publish", "retract"]

    def has_submit_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("claims.add_claim")

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("claims.review_claim")

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("claims.publish_claim")

    def _move(self, request: HttpRequest, queryset, action: str, comment: str = "") -> None:
        moved = 0
        for claim in queryset:
            try:
                review_transition(item=claim, action=action, by=request.user, comment=comment)
                moved += 1
            except (PermissionDenied, ValidationError) as exc:
                reason = " ".join(getattr(exc, "messages", [str(exc)]))
                self.message_user(
                    request, _("“%(claim)s”: %(reason)s") % {"claim": claim, "reason": reason}, messages.ERROR
                )
        if moved:
            done = ngettext(
                "%(move)s: done for %(count)d claim.", "%(move)s: done for %(count)d claims.", moved
            )
            self.message_user(
                request, done % {"count": moved, "move": TRANSITIONS[action].label}, messages.SUCCESS
            )

    @admin.action(description=gettext_lazy("Submit for review"), permissions=["submit"])
    def submit(self, request: HttpRequest, queryset) -> None:
        self._move(request, queryset, "submit")

    @admin.action(description=gettext_lazy("Approve (never your own: four eyes)"), permissions=["review"])
    def approve(self, request: HttpRequest, queryset) -> None:
        self._move(request, queryset, "approve")

    @admin.action(description=gettext_lazy("Publish (never your own: four eyes)"), permissions=["publish"])
    def publish(self, request: HttpRequest, queryset) -> None:
        self._move(request, queryset, "publish")

    def _move_with_comment(self, request: HttpRequest, queryset, action: str):
        """A move that needs a reason asks for it on a page of its own first."""
        comment = request.POST.get("comment", "").strip()
        if request.POST.get("confirm") and comment:
            self._move(request, queryset, action, comment)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": TRANSITIONS[action].label,
            "move": TRANSITIONS[action],
            "action": action,
            "queryset": queryset,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/claims/claim/transition_comment.html", context)

    @admin.action(description=gettext_lazy("Request changes (with a comment)"), permissions=["review"])
    def request_changes(self, request: HttpRequest, queryset):
        return self._move_with_comment(request, queryset, "request_changes")

    @admin.action(description=gettext_lazy("Retract (with the reason)"), permissions=["publish"])
    def retract(self, request: HttpRequest, queryset):
        return self._move_with_comment(request, queryset, "retract")


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["claim", "rating", "author", "approved_by", "approved_at"]
    list_filter = ["rating"]
    list_select_related = ["claim", "author", "approved_by"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "url", "published_on"]
    search_fields = ["title", "publisher", "url"]
    readonly_fields = ["url", "created_by", "created_at"]  # the url is the source's identity

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # sources are attached to claims from the desk, which normalizes the url

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # A source serves published claims: only an editor may correct its title or date.
        return request.user.has_perm("claims.review_claim") and super().has_change_permission(request, obj)


@admin.register(ClaimSource)
class ClaimSourceAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["claim", "source", "stance", "added_by", "created_at"]
    list_select_related = ["claim", "source", "added_by"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["claim", "author", "created_at", "body"]
    list_select_related = ["claim", "author"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "message", "created_at", "read_at", "emailed_at"]
    list_select_related = ["recipient"]


@admin.register(Story)
class StoryAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["title", "slug", "lead_editor", "updated_at"]
    search_fields = ["title", "slug"]


@admin.register(Fact)
class FactAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["statement", "story", "status", "rating", "author", "updated_at"]
    list_filter = ["status", "rating", "story"]
    search_fields = ["statement"]


@admin.register(DossierRevision)
class DossierRevisionAdmin(ReadOnlyAdmin):
    """Published revisions, as they were published (they never change)."""

    list_display = ["story", "number", "published_by", "published_at", "is_correction"]
    list_filter = ["story", "is_correction"]
    exclude = ["html"]


class DeskUserAdmin(UserAdmin):
    """Desk admins manage accounts and their roles, never more rights than a role gives:
    only a superuser grants superuser status or single permissions, or edits a superuser."""

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)


admin.site.unregister(User)
admin.site.register(User, DeskUserAdmin)
