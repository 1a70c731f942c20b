"""Hostile or misleading import input (issue 12, items 6 and 10): limits on a body's length and
on zip compression, pages with no article text, HTML in a `.txt`, symbolic links in a zip,
UTF-16 without a byte order mark, invalid UTF-8, CSV fields as long as a body and CSV line
numbers. Each refusal has its reason on the file's line of the report."""

import csv
import io
import json
import random
import re
import stat
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from articles.models import Article, ImportBatch
from tests.articles.helpers import run_import

pytestmark = pytest.mark.django_db

GOOD = "Meta delayed the release of Behemoth, sources told the New York Times. The model was trained."
IT_BODY = (
    "Meta ha deciso di rinviare il lancio del suo modello più grande, secondo fonti interne. "
    "Il modello avrebbe circa 2 trilioni di parametri e non convince ancora."
)
UPLOAD_URL = reverse("admin:articles_importbatch_upload")


def _long_text(chars: int, seed: int = 0) -> str:
    """Prose of exactly `chars` characters (no trailing space), different for each seed."""
    words = ("the", "minister", "said", "that", "figures", "were", "wrong", "and", "report", "was", "never")
    rng = random.Random(seed)
    parts, size = [], 0
    while size < chars:
        sentence = " ".join(rng.choice(words) for _ in range(12)).capitalize() + ". "
        parts.append(sentence)
        size += len(sentence)
    text = "".join(parts)[:chars]
    return text[:-1] + "x" if text.endswith(" ") else text


