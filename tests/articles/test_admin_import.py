"""Importing articles from the admin: the upload page, the per-file report, the progress
partial the page polls, and who may do any of it."""

import io
import re
import zipfile
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.models import Article, ImportBatch, ImportItem
from tests.factories import ArticleFactory

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_IT = "001_7ed5909e1c1bcfe4.txt"
SEED_FR = "003_b775bf139eaac8af.txt"
UPLOAD_URL = reverse("admin:articles_importbatch_upload")

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_viewer(django_user_model):
    """Staff who may look at import batches but not start one."""
    user = django_user_model.objects.create_user("vera", password="vera-password-1", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_importbatch"))
    return user


def _seed(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (SEEDS / name).read_bytes(), content_type="text/plain")


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _upload(client, files, capture):
    """POST `files` to the upload page, running the import task the commit queues."""
    with capture(execute=True):
        return client.post(UPLOAD_URL, {"files": files})


class _TableText(HTMLParser):
    """The text of every table body row, cell by cell, as a reader sees it."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _report(html: str) -> dict[str, list[str]]:
    """The batch page's report: each file's line (outcome, article, detail) by file name."""
    parser = _TableText()
    parser.feed(html)
    return {row[0].rsplit("/", 1)[-1]: row[1:] for row in parser.rows if len(row) == 4}


def _progress_text(html: str) -> str:
    """The progress section's visible text, white space collapsed."""
    match = re.search(r'<section id="import-progress".*?</section>', html, re.DOTALL)
    assert match, "no progress section on the page"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(0))).split())


# -- the upload page ---------------------------------------------------------------------


def test_upload_page_shows_a_multipart_form_with_a_csrf_token(client, desk_admin):
    client.force_login(desk_admin)
    response = client.get(UPLOAD_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<form[^>]*method="post"[^>]*enctype="multipart/form-data"', html)
    assert 'name="csrfmiddlewaretoken"' in html
    assert re.search(r'<input[^>]*type="file"[^>]*name="files"[^>]*multiple', html)
    assert "Start import" in html


def test_staff_upload_of_several_files_reports_each_file(
    client, desk_admin, django_capture_on_commit_callbacks
):
    client.force_login(desk_admin)
    files = [_seed(SEED_IT), _seed(SEED_FR), SimpleUploadedFile("notes.pdf", b"%PDF-1.7 minutes")]

    response = _upload(client, files, django_capture_on_commit_callbacks)

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:articles_importbatch_change", args=[batch.pk])
    assert batch.status == ImportBatch.Status.DONE
    assert batch.source == ImportBatch.Source.ADMIN
    assert batch.created_by == desk_admin
    assert (batch.total_files, batch.processed_files) == (3, 3)
    assert (batch.created_count, batch.duplicate_count, batch.rejected_count) == (2, 0, 1)
    assert sorted(Article.objects.values_list("language", flat=True)) == ["fr", "it"]

    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert f"Import #{batch.pk} started with 3 files." in html
    assert 'id="import-progress"' in html
    assert _progress_text(html) == (
        "Progress: Done 100% 3 of 3 files read · 2 created · 0 duplicate · 1 rejected"
    )
    report = _report(html)
    it_article = Article.objects.get(language="it")
    assert report[SEED_IT] == ["Created", it_article.title, "Italian; 1 line(s) kept out of the body"]
    assert report[SEED_FR][0] == "Created"
    assert report["notes.pdf"] == ["Rejected", "", "unsupported file type '.pdf'"]
    # The created article opens in the desk's reader, where its claims are made.
    assert reverse("claims:reader", args=[it_article.pk]) in html
    assert reverse("admin:articles_article_change", args=[it_article.pk]) not in html


def test_uploading_the_same_files_again_reports_them_as_duplicates(
    client, desk_admin, django_capture_on_commit_callbacks
):
    client.force_login(desk_admin)
    _upload(client, [_seed(SEED_IT)], django_capture_on_commit_callbacks)
    response = _upload(client, [_seed(SEED_IT)], django_capture_on_commit_callbacks)

    html = client.get(response.url).content.decode()
    first = Article.objects.get()
    assert Article.objects.count() == 1
    assert "1 of 1 file read · 0 created · 1 duplicate · 0 rejected" in _progress_text(html)
    assert _report(html)[SEED_IT] == ["Duplicate", first.title, f"duplicate of #{first.pk}"]


def test_an_empty_file_in_an_upload_is_rejected_alone_and_the_others_import(
    client, desk_admin, django_capture_on_commit_callbacks
):
    client.force_login(desk_admin)
    files = [_seed(SEED_IT), SimpleUploadedFile("empty.txt", b"")]

    response = _upload(client, files, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.created_count, batch.rejected_count) == (1, 1)
    assert _report(client.get(response.url).content.decode())["empty.txt"] == ["Rejected", "", "empty file"]


def test_zip_upload_imports_its_entries_and_refuses_a_path_escaping_entry(
    client, desk_admin, django_capture_on_commit_callbacks, tmp_path
):
    client.force_login(desk_admin)
    archive = _zip(
        {
            SEED_IT: (SEEDS / SEED_IT).read_bytes(),
            f"inner/{SEED_FR}": (SEEDS / SEED_FR).read_bytes(),
            "../evil.txt": b"Meta ha deciso di rinviare il lancio: testo che non deve uscire dalla cartella.",
        }
    )

    response = _upload(
        client,
        [SimpleUploadedFile("desk.zip", archive, "application/zip")],
        django_capture_on_commit_callbacks,
    )

    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.total_files, batch.processed_files) == (3, 3)
    assert (batch.created_count, batch.duplicate_count, batch.rejected_count) == (2, 0, 1)
    assert Article.objects.count() == 2
    assert not Article.objects.filter(body__contains="non deve uscire").exists()
    assert not list(tmp_path.rglob("evil.txt"))

    html = client.get(response.url).content.decode()
    assert "3 of 3 files read · 2 created · 0 duplicate · 1 rejected" in _progress_text(html)
    report = _report(html)
    assert report[SEED_IT][0] == "Created"
    assert report[SEED_FR][0] == "Created"
    assert report["evil.txt"] == ["Rejected", "", "unsafe path in zip (absolute or '..'), entry refused"]
    assert "desk.zip/../evil.txt" in unescape(html)


