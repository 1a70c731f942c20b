"""Bad input: every file that cannot be imported is refused with its reason, nothing of it is
written, and the other files of the batch still import."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, ImportItem, Outlet
from tests.articles.helpers import run_import

pytestmark = pytest.mark.django_db

GOOD = "Meta delayed the release of Behemoth, sources told the New York Times. The model was trained."
GOOD_2 = "Meta ha deciso di rinviare il lancio del suo modello più grande, secondo fonti interne."


def _import_with_a_good_file(tmp_path, name: str, content: bytes) -> ImportItem:
    """Import the bad file beside a good one; the bad one's item, after checking the good one."""
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / name).write_bytes(content)
    batch, items = run_import(tmp_path / name, tmp_path / "good.txt")
    assert items["good.txt"].outcome == "created"
    assert Article.objects.count() == 1
    assert batch.rejected_count == 1
    assert items[name].outcome == "rejected"
    return items[name]


def _zip(entries: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\n \t\n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes), not text"),
        ("broken.txt", b"\xff\xfe" + b"\x00\xd8", "undecodable text: broken UTF-16"),
        ("report.pdf", b"%PDF-1.7", "unsupported file type '.pdf'"),
        ("README", b"text", "unsupported file type '(no extension)'"),
        ("bad.json", b'{"body": "x",', "malformed JSON: Expecting property name enclosed in double quotes"),
        ("scalar.json", b"42", "malformed JSON: expected an article object or a list of them"),
        ("none.json", b"[]", "empty file: the JSON list has no articles"),
        (
            "typo.json",
            json.dumps({"boddy": GOOD_2}).encode(),
            "unknown field 'boddy' (known: title, body, outlet, byline, url, language, published)",
        ),
        ("nobody.json", json.dumps({"title": "t"}).encode(), "nobody.json: 'body' is missing or empty"),
        (
            "number.json",
            json.dumps({"body": GOOD_2, "title": 3}).encode(),
            "field 'title' must be text, got int",
        ),
        ("lang.json", json.dumps({"body": GOOD_2, "language": "xx"}).encode(), "unknown language 'xx'"),
        ("date.json", json.dumps({"body": GOOD_2, "published": "2025-02-30"}).encode(), "does not exist"),
        (
            "url.json",
            json.dumps({"body": GOOD_2, "url": "javascript:alert(1)"}).encode(),
            "not a valid http(s)",
        ),
        ("bad.jsonl", b'{"body": "fine text here"}\n{oops\n', "line 2: malformed JSON"),
        ("not.zip", b"PK\x03\x04 this is no zip", "not a valid zip archive"),
    ],
)
def test_bad_file_is_rejected_with_its_reason(tmp_path, name, content, reason):
    item = _import_with_a_good_file(tmp_path, name, content)
    assert reason in item.message


@pytest.mark.parametrize(
    ("csv_text", "reason"),
    [
        (f'body,title\n"{GOOD}",One\n"{GOOD_2}",Two,extra\n', "row 2 (line 3): 2 columns expected"),
        (f'body,title\n"{GOOD}",One\n"{GOOD_2}"\n', "row 2 (line 3): 2 columns expected"),
        (f'body,titel\n"{GOOD}",One\n', "unknown column 'titel'"),
        ('title\n"One"\n', "the header row has no 'body' column"),
        ("body,title\n", "empty file: the CSV has a header but no rows"),
        (f'body,published\n"{GOOD}",2025\n"{GOOD_2}",yesterday\n', "published date 'yesterday'"),
        (f'body\n"{GOOD}\n', "malformed CSV"),
    ],
)
def test_malformed_csv_is_rejected_whole_even_after_good_rows(tmp_path, csv_text, reason):
    item = _import_with_a_good_file(tmp_path, "rows.csv", csv_text.encode())
    assert reason in item.message
    assert not Article.objects.filter(source_name__contains="rows.csv").exists()


def test_csv_rejected_after_its_first_chunk_leaves_nothing_behind(tmp_path, monkeypatch):
    monkeypatch.setattr("articles.services.import_.CHUNK_SIZE", 2)
    rows = "".join(f'"{GOOD} Number {n}.",Outlet {n}\n' for n in range(5))
    item = _import_with_a_good_file(tmp_path, "rows.csv", f"body,outlet\n{rows}not,enough,columns\n".encode())
    assert "row 6" in item.message
    assert not Outlet.objects.exists()
    assert not ImportItem.objects.filter(name__contains="rows.csv#").exists()


def test_file_over_the_size_limit_is_rejected(tmp_path, settings):
    settings.IMPORT_MAX_FILE_BYTES = 1000
    item = _import_with_a_good_file(tmp_path, "big.txt", b"word " * 400)
    assert item.message == "file is 2.0 KB, over the 1000 bytes limit"


def test_zip_with_too_many_entries_is_rejected_whole(tmp_path, settings):
    settings.IMPORT_ZIP_MAX_ENTRIES = 3
    content = _zip({f"{n}.txt": f"{GOOD} {n}" for n in range(4)})
    item = _import_with_a_good_file(tmp_path, "many.zip", content)
    assert item.message == "zip has 4 entries, over the limit of 3"


def test_zip_bomb_is_rejected_before_anything_is_expanded(tmp_path, settings):
    settings.IMPORT_ZIP_MAX_BYTES = 1_000_000
    content = _zip({"bomb.txt": b"A" * 5_000_000})
    assert len(content) < 20_000
    item = _import_with_a_good_file(tmp_path, "bomb.zip", content)
    assert item.message == "zip would expand to 4.8 MB, over the limit of 976.6 KB (zip bomb?)"