def _zip(entries: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            if isinstance(name, zipfile.ZipInfo):
                archive.writestr(name, data, compress_type=compression)
            else:
                archive.writestr(name, data)
    return buffer.getvalue()


def _unix_entry(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix: the high 16 bits of external_attr are st_mode
    info.external_attr = mode << 16
    return info


def _import_one(tmp_path, name: str, content: bytes):
    (tmp_path / name).write_bytes(content)
    batch, items = run_import(tmp_path / name)
    return batch, items


# -- limits: the length of a body ----------------------------------------------------------


def test_a_body_over_the_limit_is_rejected_with_its_length_and_the_limit(tmp_path, settings):
    settings.IMPORT_MAX_BODY_CHARS = 1000
    (tmp_path / "long.txt").write_text(_long_text(1001), encoding="utf-8")
    (tmp_path / "fits.txt").write_text(_long_text(1000, seed=1), encoding="utf-8")
    batch, items = run_import(tmp_path / "long.txt", tmp_path / "fits.txt")
    assert items["long.txt"].outcome == "rejected"
    assert items["long.txt"].message.endswith("long.txt: body is 1,001 characters, over the limit of 1,000")
    assert items["fits.txt"].outcome == "created"
    assert len(Article.objects.get().body) == 1000


def test_the_limit_is_on_the_body_as_normalized_not_on_the_bytes(tmp_path, settings):
    """CRLF line ends, trailing blanks and a headline do not count: the body as stored does."""
    settings.IMPORT_MAX_BODY_CHARS = 1000
    body = _long_text(1000)
    text = "A headline for it\r\n\r\n" + body[:500] + "   \r\n" + body[501:] + "\r\n"
    batch, items = _import_one(tmp_path, "crlf.txt", text.encode())
    assert items["crlf.txt"].outcome == "created", items["crlf.txt"].message
    assert len(Article.objects.get().body) == 1000


@pytest.mark.parametrize("extension", [".json", ".jsonl", ".html"])
def test_the_body_limit_holds_for_every_format(tmp_path, settings, extension):
    settings.IMPORT_MAX_BODY_CHARS = 1000
    body = _long_text(1500)
    content = {
        ".json": json.dumps({"body": body}),
        ".jsonl": json.dumps({"body": body}) + "\n",
        ".html": f"<html><head><title>T</title></head><body><article><p>{body}</p></article></body></html>",
    }[extension]
    batch, items = _import_one(tmp_path, f"long{extension}", content.encode())
    (item,) = items.values()
    assert item.outcome == "rejected"
    assert "body is 1,500 characters, over the limit of 1,000" in item.message
    assert not Article.objects.exists()


def test_the_default_body_limit_is_a_few_million_characters(settings):
    assert settings.IMPORT_MAX_BODY_CHARS == 2_000_000
    assert settings.IMPORT_ZIP_MAX_RATIO == 100


# -- limits: CSV fields --------------------------------------------------------------------


def test_a_csv_body_over_128_kb_imports_like_the_same_text_as_txt(tmp_path):
    """Python's csv module refuses fields over 128 KB by default; the desk's limit is the body's."""
    body = _long_text(300_000)
    with (tmp_path / "rows.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["title", "body"], ["Long", body]])
    (tmp_path / "same.txt").write_text(body, encoding="utf-8")
    batch, items = run_import(tmp_path / "rows.csv", tmp_path / "same.txt")
    assert items["rows.csv#1"].outcome == "created", items["rows.csv#1"].message
    assert items["same.txt"].outcome == "duplicate"  # the very same body
    assert len(Article.objects.get().body) == 300_000


def test_a_csv_field_over_the_body_limit_is_rejected_with_row_line_and_limit(tmp_path, settings):
    settings.IMPORT_MAX_BODY_CHARS = 1000
    content = f'title,body\nOne,"{GOOD}"\n\nTwo,"{_long_text(1001)}"\n'
    batch, items = _import_one(tmp_path, "rows.csv", content.encode())
    assert items["rows.csv"].message == "row 2 (line 4): a field is over the limit of 1,000 characters"
    assert not Article.objects.exists()


def test_a_csv_field_exactly_at_the_limit_imports(tmp_path, settings):
    settings.IMPORT_MAX_BODY_CHARS = 1000
    content = f'body\n"{_long_text(1000)}"\n'
    batch, items = _import_one(tmp_path, "rows.csv", content.encode())
    assert items["rows.csv#1"].outcome == "created", items["rows.csv#1"].message


def test_a_spreadsheet_csv_with_a_body_over_128_kb_imports_in_the_admin(client, desk_admin):
    client.force_login(desk_admin)
    page = client.get(reverse("admin:articles_article_import"))
    choices = page.context["form"].fields["format"].choices
    csv_choice = next(value for value, label in choices if label == "csv")
    body = _long_text(200_000)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["title", "body"], ["Long", body]])
    upload = SimpleUploadedFile("sheet.csv", buffer.getvalue().encode(), content_type="text/csv")
    preview = client.post(
        reverse("admin:articles_article_import"),
        {"resource": "0", "format": csv_choice, "import_file": upload},
    )
    assert preview.status_code == 200
    assert [row.import_type for row in preview.context["result"].rows] == ["new"]


# -- CSV line numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        # a stray quote inside an unquoted field: the error is on line 3, not line 2
        (f'body\n"{GOOD}"\n"{IT_BODY}"x\n', "malformed CSV at line 3: ',' expected after '\"'"),
        (f'body\n"{GOOD}"\n\n\n"{IT_BODY}"x\n', "malformed CSV at line 5: ',' expected after '\"'"),
        # a quoted field opened on line 3 and never closed: where it starts, not where the file ends
        (
            f'body\n"{GOOD}"\n"{IT_BODY}\nmore\nlines\n',
            "malformed CSV: the record starting at line 3 runs to the end of the file (a quote not closed?)",
        ),
        # a record with line breaks in a quoted field: its first and last lines
        (
            f'body,title\n"{GOOD}",One\n"{IT_BODY}\n\nsecond paragraph",Two,3\n',
            "row 2 (lines 3-5): 2 columns expected, 3 found",
        ),
        (
            f'body,title\n"{GOOD}\nsecond line",One\n"{IT_BODY}"\n',
            "row 2 (line 4): 2 columns expected, 1 found",
        ),
        (f'body,title\r\n"{GOOD}",One\r\n"{IT_BODY}"\r\n', "row 2 (line 3): 2 columns expected, 1 found"),
    ],
)
def test_csv_errors_name_the_line_where_the_record_is(tmp_path, csv_text, message):
    batch, items = _import_one(tmp_path, "rows.csv", csv_text.encode())
    assert items["rows.csv"].outcome == "rejected"
    assert items["rows.csv"].message == message


# -- zip: compression ratio, overlapping entries, symbolic links -----------------------------


