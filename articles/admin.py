from collections import Counter

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export.admin import ImportExportModelAdmin

from articles.access import access_import_batch, can_import
from articles.formats import SPREADSHEET_FORMATS
from articles.forms import ImportUploadForm
from articles.models import Article, ImportBatch, ImportItem, Outlet
from articles.resources import ArticleResource
from articles.services.batches import (
    NOT_QUEUED,
    import_batch_is_stalled,
    import_batch_poll_seconds,
    import_batch_requeue,
)
from articles.services.import_ import import_uploaded_files


def _poll_state(request: HttpRequest) -> dict[str, int | None]:
    """What the progress poll saw last time (htmx sends it back): its interval and the files read."""
    state: dict[str, int | None] = {}
    for key in ("after", "seen"):
        value = request.GET.get(key, "")
        state[key] = int(value) if value.isdigit() else None
    return state


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain"]
    search_fields = ["name", "domain"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(ImportExportModelAdmin):
    resource_classes = [ArticleResource]
    # CSV, JSON and XLSX only, with formulas escaped in spreadsheets (articles/formats.py).
    import_formats = export_formats = SPREADSHEET_FORMATS
    list_display = [
        "title",
        "outlet",
        "language",
        "published",
        "import_batch",
        "created_at",
    ]
    list_filter = ["language", "outlet", "published_precision"]
    list_select_related = ["outlet", "import_batch"]
    search_fields = ["title", "body", "byline"]
    # The body changes only through the desk's correction page, which re-anchors the claims
    # and keeps each version.
    readonly_fields = [
        "body",
        "content_hash",
        "raw_text",
        "source_name",
        "import_batch",
        "created_at",
        "updated_at",
    ]
    autocomplete_fields = ["outlet"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=gettext_lazy("Published"), ordering="published_on")
    def published(self, article: Article) -> str:
        return article.published_display or "—"  # 2025-05, not "May 1, 2025"

    # django-import-export lets every staff user import and export unless told otherwise.
    def has_import_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "created_by",
        "created_at",
        "status",
        "created_count",
        "duplicate_count",
        "rejected_count",
    ]
    list_filter = ["status", "source"]
    list_select_related = ["created_by"]
    change_form_template = "admin/articles/importbatch/change_form.html"
    change_list_template = "admin/articles/importbatch/change_list.html"
    readonly_fields = [
        "source",
        "description",
        "created_by",
        "created_at",
        "status",
        "total_files",
        "processed_files",
        "created_count",
        "duplicate_count",
        "rejected_count",
        "started_at",
        "finished_at",
        "heartbeat_at",
        "attempts",
        "queued_at",
        "error",
    ]
    fields = readonly_fields

    actions = ["run_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # batches start from the upload page or the command line

    def has_import_permission(self, request: HttpRequest) -> bool:
        return can_import(request.user)

    @admin.action(
        description=gettext_lazy("Run again (pending, failed or stalled batches)"), permissions=["import"]
    )
    def run_again(self, request: HttpRequest, queryset) -> None:
        outcomes = Counter(import_batch_requeue(batch=batch) for batch in queryset)
        waiting = queryset.filter(status=ImportBatch.Status.PENDING, error=NOT_QUEUED).count()
        left = outcomes[False] - waiting
        queued = ngettext("%(count)d batch queued again.", "%(count)d batches queued again.", outcomes[True])
        self.message_user(request, queued % {"count": outcomes[True]})
        if left:
            alone = ngettext(
                "%(count)d batch running or done, left alone.",
                "%(count)d batches running or done, left alone.",
                left,
            )
            self.message_user(request, alone % {"count": left})
        if waiting:
            not_queued = ngettext(
                "%(count)d batch not queued: %(reason)s", "%(count)d batches not queued: %(reason)s", waiting
            )
            self.message_user(
                request, not_queued % {"count": waiting, "reason": _(NOT_QUEUED)}, messages.WARNING
            )

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a batch is a record of what happened

    REPORT_LINES = 1000

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        if not object_id.isdigit():  # let the admin say "no such batch"
            return super().change_view(request, object_id, form_url, extra_context)
        items = ImportItem.objects.filter(batch_id=object_id)
        # Rejections first: they are what an admin has to act on.
        report = items.annotate(
            is_rejected=Case(When(outcome=ImportItem.Outcome.REJECTED, then=0), default=1)
        )
        batch = ImportBatch.objects.filter(pk=object_id).first()
        lines = list(report.select_related("article").order_by("is_rejected", "id")[: self.REPORT_LINES])
        # The rejections apart, with their reasons: what the admin has to fix and import again
        # (the report lists them first, so they are all in its first lines).
        rejected = [line for line in lines if line.outcome == ImportItem.Outcome.REJECTED]
        extra_context = {
            **(extra_context or {}),
            "poll": batch and import_batch_poll_seconds(batch=batch),
            "stalled": batch and import_batch_is_stalled(batch=batch),
            "rejected": rejected,
            "rejected_total": max(len(rejected), batch.rejected_count if batch else 0),
            "report": lines,
            "report_total": items.count(),
            "report_limit": self.REPORT_LINES,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        custom = [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="articles_importbatch_upload"),
            path(
                "<int:batch_id>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="articles_importbatch_progress",
            ),
        ]
        return custom + super().get_urls()

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not can_import(request.user):
            raise PermissionDenied
        form = (
            ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else ImportUploadForm()
        )
        if request.method == "POST" and form.is_valid():
            batch = import_uploaded_files(files=form.cleaned_data["files"], created_by=request.user)
            count = len(form.cleaned_data["files"])
            if batch.error == NOT_QUEUED:
                saved = ngettext(
                    "Import #%(batch)s saved with %(count)s file.",
                    "Import #%(batch)s saved with %(count)s files.",
                    count,
                ) % {"batch": batch.pk, "count": count}
                messages.warning(request, saved + " " + _(NOT_QUEUED))
            else:
                messages.success(
                    request,
                    ngettext(
                        "Import #%(batch)s started with %(count)s file.",
                        "Import #%(batch)s started with %(count)s files.",
                        count,
                    )
                    % {"batch": batch.pk, "count": count},
                )
            return redirect("admin:articles_importbatch_change", batch.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import articles",
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/importbatch/upload.html", context)

    def progress_view(self, request: HttpRequest, batch_id: int) -> HttpResponse:
        batch = access_import_batch(request.user, batch_id)
        context = {
            "batch": batch,
            "poll": import_batch_poll_seconds(batch=batch, **_poll_state(request)),
            "stalled": import_batch_is_stalled(batch=batch),
        }
        response = TemplateResponse(request, "admin/articles/importbatch/_partials/progress.html", context)
        if batch.is_finished and request.htmx:
            response["HX-Refresh"] = "true"  # reload once, to show the per-file report
        return response
