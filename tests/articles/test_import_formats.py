"""Each format the pipeline reads, from a file on disk to an Article."""

import datetime
import json
import zipfile

import pytest

from articles.models import Article, Outlet
from tests.articles.helpers import run_import

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
IT_BODY = (
    "Meta ha deciso di rinviare il lancio del suo modello più grande, secondo fonti interne. "
    "Il modello avrebbe circa 2 trilioni di parametri."
)
FR_BODY = (
    f"Meta repousse le lancement de son modèle «{NBSP}Behemoth{NBSP}» à l’automne, "
    "selon le Wall Street Journal. Les ingénieurs peinent à l’améliorer."
)
EN_BODY = "Meta delayed the release of Behemoth, sources told the New York Times. The model was trained."


def test_txt_with_headline_and_byline(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"Meta rinvia Behemoth\n\nDi Mario Rossi\n\n{IT_BODY}\n", encoding="utf-8")
    batch, items = run_import(path)
    article = Article.objects.get()
    assert (article.title, article.byline, article.language) == ("Meta rinvia Behemoth", "Mario Rossi", "it")
    assert article.body == IT_BODY
    assert items["a.txt"].outcome == "created"
    assert article.import_batch == batch


def test_markdown_heading_becomes_the_title(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(f"# Meta delays Behemoth\n\n{EN_BODY}\n", encoding="utf-8")
    run_import(path)
    article = Article.objects.get()
    assert article.title == "Meta delays Behemoth"
    assert article.body == EN_BODY


def test_html_main_text_is_extracted_without_scripts_or_markup(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        """<!doctype html><html lang="fr"><head><title>Meta repousse Behemoth</title>
        <meta name="author" content="Marie Dupont"><meta property="og:site_name" content="Le Journal">
        <meta property="article:published_time" content="2025-05-16">
        <script>document.write('<b>tracker</b>')</script><style>p{color:red}</style></head>
        <body><nav><a href="/">Accueil</a> <a href="/tech">Tech</a></nav>
        <article><h1>Meta repousse Behemoth</h1>
        <p>Meta repousse le lancement de son modèle &laquo;&nbsp;Behemoth&nbsp;&raquo; à l’automne,
        selon le Wall Street Journal.</p><p>Les ingénieurs peinent à l’améliorer &amp; à le
        justifier <em>publiquement</em>.</p><script>var x = 1;</script></article>
        <footer>© 2025 Le Journal</footer></body></html>""",
        encoding="utf-8",
    )
    batch, items = run_import(path)
    assert items["page.html"].outcome == "created", items["page.html"].message
    article = Article.objects.get()
    assert article.title == "Meta repousse Behemoth"
    assert article.byline == "Marie Dupont"
    assert article.outlet.name == "Le Journal"
    assert article.published_on == datetime.date(2025, 5, 16)
    assert article.published_precision == "day"
    assert article.language == "fr"
    assert f"«{NBSP}Behemoth{NBSP}»" in article.body
    assert "&" in article.body
    for leftover in ("<", "tracker", "var x", "color:red", "Accueil"):
        assert leftover not in article.body
    assert "<script>" in article.raw_text


def test_html_page_without_article_text_is_rejected(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><script>1</script></body></html>", encoding="utf-8")
    batch, items = run_import(path)
    assert items["empty.html"].outcome == "rejected"
    assert items["empty.html"].message == "no article text found in the HTML page"
    assert not Article.objects.exists()


def test_json_object_with_all_fields(tmp_path):
    path = tmp_path / "one.json"
    record = {
        "title": "Meta delays Behemoth",
        "body": EN_BODY,
        "outlet": "The Example Times",
        "byline": "Jane Doe",
        "url": "https://example.org/behemoth",
        "language": "en",
        "published": "2025-06-20",
    }
    path.write_text(json.dumps(record), encoding="utf-8")
    run_import(path)
    article = Article.objects.get()
    assert (article.title, article.outlet.name, article.byline, article.url) == (
        "Meta delays Behemoth",
        "The Example Times",
        "Jane Doe",
        "https://example.org/behemoth",
    )
    assert article.published_display == "2025-06-20"


def test_json_list_imports_each_article_and_reports_each(tmp_path):
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"body": IT_BODY}, {"body": FR_BODY}, {"body": IT_BODY}]), encoding="utf-8")
    batch, items = run_import(path)
    assert [items[f"list.json#{i}"].outcome for i in (1, 2, 3)] == ["created", "created", "duplicate"]
    assert items["list.json#3"].message == f"duplicate of #{items['list.json#1'].article_id}"
    assert sorted(Article.objects.values_list("language", flat=True)) == ["fr", "it"]