def test_a_zip_of_highly_compressed_entries_is_refused_whole_before_anything_is_read(tmp_path, monkeypatch):
    """Issue 12 item 6 in small: entries each under the size limits, expanding 400:1."""
    entries = {f"{n}.txt": (f"Article {n}. " + "Meta delayed Behemoth again. " * 80_000) for n in range(9)}
    (tmp_path / "bomb.zip").write_bytes(_zip(entries))
    assert (tmp_path / "bomb.zip").stat().st_size < 100_000
    opened, real_open = [], zipfile.ZipFile.open

    def spy(archive, name, *args, **kwargs):
        opened.append(name)
        return real_open(archive, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    batch, items = run_import(tmp_path / "bomb.zip")
    assert items["bomb.zip"].outcome == "rejected"
    assert re.fullmatch(
        r"zip would expand [\d,]+:1 \(19\.9 MB from [\d.]+ KB\), over the limit of 100:1 \(zip bomb\?\)",
        items["bomb.zip"].message,
    ), items["bomb.zip"].message
    assert not opened
    assert not Article.objects.exists()


def test_one_highly_compressed_entry_is_refused_and_the_others_import(tmp_path):
    good = _long_text(120_000)
    content = _zip({"good.txt": good, "bomb.txt": "A" * 3_000_000}, compression=zipfile.ZIP_STORED)
    # store good.txt, deflate bomb.txt: the archive as a whole stays under the ratio
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("good.txt", good, compress_type=zipfile.ZIP_STORED)
        archive.writestr("bomb.txt", "A" * 3_000_000, compress_type=zipfile.ZIP_DEFLATED)
    content = buffer.getvalue()
    batch, items = _import_one(tmp_path, "mixed.zip", content)
    assert items["good.txt"].outcome == "created"
    assert items["bomb.txt"].outcome == "rejected"
    assert items["bomb.txt"].message.startswith("zip entry would expand ")
    assert "(2.9 MB from " in items["bomb.txt"].message
    assert items["bomb.txt"].message.endswith("over the limit of 100:1 (zip bomb?)")


def test_the_ratio_limit_is_configurable(tmp_path, settings):
    settings.IMPORT_ZIP_MAX_RATIO = 2000
    content = _zip({"big.txt": "Meta delayed Behemoth again. " * 50_000})
    batch, items = _import_one(tmp_path, "ok.zip", content)
    assert items["big.txt"].outcome == "created", items["big.txt"].message


def test_small_entries_may_compress_as_well_as_they_like(tmp_path):
    content = _zip({"a.txt": GOOD + "\n\n" + "=" * 50_000 + "\n\n" + GOOD})
    batch, items = _import_one(tmp_path, "small.zip", content)
    assert items["a.txt"].outcome == "created", items["a.txt"].message


def _overlapping_zip() -> bytes:
    """Two entries whose central directory records point at the same data (a zip bomb's trick)."""
    data = bytearray(_zip({"a.txt": GOOD, "b.txt": GOOD[::-1]}))
    second = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)
    data[second + 42 : second + 46] = struct.pack("<I", 0)  # b.txt's local header offset
    return bytes(data)


def test_a_zip_whose_entries_overlap_is_refused_whole(tmp_path):
    batch, items = _import_one(tmp_path, "overlap.zip", _overlapping_zip())
    assert items["overlap.zip"].outcome == "rejected"
    assert items["overlap.zip"].message == "zip entries overlap one another (zip bomb), archive refused"


def test_a_symbolic_link_in_a_zip_is_refused_and_the_rest_imports(tmp_path):
    link = _unix_entry("notes/passwd.txt", stat.S_IFLNK | 0o777)
    content = _zip({link: "/etc/passwd", _unix_entry("good.txt", stat.S_IFREG | 0o644): GOOD})
    batch, items = _import_one(tmp_path, "links.zip", content)
    assert items["passwd.txt"].outcome == "rejected"
    assert items["passwd.txt"].message == "symbolic link in zip, entry refused"
    assert items["good.txt"].outcome == "created"
    assert not Article.objects.filter(body__contains="/etc/passwd").exists()


def test_a_special_file_in_a_zip_is_refused(tmp_path):
    content = _zip({_unix_entry("fifo.txt", stat.S_IFIFO | 0o644): GOOD})
    batch, items = _import_one(tmp_path, "fifo.zip", content)
    assert items["fifo.txt"].message == "special file in zip (not a regular file), entry refused"


