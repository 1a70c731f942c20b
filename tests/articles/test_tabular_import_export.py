"""Spreadsheet import and export of articles (CSV, JSON, XLSX) through django-import-export:
rows get the same preparation as every other import, duplicates are skipped, bad rows are
reported with their reason, and an export re-imports as all duplicates."""

import csv
import datetime
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
import tablib
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ImportBatch, Outlet
from articles.resources import ArticleResource
from articles.services.import_ import import_paths

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
NBSP = "\u00a0"
EXPORT_HEADER = ["title", "outlet", "byline", "url", "language", "published", "body", "content_hash"]
# The columns of a sheet exported by the desk; a hand-made sheet may leave content_hash out.
HEADERS = ["title", "body", "outlet", "language", "published", "content_hash"]

BODY_IT = f"Meta ha deciso di rinviare il lancio di Behemoth.\r\nSecondo fonti interne,{NBSP}il modello non convince ancora i suoi ingegneri."
BODY_EN = "Meta delayed the release of Behemoth, sources told the New York Times. The model was trained."
BODY_FR = "Meta repousse le lancement de son modèle Behemoth : un délai possiblement à l’automne."

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    import_paths(paths=[SEEDS])
    return {a.source_name.rsplit("/", 1)[-1][:3]: a for a in Article.objects.all()}


def _dataset(*rows: tuple, headers=HEADERS) -> tablib.Dataset:
    """A sheet with `headers`; rows give every column but content_hash, left empty."""
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append([*row, ""] if "content_hash" in headers else list(row))
    return dataset


def _row_errors(result) -> dict[int, list[str]]:
    return {number: [str(error.error) for error in errors] for number, errors in result.row_errors()}


def _exported_rows(dataset: tablib.Dataset) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(dataset.export("csv"))))


# -- import through the resource -------------------------------------------------------------


def test_rows_import_as_normalized_articles_with_detected_language_outlet_and_date():
    dataset = _dataset(
        ("Rinvio di Behemoth", BODY_IT, "Il Foglio", "", "2025-05"),
        ("Behemoth delayed", BODY_EN, "Wired", "en", "2025-05-14"),
        ("", BODY_FR, "", "", "2025"),
    )

    result = ArticleResource().import_data(dataset, dry_run=False)

    assert not result.has_errors()
    assert result.totals["new"] == 3
    italian = Article.objects.get(title="Rinvio di Behemoth")
    assert italian.body == (
        f"Meta ha deciso di rinviare il lancio di Behemoth.\nSecondo fonti interne,{NBSP}il modello non convince ancora i suoi ingegneri."
    )
    assert italian.raw_text == BODY_IT
    assert italian.language == "it"
    assert italian.outlet == Outlet.objects.get(name="Il Foglio")
    assert italian.outlet.slug == "il-foglio"
    assert (italian.published_on, italian.published_precision) == (datetime.date(2025, 5, 1), "month")
    english = Article.objects.get(title="Behemoth delayed")
    assert (english.language, english.outlet.name) == ("en", "Wired")
    assert (english.published_on, english.published_precision) == (datetime.date(2025, 5, 14), "day")
    french = Article.objects.get(language="fr")
    assert french.title == BODY_FR  # no title column: the body's first sentence
    assert french.outlet is None
    assert (french.published_on, french.published_precision) == (datetime.date(2025, 1, 1), "year")


def test_a_sheet_without_a_content_hash_column_imports():
    dataset = _dataset(
        ("Rinvio di Behemoth", BODY_IT, "Il Foglio", "", "2025-05"),
        headers=["title", "body", "outlet", "language", "published"],
    )

    result = ArticleResource().import_data(dataset, dry_run=False)

    assert [str(error.error) for error in result.base_errors] == []
    assert Article.objects.filter(title="Rinvio di Behemoth").exists()