def test_jsonl_reads_one_article_per_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(f"{json.dumps({'body': IT_BODY})}\n\n{json.dumps({'body': EN_BODY})}\n", encoding="utf-8")
    batch, items = run_import(path)
    assert batch.created_count == 2
    assert set(items) == {"feed.jsonl#1", "feed.jsonl#3"}


def test_csv_rows_become_articles_with_outlets(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(
        "title,body,outlet,published\n"
        f'"Rinvio","{IT_BODY}",Il Foglio,2025-05\n'
        f'"Report","{FR_BODY}",Le Monde,2025\n',
        encoding="utf-8",
    )
    batch, items = run_import(path)
    assert batch.created_count == 2
    assert set(Outlet.objects.values_list("name", flat=True)) == {"Il Foglio", "Le Monde"}
    french = Article.objects.get(language="fr")
    assert (french.published_display, french.published_precision) == ("2025", "year")
    assert f"«{NBSP}Behemoth{NBSP}»" in french.body


def test_csv_in_a_legacy_encoding_is_decoded_and_the_fallback_reported(tmp_path):
    path = tmp_path / "legacy.csv"
    body = "Perché la società è già più forte; però ciò non basta, dicono gli analisti di Meta."
    path.write_bytes(f'body\n"{body}"\n'.encode("cp1252"))
    batch, items = run_import(path)
    assert Article.objects.get().body == body
    assert "decoded as cp1252" in items["legacy.csv#1"].message


def test_zip_entries_are_imported_as_files(tmp_path):
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("it/a.txt", IT_BODY)
        archive.writestr("en/b.json", json.dumps({"body": EN_BODY}))
        archive.writestr("__MACOSX/._a.txt", b"\x00\x05\x16\x07")
    batch, items = run_import(path)
    assert items["a.txt"].outcome == "created"
    assert items["b.json"].outcome == "created"
    assert items["._a.txt"].outcome == "skipped"
    assert batch.rejected_count == 0
    assert Article.objects.count() == 2
    assert batch.processed_files == batch.total_files == 3


def test_folder_is_walked_in_name_order_skipping_hidden_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(EN_BODY, encoding="utf-8")
    (tmp_path / "1.txt").write_text(IT_BODY, encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    batch, _ = run_import(tmp_path)
    names = [item.name.removeprefix(str(tmp_path)) for item in batch.items.all()]
    assert names == ["/1.txt", "/b/2.txt"]


def test_csv_whose_first_legacy_byte_comes_late_is_decoded_whole(tmp_path):
    path = tmp_path / "late.csv"
    plain = "Meta delayed the release of Behemoth again, sources told reporters on Monday."
    rows = [f'"{plain} Row {n}."' for n in range(1200)]  # about 100 KB of plain ASCII first
    late = "Le géant Meta a présenté ses modèles; déjà très attendus, ils sont arrivés en retard."
    path.write_bytes(("body\n" + "\n".join(rows) + f'\n"{late}"\n').encode("cp1252"))
    assert path.stat().st_size > 96 * 1024
    batch, items = run_import(path)
    assert batch.rejected_count == 0
    assert batch.created_count == 1201
    assert Article.objects.filter(body=late).exists()
    assert "decoded as cp1252" in items["late.csv#1201"].message


def test_a_headline_in_another_language_does_not_decide_the_articles_language(tmp_path):
    path = tmp_path / "a.txt"
    headline = "Breaking news: Meta delays Behemoth again, sources say the training is complete and the release is delayed to the autumn"
    path.write_text(f"{headline}\n\n{IT_BODY}\n", encoding="utf-8")
    run_import(path)
    assert Article.objects.get().language == "it"