def test_the_admin_upload_reports_a_symbolic_link_and_a_zip_bomb(
    client, desk_admin, django_capture_on_commit_callbacks
):
    client.force_login(desk_admin)
    links = _zip({_unix_entry("link.txt", stat.S_IFLNK | 0o777): "../../etc/passwd", "good.txt": GOOD})
    bomb = _zip({f"{n}.txt": "Meta delayed Behemoth. " * 100_000 for n in range(3)})
    files = [
        SimpleUploadedFile("links.zip", links, "application/zip"),
        SimpleUploadedFile("bomb.zip", bomb, "application/zip"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(UPLOAD_URL, {"files": files})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    messages = {item.name.rsplit("/", 1)[-1]: (item.outcome, item.message) for item in batch.items.all()}
    assert messages["link.txt"] == ("rejected", "symbolic link in zip, entry refused")
    assert messages["good.txt"][0] == "created"
    assert messages["bomb.zip"][0] == "rejected"
    assert "over the limit of 100:1 (zip bomb?)" in messages["bomb.zip"][1]
    html = client.get(response.url).content.decode()
    assert "symbolic link in zip, entry refused" in html


# -- pages with no article text --------------------------------------------------------------

NAVIGATION_ONLY = """<!doctype html><html><head><title>Home</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li></ul></nav></body></html>"""

MENUS_ONLY = """<html><head><title>Example News</title></head><body><header><a href="/">Home</a>
<a href="/about">About</a> <a href="/contact">Contact</a></header><ul><li><a href="/politics">Politics</a></li>
<li><a href="/economy">Economy</a></li><li><a href="/privacy">Privacy policy</a></li>
<li><a href="/terms">Terms of service</a></li></ul><footer>© 2025 Example News</footer></body></html>"""

ANGULAR_TEMPLATE = """<!doctype html><html ng-app="news" lang="nl"><head><title>{{ article.title }}</title>
<script src="/js/angular.min.js"></script></head><body ng-controller="ArticleCtrl">
<div class="article"><h1>{{ article.title }}</h1><p class="byline">Door {{ article.author }}</p>
<div ng-bind-html="article.body"></div><p>{{ article.body }}</p>
<p ng-repeat="paragraph in article.paragraphs">{{ paragraph.text }}</p></div></body></html>"""

REACT_SHELL = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>React App</title></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div>
<script src="/static/js/main.4f3a.js"></script></body></html>"""

SCRIPT_NOTICE = """<!DOCTYPE html><html><head><title>Le Journal</title></head><body>
<div id="app"><p>Chargement en cours…</p><p>Pour lire cet article, activez JavaScript dans votre navigateur.</p>
<p>We use cookies to give you the best experience on our website and to show you relevant ads.</p></div>
<script src="/app.js"></script></body></html>"""


@pytest.mark.parametrize(
    "page",
    [NAVIGATION_ONLY, MENUS_ONLY, ANGULAR_TEMPLATE, REACT_SHELL, SCRIPT_NOTICE],
    ids=lambda p: p[40:70],
)
def test_a_page_with_no_article_text_is_rejected(tmp_path, page):
    batch, items = _import_one(tmp_path, "page.html", page.encode())
    assert items["page.html"].outcome == "rejected"
    assert items["page.html"].message == "no article text found in the HTML page"
    assert not Article.objects.exists()


def test_a_short_article_page_still_imports_and_a_template_line_is_dropped(tmp_path):
    page = f"""<html><head><title>Brief</title></head><body><nav><a href="/">Home</a></nav>
    <article><h1>Brief</h1><p>{GOOD}</p><p>{{{{ comments.count }}}}</p></article></body></html>"""
    batch, items = _import_one(tmp_path, "brief.html", page.encode())
    assert items["brief.html"].outcome == "created", items["brief.html"].message
    article = Article.objects.get()
    assert article.body == GOOD
    assert article.title == "Brief"


def test_a_page_whose_article_is_about_javascript_imports(tmp_path):
    body = (
        "The browser vendors agreed on Tuesday to ship the new JavaScript engine by the end of the year, "
        "according to people familiar with the talks."
    )
    page = f"<html><head><title>JS</title></head><body><article><p>{body}</p></article></body></html>"
    batch, items = _import_one(tmp_path, "js.html", page.encode())
    assert items["js.html"].outcome == "created", items["js.html"].message


# -- a .txt that is really HTML --------------------------------------------------------------

ARTICLE_PAGE = f"""<!DOCTYPE html>
<html lang="it"><head><title>Meta rinvia Behemoth</title><meta name="author" content="Mario Rossi">
<script>window.tracker = 1;</script></head><body><nav><a href="/">Home</a></nav>
<article><h1>Meta rinvia Behemoth</h1><p>{IT_BODY}</p></article></body></html>"""


@pytest.mark.parametrize(
    "content",
    [
        ARTICLE_PAGE,
        "\ufeff  <!-- saved from the browser -->\n" + ARTICLE_PAGE,
        ARTICLE_PAGE.replace("<!DOCTYPE html>\n", ""),
        # a fragment: an element and its closing tags, no <html>
        f'<div class="story"><h1>Meta rinvia Behemoth</h1><p>{IT_BODY}</p></div>',
    ],
    ids=["doctype", "bom-and-comment", "html-tag", "fragment"],
)
def test_a_txt_holding_html_is_read_as_html_and_said_so(tmp_path, content):
    batch, items = _import_one(tmp_path, "page.txt", content.encode())
    assert items["page.txt"].outcome == "created", items["page.txt"].message
    assert "read as HTML (the .txt file holds a web page)" in items["page.txt"].message
    article = Article.objects.get()
    assert article.body == IT_BODY
    assert article.title == "Meta rinvia Behemoth"
    assert "<" not in article.title + article.body
    assert article.raw_text == content.removeprefix("\ufeff")


def test_a_txt_holding_a_navigation_page_is_rejected_like_the_page(tmp_path):
    batch, items = _import_one(tmp_path, "nav.txt", NAVIGATION_ONLY.encode())
    assert items["nav.txt"].message == "no article text found in the HTML page"


@pytest.mark.parametrize(
    "text",
    [
        f"<3 Meta\n\n{GOOD}",
        f"<Breaking> Meta delays Behemoth\n\n{GOOD}",
        f"{GOOD}\n\nThe filing says <html> tags were left in the page.",
    ],
)
def test_plain_text_with_angle_brackets_stays_plain_text(tmp_path, text):
    batch, items = _import_one(tmp_path, "a.txt", text.encode())
    assert items["a.txt"].outcome == "created", items["a.txt"].message
    assert "HTML" not in items["a.txt"].message


def test_a_markdown_file_with_inline_html_stays_markdown(tmp_path):
    text = f'<div align="center"><img src="logo.png"></div>\n\n# Meta delays Behemoth\n\n{GOOD}\n'
    batch, items = _import_one(tmp_path, "a.md", text.encode())
    assert items["a.md"].outcome == "created", items["a.md"].message
    assert "HTML" not in items["a.md"].message


# -- UTF-16 without a byte order mark --------------------------------------------------------

FR_TEXT = "Meta repousse le lancement de son modèle «\u00a0Behemoth\u00a0» à l’automne, selon le journal."


@pytest.mark.parametrize(("encoding", "order"), [("utf-16-le", "little"), ("utf-16-be", "big")])
def test_utf16_without_a_byte_order_mark_is_decoded_and_said(tmp_path, encoding, order):
    batch, items = _import_one(tmp_path, "fr.txt", FR_TEXT.encode(encoding))
    assert items["fr.txt"].outcome == "created", items["fr.txt"].message
    assert f"decoded as UTF-16 ({order}-endian, no byte order mark: detected)" in items["fr.txt"].message
    assert Article.objects.get().body == FR_TEXT


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_csv_with_or_without_a_byte_order_mark_imports(tmp_path, encoding):
    content = f'title,body\nUn,"{FR_TEXT}"\nDue,"{IT_BODY}"\n'.encode(encoding)
    batch, items = _import_one(tmp_path, "rows.csv", content)
    assert batch.created_count == 2, [i.message for i in items.values()]
    assert "decoded as UTF-16" in items["rows.csv#1"].message
    assert Article.objects.filter(body=FR_TEXT).exists()


def test_broken_utf16_without_a_byte_order_mark_is_rejected_honestly(tmp_path):
    content = FR_TEXT.encode("utf-16-le") + b"\x00\xd8" + "fin".encode("utf-16-le")  # a lone surrogate
    batch, items = _import_one(tmp_path, "broken.txt", content)
    message = items["broken.txt"].message
    assert message.startswith("undecodable text: looks like UTF-16 (little-endian, no byte order mark)")
    assert "binary" not in message


# -- invalid UTF-8 ---------------------------------------------------------------------------


def test_invalid_utf8_in_an_ascii_file_is_rejected_with_its_offset(tmp_path):
    content = (GOOD + "\n").encode() * 3 + b"The minister \xff\xfe said so.\n"
    batch, items = _import_one(tmp_path, "stray.txt", content)
    offset = content.index(b"\xff")
    assert items["stray.txt"].outcome == "rejected"
    assert items["stray.txt"].message.startswith(
        f"invalid UTF-8 at byte {offset} (line 4), and no legacy encoding explains the file"
    )
    assert not Article.objects.exists()


def test_invalid_utf8_in_a_utf8_file_is_rejected_even_when_a_code_page_would_decode_it(tmp_path):
    content = "Perché la società è già più forte. ".encode() * 3 + b"Caff\xe8 e cornetto.\n"
    batch, items = _import_one(tmp_path, "mixed.txt", content)
    assert items["mixed.txt"].message == (
        f"invalid UTF-8 at byte {content.index(b'Caff') + 4} (line 1) of a file that is UTF-8 elsewhere"
    )


def test_a_whole_file_in_a_legacy_code_page_still_imports(tmp_path):
    text = "Perché la società è già più forte; però ciò non basta, dicono gli analisti di Meta."
    batch, items = _import_one(tmp_path, "legacy.txt", text.encode("cp1252"))
    assert items["legacy.txt"].outcome == "created"
    assert "not UTF-8: decoded as cp1252" in items["legacy.txt"].message
    assert Article.objects.get().body == text


def test_invalid_utf8_far_into_a_large_csv_is_rejected_with_its_offset_in_the_file(tmp_path):
    rows = "".join(f'"{GOOD} Row {n}."\n' for n in range(20_000))  # about 2 MB: several chunks
    content = ("body\n" + rows).encode() + b'"Late \x9d\x81 row."\n'
    offset = content.index(b"\x9d")
    batch, items = _import_one(tmp_path, "late.csv", content)
    assert items["late.csv"].message.startswith(
        f"invalid UTF-8 at byte {offset} (line 20002), and no legacy encoding explains the file"
    )
    assert not Article.objects.exists()


def test_a_csv_utf8_elsewhere_with_one_bad_byte_is_rejected(tmp_path):
    content = f'body\n"{FR_TEXT}"\n'.encode() + b'"Un caf\xe9 au lait, dit-il encore."\n'
    offset = content.index(b"\xe9")
    batch, items = _import_one(tmp_path, "rows.csv", content)
    assert items["rows.csv"].message == (
        f"invalid UTF-8 at byte {offset} (line 3) of a file that is UTF-8 elsewhere"
    )


def test_a_legacy_csv_with_a_byte_its_code_page_lacks_far_on_is_rejected(tmp_path):
    rows = "".join(f'"{GOOD} Row {n}."\n' for n in range(5_000))  # past the detection's samples
    content = 'body\n"Un caffè."\n'.encode("cp1252") + rows.encode() + b'"Late \x81 byte."\n'
    batch, items = _import_one(tmp_path, "late.csv", content)
    message = items["late.csv"].message
    assert message.startswith(
        "invalid UTF-8 at byte 13 (line 2), and no legacy encoding explains the file (cp1252 cannot decode"
    ), message
    assert not Article.objects.exists()


def test_the_api_reports_each_decoding_outcome(desk_admin, django_capture_on_commit_callbacks):
    api = APIClient()
    api.force_authenticate(desk_admin)
    files = [
        SimpleUploadedFile("utf16.txt", FR_TEXT.encode("utf-16-le")),
        SimpleUploadedFile("stray.txt", GOOD.encode() + b" \xc0\xaf and more text.\n"),
        SimpleUploadedFile("page.txt", ARTICLE_PAGE.encode()),
        SimpleUploadedFile("nav.html", NAVIGATION_ONLY.encode()),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/imports/", {"files": files}, format="multipart")
    assert response.status_code == 202
    items = api.get(f"/api/v1/imports/{response.json()['id']}/items/").json()["results"]
    outcomes = {item["name"]: (item["outcome"], item["message"]) for item in items}
    assert outcomes["utf16.txt"][0] == "created"
    assert "no byte order mark" in outcomes["utf16.txt"][1]
    assert outcomes["stray.txt"][0] == "rejected"
    assert outcomes["stray.txt"][1].startswith(f"invalid UTF-8 at byte {len(GOOD) + 1} (line 1)")
    assert outcomes["page.txt"] == (
        "created",
        "Italian; read as HTML (the .txt file holds a web page); author from the page's metadata",
    )
    assert outcomes["nav.html"] == ("rejected", "no article text found in the HTML page")