def test_importing_the_same_sheet_again_skips_every_row_as_a_duplicate():
    dataset = _dataset(
        ("Rinvio di Behemoth", BODY_IT, "Il Foglio", "", "2025-05"),
        ("Behemoth delayed", BODY_EN, "Wired", "en", "2025-05-14"),
    )
    ArticleResource().import_data(dataset, dry_run=False)
    first = set(Article.objects.values_list("pk", "updated_at"))

    result = ArticleResource().import_data(dataset, dry_run=False)

    assert not result.has_errors()
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 0, 2)
    assert [row.import_type for row in result.rows] == ["skip", "skip"]
    assert set(Article.objects.values_list("pk", "updated_at")) == first


def test_a_row_repeating_an_earlier_row_of_the_sheet_is_skipped():
    dataset = _dataset(
        ("Behemoth delayed", BODY_EN, "Wired", "en", ""),
        ("Behemoth delayed (copy)", f"  {BODY_EN}\r\n", "Wired", "en", ""),
    )

    result = ArticleResource().import_data(dataset, dry_run=False)

    assert [row.import_type for row in result.rows] == ["new", "skip"]
    assert list(Article.objects.values_list("title", flat=True)) == ["Behemoth delayed"]


def test_bad_rows_are_reported_with_their_reason_and_roll_the_whole_sheet_back():
    dataset = _dataset(
        ("Behemoth delayed", BODY_EN, "Wired", "en", "2025-05-14"),
        ("Bad date", BODY_FR, "Le Monde", "", "2025-13-45"),
        ("Bad language", BODY_IT, "Il Foglio", "xx", ""),
    )

    result = ArticleResource().import_data(dataset, dry_run=False)

    assert result.has_errors()
    assert _row_errors(result) == {
        2: ["row 2: published date '2025-13-45' does not exist"],
        3: ["row 3: unknown language 'xx'"],
    }
    assert (result.totals["new"], result.totals["error"]) == (1, 2)
    # django-import-export runs the sheet in one transaction and rolls it back on any error.
    assert not Article.objects.exists()
    assert not Outlet.objects.exists()


def test_without_a_transaction_only_the_bad_rows_are_left_out():
    dataset = _dataset(
        ("Behemoth delayed", BODY_EN, "Wired", "en", "2025-05-14"),
        ("Bad date", BODY_FR, "Le Monde", "", "2025-13-45"),
    )

    result = ArticleResource().import_data(dataset, dry_run=False, use_transactions=False)

    assert _row_errors(result) == {2: ["row 2: published date '2025-13-45' does not exist"]}
    assert list(Article.objects.values_list("title", flat=True)) == ["Behemoth delayed"]
    assert not Outlet.objects.filter(name="Le Monde").exists()


def test_a_dry_run_reports_new_rows_and_writes_nothing():
    dataset = _dataset(("Behemoth delayed", BODY_EN, "Wired", "en", ""))

    result = ArticleResource().import_data(dataset, dry_run=True)

    assert result.totals["new"] == 1
    assert not Article.objects.exists()
    assert not Outlet.objects.exists()


# -- export ----------------------------------------------------------------------------------


def test_csv_export_has_the_documented_columns_and_dates_at_their_precision(seeded):
    rows = _exported_rows(ArticleResource().export())

    assert list(rows[0]) == EXPORT_HEADER
    assert len(rows) == 5
    by_hash = {row["content_hash"]: row for row in rows}
    seed_001 = by_hash[seeded["001"].content_hash]
    assert seed_001["published"] == "2025-05"
    assert seed_001["language"] == "it"
    assert seed_001["body"] == seeded["001"].body
    assert seed_001["title"] == seeded["001"].title
    assert by_hash[seeded["000"].content_hash]["byline"] == "Fantasy"
    assert by_hash[seeded["004"].content_hash]["published"] == ""


def test_json_export_keeps_non_breaking_spaces(seeded):
    records = json.loads(ArticleResource().export().export("json"))

    assert [list(record) for record in records] == [EXPORT_HEADER] * 5
    by_hash = {record["content_hash"]: record for record in records}
    assert f"«{NBSP}Behemoth{NBSP}»" in by_hash[seeded["003"].content_hash]["title"]
    assert by_hash[seeded["003"].content_hash]["language"] == "fr"