# What a browser sends when the form is submitted with no file chosen: the file part has an
# empty file name, which Django's parser drops, so only the CSRF token arrives.
NO_FILE_CHOSEN = (
    "--b0undary\r\n"
    'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
    "token\r\n"
    "--b0undary\r\n"
    'Content-Disposition: form-data; name="files"; filename=""\r\n'
    "Content-Type: application/octet-stream\r\n\r\n"
    "\r\n"
    "--b0undary--\r\n"
)


def test_upload_without_a_file_shows_a_form_error_and_starts_nothing(client, desk_admin):
    client.force_login(desk_admin)

    response = client.post(UPLOAD_URL, NO_FILE_CHOSEN, content_type="multipart/form-data; boundary=b0undary")

    assert not ImportBatch.objects.exists()
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


# -- the progress partial ------------------------------------------------------------------


def test_progress_of_a_running_batch_polls_and_shows_the_share_done(client, desk_admin):
    client.force_login(desk_admin)
    batch = ImportBatch.objects.create(
        source=ImportBatch.Source.ADMIN, status=ImportBatch.Status.RUNNING, total_files=4, processed_files=1
    )
    url = reverse("admin:articles_importbatch_progress", args=[batch.pk])

    response = client.get(url, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "HX-Refresh" not in response.headers
    assert f'hx-get="{url}"' in html
    assert 'hx-trigger="every 1s"' in html
    assert re.search(r'<progress\b[^>]*\bvalue="25"', html)
    assert _progress_text(html).startswith("Progress: Running 25% 1 of 4 files read")


def test_progress_of_a_finished_batch_asks_htmx_to_reload_the_page_once(client, desk_admin):
    client.force_login(desk_admin)
    batch = ImportBatch.objects.create(
        source=ImportBatch.Source.ADMIN, status=ImportBatch.Status.DONE, total_files=2, processed_files=2
    )
    url = reverse("admin:articles_importbatch_progress", args=[batch.pk])

    by_htmx = client.get(url, headers={"HX-Request": "true"})
    plain = client.get(url)

    assert by_htmx.headers["HX-Refresh"] == "true"
    assert "HX-Refresh" not in plain.headers
    for response in (by_htmx, plain):
        html = response.content.decode()
        assert "hx-get" not in html
        assert _progress_text(html).startswith("Progress: Done 100% 2 of 2 files read")


def test_batch_page_of_a_running_import_polls_its_progress(client, desk_admin):
    client.force_login(desk_admin)
    batch = ImportBatch.objects.create(
        source=ImportBatch.Source.ADMIN, status=ImportBatch.Status.RUNNING, total_files=2
    )

    html = client.get(reverse("admin:articles_importbatch_change", args=[batch.pk])).content.decode()

    assert f'hx-get="{reverse("admin:articles_importbatch_progress", args=[batch.pk])}"' in html
    assert "No file has an outcome yet." in html


def test_progress_of_a_missing_batch_is_not_found(client, desk_admin):
    client.force_login(desk_admin)
    assert client.get(reverse("admin:articles_importbatch_progress", args=[999])).status_code == 404


# -- who may import ------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(UPLOAD_URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={UPLOAD_URL}"


def test_user_without_admin_access_is_sent_to_the_admin_login(client, fact_checker):
    client.force_login(fact_checker)
    response = client.post(UPLOAD_URL, {"files": [_seed(SEED_IT)]})
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert not ImportBatch.objects.exists()


def test_staff_without_the_add_permission_cannot_upload(client, staff_viewer):
    client.force_login(staff_viewer)
    assert client.get(UPLOAD_URL).status_code == 403
    assert client.post(UPLOAD_URL, {"files": [_seed(SEED_IT)]}).status_code == 403
    assert not ImportBatch.objects.exists()


def test_staff_with_view_permission_sees_batches_but_no_import_link(client, staff_viewer):
    ImportBatch.objects.create(source=ImportBatch.Source.COMMAND, status=ImportBatch.Status.DONE)
    client.force_login(staff_viewer)
    response = client.get(reverse("admin:articles_importbatch_changelist"))
    assert response.status_code == 200
    assert "1 import batch" in response.content.decode()
    assert UPLOAD_URL not in response.content.decode()


def test_upload_without_a_csrf_token_is_refused(desk_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(desk_admin)
    response = client.post(UPLOAD_URL, {"files": [_seed(SEED_IT)]})
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()
    assert not Article.objects.exists()


# -- a batch is a record ---------------------------------------------------------------------


def test_batch_list_offers_the_upload_page_and_no_add_button(client, desk_admin):
    client.force_login(desk_admin)
    html = client.get(reverse("admin:articles_importbatch_changelist")).content.decode()
    assert f'href="{UPLOAD_URL}"' in html
    assert "Import articles" in html
    assert reverse("admin:articles_importbatch_add") not in html
    assert client.get(reverse("admin:articles_importbatch_add")).status_code == 403


def test_batch_page_is_read_only_and_a_post_changes_nothing(client, desk_admin):
    client.force_login(desk_admin)
    batch = ImportBatch.objects.create(
        source=ImportBatch.Source.ADMIN,
        status=ImportBatch.Status.DONE,
        total_files=1,
        processed_files=1,
        created_count=1,
        description="one.txt",
    )
    url = reverse("admin:articles_importbatch_change", args=[batch.pk])

    html = client.get(url).content.decode()
    response = client.post(
        url, {"status": "failed", "description": "tampered", "created_count": "99", "_save": "Save"}
    )

    assert 'name="description"' not in html
    assert 'name="_save"' not in html
    assert response.status_code == 403
    batch.refresh_from_db()
    assert (batch.status, batch.description, batch.created_count) == ("done", "one.txt", 1)


# -- cost --------------------------------------------------------------------------------------


def test_batch_page_queries_do_not_grow_with_its_items(client, desk_admin, django_assert_max_num_queries):
    batch = ImportBatch.objects.create(source=ImportBatch.Source.ADMIN, status=ImportBatch.Status.DONE)
    articles = ArticleFactory.create_batch(50)
    ImportItem.objects.bulk_create(
        [
            ImportItem(batch=batch, name=f"{n}.txt", outcome="created", article=article)
            for n, article in enumerate(articles)
        ]
        + [ImportItem(batch=batch, name=f"bad-{n}.pdf", outcome="rejected", message="bad") for n in range(10)]
    )
    client.force_login(desk_admin)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("admin:articles_importbatch_change", args=[batch.pk]))

    report = _report(response.content.decode())
    assert len(report) == 60
    assert report["49.txt"][:2] == ["Created", articles[49].title]


@pytest.mark.django_db
def test_article_body_is_read_only_in_the_admin(client, desk_admin):
    from tests.factories import ArticleFactory

    article = ArticleFactory(body="Original body of the article.")
    client.force_login(desk_admin)
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = client.get(url).content.decode()
    assert 'name="body"' not in page
    client.post(
        url, {"title": "New title", "language": "en", "body": "Replaced!", "outlet": article.outlet_id}
    )
    article.refresh_from_db()
    assert article.body == "Original body of the article."


@pytest.mark.django_db
def test_a_pending_or_failed_batch_can_be_run_again_from_the_admin(
    client, desk_admin, django_capture_on_commit_callbacks
):
    from articles.models import ImportUpload

    failed = ImportBatch.objects.create(source="admin", status="failed", error="broker down", total_files=1)
    ImportUpload.objects.create(
        batch=failed,
        name="a.txt",
        file=SimpleUploadedFile("a.txt", b"Meta delayed Behemoth, people said today."),
    )
    done = ImportBatch.objects.create(source="admin", status="done")
    client.force_login(desk_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_importbatch_changelist"),
            {"action": "run_again", "_selected_action": [failed.pk, done.pk]},
            follow=True,
        )
    page = response.content.decode()
    assert "1 batch queued again." in page
    assert "1 batch running or done, left alone." in page
    failed.refresh_from_db()
    assert (failed.status, failed.created_count) == ("done", 1)


@pytest.mark.django_db
def test_a_non_numeric_batch_id_is_not_an_error_page(client, desk_admin):
    client.force_login(desk_admin)
    response = client.get("/admin/articles/importbatch/abc/change/")
    assert response.status_code in (302, 404)


@pytest.mark.django_db
def test_article_changelist_shows_dates_at_their_precision(client, desk_admin):
    import datetime

    from tests.factories import ArticleFactory

    ArticleFactory(published_on=datetime.date(2025, 5, 1), published_precision="month")
    client.force_login(desk_admin)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert ">2025-05<" in page


# -- the result page: rejections apart, articles in the reader -------------------------------


def _rejected_list(html: str) -> list[str]:
    """The lines of the page's "rejected" list, white space collapsed (empty when not shown)."""
    match = re.search(r'<div class="module" id="import-rejected">.*?</ul>', html, re.DOTALL)
    if not match:
        return []
    items = re.findall(r"<li>(.*?)</li>", match.group(0), re.DOTALL)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", item)).split()) for item in items]


def test_import_result_lists_the_rejected_files_apart_with_their_reasons(
    client, desk_admin, django_capture_on_commit_callbacks
):
    client.force_login(desk_admin)
    files = [
        _seed(SEED_IT),
        SimpleUploadedFile("empty.txt", b""),
        SimpleUploadedFile("notes.pdf", b"%PDF-1.7 minutes"),
    ]
    response = _upload(client, files, django_capture_on_commit_callbacks)

    html = client.get(response.url).content.decode()
    assert "2 files or rows rejected" in html
    assert _rejected_list(html) == ["empty.txt : empty file", "notes.pdf : unsupported file type '.pdf'"]
    # Above the full report, so the admin sees what to fix first.
    assert html.index('id="import-rejected"') < html.index('id="import-report"')


def test_import_result_lists_rejected_rows_of_a_spreadsheet_by_row(client, desk_admin):
    batch = ImportBatch.objects.create(source=ImportBatch.Source.ADMIN, status=ImportBatch.Status.DONE)
    ImportItem.objects.create(
        batch=batch, name="articles.csv, row 3", file="articles.csv", outcome="rejected", message="no body"
    )
    ImportItem.objects.create(batch=batch, name="articles.csv, row 2", file="articles.csv", outcome="created")
    client.force_login(desk_admin)
    html = client.get(reverse("admin:articles_importbatch_change", args=[batch.pk])).content.decode()
    assert "1 file or row rejected" in html
    assert _rejected_list(html) == ["articles.csv, row 3 : no body"]


def test_import_result_without_rejections_shows_no_rejected_list(
    client, desk_admin, django_capture_on_commit_callbacks
):
    client.force_login(desk_admin)
    response = _upload(client, [_seed(SEED_FR)], django_capture_on_commit_callbacks)
    html = client.get(response.url).content.decode()
    assert 'id="import-rejected"' not in html
    article = Article.objects.get()
    assert f'<a href="{reverse("claims:reader", args=[article.pk])}">' in html