@pytest.mark.parametrize("entry", ["../evil.txt", "/etc/evil.txt", "a/../../evil.txt", "C:/evil.txt"])
def test_zip_entry_with_an_unsafe_path_is_refused_and_the_rest_imports(tmp_path, entry):
    (tmp_path / "a.zip").write_bytes(_zip({entry: GOOD_2, "ok.txt": GOOD}))
    batch, _ = run_import(tmp_path / "a.zip")
    outcomes = {item.name.removeprefix(f"{tmp_path}/a.zip/"): item for item in batch.items.all()}
    assert outcomes[entry].outcome == "rejected"
    assert outcomes[entry].message == "unsafe path in zip (absolute or '..'), entry refused"
    assert outcomes["ok.txt"].outcome == "created"
    assert list(Article.objects.values_list("body", flat=True)) == [GOOD]


def test_zip_inside_a_zip_is_refused(tmp_path):
    (tmp_path / "outer.zip").write_bytes(_zip({"inner.zip": _zip({"a.txt": GOOD})}))
    batch, items = run_import(tmp_path / "outer.zip")
    assert items["inner.zip"].message == "zip inside a zip is not imported: unpack it first"
    assert not Article.objects.exists()


def test_missing_path_is_reported(tmp_path):
    batch, items = run_import(tmp_path / "nowhere.txt")
    assert items["nowhere.txt"].outcome == "rejected"
    assert items["nowhere.txt"].message == "no such file or directory"


def test_command_exits_1_and_prints_each_line_when_something_was_rejected(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_articles", str(tmp_path))
    assert excinfo.value.returncode == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("rejected")
    assert lines[0].endswith("empty.txt: empty file")
    assert lines[1].startswith("created")
    assert "good.txt: #" in lines[1]
    assert lines[2].endswith("1 created, 0 duplicate, 1 rejected.")


def test_an_article_imported_meanwhile_by_another_run_is_a_duplicate_not_an_error(tmp_path, monkeypatch):
    """Two imports of the same article at once: the second insert hits the unique hash and
    falls back to reporting a duplicate (simulated: the look-up before the insert misses)."""
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    first, _ = run_import(tmp_path / "a.txt")
    monkeypatch.setattr("articles.services.import_.existing_articles", lambda hashes: {})
    (tmp_path / "b.txt").write_text(GOOD_2, encoding="utf-8")
    second, items = run_import(tmp_path / "a.txt", tmp_path / "b.txt")
    assert items["a.txt"].outcome == "duplicate"
    assert items["a.txt"].article_id == first.items.get().article_id
    assert items["b.txt"].outcome == "created"
    assert Article.objects.count() == 2


def test_outlets_are_one_whatever_the_case_and_colliding_slugs_get_a_suffix(tmp_path):
    rows = [
        ("Il Post", GOOD),
        ("IL POST", GOOD_2),
        ("Le-Monde", GOOD + " 1"),
        ("Le Monde", GOOD + " 2"),
        ("Правда", GOOD + " 3"),
    ]
    path = tmp_path / "rows.json"
    path.write_text(json.dumps([{"outlet": o, "body": b} for o, b in rows]), encoding="utf-8")
    batch, _ = run_import(path)
    assert batch.created_count == 5
    assert sorted(Outlet.objects.values_list("name", "slug")) == [
        ("Il Post", "il-post"),
        ("Le Monde", "le-monde-2"),
        ("Le-Monde", "le-monde"),
        ("Правда", "правда"),
    ]


def test_a_corrupt_zip_entry_is_rejected_and_the_next_file_imports(tmp_path):
    archive = bytearray(_zip({"a.txt": GOOD * 20}))
    start = archive.index(b"a.txt") + len("a.txt")
    archive[start + 5 : start + 40] = b"\xff" * 35  # garble the deflated data
    (tmp_path / "bad.zip").write_bytes(bytes(archive))
    (tmp_path / "good.txt").write_text(GOOD_2, encoding="utf-8")
    batch, items = run_import(tmp_path / "bad.zip", tmp_path / "good.txt")
    assert items["a.txt"].outcome == "rejected"
    assert items["good.txt"].outcome == "created"
    assert batch.status == "done"


def test_a_nul_character_in_a_json_field_is_rejected(tmp_path):
    item = _import_with_a_good_file(
        tmp_path, "nul.json", json.dumps({"body": "text \u0000 more text"}).encode()
    )
    assert "contains a NUL character" in item.message


def test_an_unexpected_error_rejects_that_file_only(tmp_path, monkeypatch):
    import articles.services.import_ as pipeline

    real = pipeline.prepare_articles

    def explode_on_b(records):
        if any("bad.txt" in r.name for r in records):
            raise ValueError("boom")
        return real(records)

    monkeypatch.setattr(pipeline, "prepare_articles", explode_on_b)
    item = _import_with_a_good_file(tmp_path, "bad.txt", GOOD_2.encode())
    assert item.message == "could not be imported (ValueError: boom)"


def test_a_url_too_long_for_the_desk_is_rejected(tmp_path):
    long_url = "https://example.org/" + "a" * 2000
    item = _import_with_a_good_file(
        tmp_path, "long.json", json.dumps({"body": GOOD_2, "url": long_url}).encode()
    )
    assert "url longer than 2000 characters" in item.message