def test_xlsx_export_reads_back_with_the_same_titles(seeded):
    data = ArticleResource().export().export("xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert list(header) == EXPORT_HEADER
    assert sorted(row[0] for row in rows) == sorted(a.title for a in seeded.values())


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imported_again_is_all_duplicates(seeded, file_format):
    exported = ArticleResource().export().export(file_format)

    result = ArticleResource().import_data(tablib.Dataset().load(exported, format=file_format), dry_run=False)

    assert not result.has_errors(), _row_errors(result)
    assert (result.totals["new"], result.totals["skip"]) == (0, 5)
    assert Article.objects.count() == 5


# -- through the admin -------------------------------------------------------------------------


def _format_choice(response, title: str) -> str:
    return next(value for value, label in response.context["form"].fields["format"].choices if label == title)


def _csv_upload(rows: list[list[str]], name="articles.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def test_article_list_offers_import_and_export_to_an_admin(client, desk_admin):
    client.force_login(desk_admin)
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert re.search(rf"href=.{reverse('admin:articles_article_import')}.[^>]*>Import</a>", html)
    assert re.search(rf"href=.{reverse('admin:articles_article_export')}\?*.[^>]*>Export</a>", html)


def test_import_page_lists_formats_and_the_columns_it_reads(client, desk_admin):
    client.force_login(desk_admin)
    response = client.get(reverse("admin:articles_article_import"))
    html = response.content.decode()
    assert response.status_code == 200
    labels = [label for _, label in response.context["form"].fields["format"].choices]
    assert {"csv", "xlsx", "json"} <= set(labels)
    assert 'enctype="multipart/form-data"' in html
    assert "title, outlet, byline, url, language, published, body, content_hash" in html


def test_admin_import_previews_then_creates_on_confirmation(client, desk_admin):
    client.force_login(desk_admin)
    page = client.get(reverse("admin:articles_article_import"))
    upload = _csv_upload(
        [HEADERS, ["Behemoth delayed", BODY_EN, "Wired", "en", "2025-05", ""], ["", BODY_IT, "", "", "", ""]]
    )

    preview = client.post(
        reverse("admin:articles_article_import"),
        {"resource": "0", "format": _format_choice(page, "csv"), "import_file": upload},
    )

    assert preview.status_code == 200
    assert not Article.objects.exists()
    assert [row.import_type for row in preview.context["result"].rows] == ["new", "new"]
    confirm = preview.context["confirm_form"]
    assert "Confirm import" in preview.content.decode()

    done = client.post(reverse("admin:articles_article_process_import"), confirm.initial, follow=True)

    assert done.redirect_chain == [(reverse("admin:articles_article_changelist"), 302)]
    assert "Import finished: 2 new, 0 updated, 0 deleted and 0 skipped articles." in done.content.decode()
    assert sorted(Article.objects.values_list("language", flat=True)) == ["en", "it"]
    english = Article.objects.get(language="en")
    assert (english.outlet.name, english.published_display) == ("Wired", "2025-05")


def test_admin_import_of_a_sheet_with_a_bad_row_shows_the_reason_and_offers_no_confirmation(
    client, desk_admin
):
    client.force_login(desk_admin)
    page = client.get(reverse("admin:articles_article_import"))
    upload = _csv_upload(
        [HEADERS, ["Behemoth delayed", BODY_EN, "Wired", "en", "", ""], ["", BODY_IT, "", "klingon", "", ""]]
    )

    preview = client.post(
        reverse("admin:articles_article_import"),
        {"resource": "0", "format": _format_choice(page, "csv"), "import_file": upload},
    )

    html = preview.content.decode()
    assert preview.status_code == 200
    assert "row 2: unknown language &#x27;klingon&#x27;" in html
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    assert "Confirm import" not in html
    assert not Article.objects.exists()


def test_admin_export_downloads_a_csv_of_the_articles(client, desk_admin, seeded):
    client.force_login(desk_admin)
    url = reverse("admin:articles_article_export")
    page = client.get(url)
    data = {"resource": "0", "format": _format_choice(page, "csv")}
    data.update({f"articleresource_{name}": "on" for name in EXPORT_HEADER})

    response = client.post(url, data)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="Article-' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == EXPORT_HEADER
    assert {row["content_hash"] for row in rows} == {a.content_hash for a in seeded.values()}


@pytest.fixture
def staff_reader(django_user_model):
    """Staff who may read articles in the admin but not add any."""
    user = django_user_model.objects.create_user("dave", password="dave-password-1", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    return user


def test_staff_without_the_add_article_permission_cannot_import(client, staff_reader):
    client.force_login(staff_reader)
    upload = _csv_upload([HEADERS, ["Behemoth delayed", BODY_EN, "", "en", "", ""]])

    page = client.get(reverse("admin:articles_article_import"))
    preview = client.post(
        reverse("admin:articles_article_import"), {"resource": "0", "format": "0", "import_file": upload}
    )
    confirm = preview.context["confirm_form"].initial if preview.status_code == 200 else {}
    client.post(reverse("admin:articles_article_process_import"), confirm)

    assert not Article.objects.exists()
    assert (page.status_code, preview.status_code) == (403, 403)


def test_staff_without_any_article_permission_cannot_export(client, staff_viewer_of_nothing, seeded):
    client.force_login(staff_viewer_of_nothing)
    data = {"resource": "0", "format": "0", **{f"articleresource_{name}": "on" for name in EXPORT_HEADER}}

    response = client.post(reverse("admin:articles_article_export"), data)

    assert response.status_code == 403
    assert seeded["001"].body[:40].encode() not in response.content


@pytest.fixture
def staff_viewer_of_nothing(django_user_model):
    """Staff with no permission on articles at all."""
    return django_user_model.objects.create_user("erin", password="erin-password-1", is_staff=True)


def test_a_sheet_with_an_unknown_column_is_refused_naming_it():
    dataset = tablib.Dataset(headers=["title", "body", "author"])
    dataset.append(["T", BODY_EN, "Jane"])
    result = ArticleResource().import_data(dataset, dry_run=False)
    assert result.has_errors()
    assert "Unknown column 'author'" in str(result.base_errors[0].error)
    assert not Article.objects.exists()


def test_a_corrected_article_exported_and_imported_again_is_a_duplicate(editor):
    from claims.reader.services import article_correct_body

    dataset = tablib.Dataset(headers=["title", "body"])
    dataset.append(["T", BODY_EN])
    ArticleResource().import_data(dataset, dry_run=False)
    article = Article.objects.get()
    article_correct_body(
        article=article, body=article.body + " Corrected.", by=editor, note="n", base_version=1
    )
    exported = ArticleResource().export()
    result = ArticleResource().import_data(tablib.Dataset().load(exported.csv, format="csv"), dry_run=False)
    assert not result.has_errors()
    assert Article.objects.count() == 1
    assert result.totals["skip"] == 1


def test_a_sheet_import_is_recorded_as_a_batch_with_a_line_per_row(desk_admin):
    dataset = tablib.Dataset(headers=["title", "body"])
    dataset.append(["One", BODY_EN])
    dataset.append(["Same again", BODY_EN])
    ArticleResource().import_data(dataset, dry_run=False, user=desk_admin, file_name="desk.csv")
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created_by, batch.description) == (
        "done",
        desk_admin,
        "Spreadsheet: desk.csv",
    )
    assert (batch.created_count, batch.duplicate_count, batch.rejected_count) == (1, 1, 0)
    article = Article.objects.get()
    assert article.import_batch == batch
    assert list(batch.items.values_list("name", "outcome", "article_id")) == [
        ("row 1", "created", article.pk),
        ("row 2", "duplicate", article.pk),
    ]


def test_a_dry_run_records_no_batch():
    dataset = tablib.Dataset(headers=["title", "body"])
    dataset.append(["One", BODY_EN])
    ArticleResource().import_data(dataset, dry_run=True)
    assert not ImportBatch.objects.exists()
