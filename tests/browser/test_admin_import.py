"""The admin's article import in real Chromium: the upload page, and the result page that lists
the rejected files apart (with their reasons) and opens each created article in the desk's
reader. No axe-core violation on either page."""

import pytest

from articles.models import Article
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_highlighter import SEEDS, page  # noqa: F401 (the `page` fixture)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_import_shows_rejections_apart_and_links_articles_to_the_reader(
    page,  # noqa: F811
    live_server,
    desk_admin,
    tmp_path,
):
    seed = next(SEEDS.glob("003_*.txt"))
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"%PDF-1.7 minutes")

    page.goto(f"{live_server.url}/admin/articles/importbatch/upload/")
    page.fill("input[name=username]", desk_admin.username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_selector("input[type=file][name=files]")
    assert_no_axe_violations(page, "the admin's upload page")

    page.set_input_files("input[type=file][name=files]", [str(seed), str(bad)])
    with page.expect_navigation():
        page.click("form[enctype='multipart/form-data'] [type=submit]")
    page.wait_for_selector("#import-report")
    rejected = page.locator("#import-rejected")
    assert "1 file or row rejected" in rejected.locator("h2").inner_text()
    assert rejected.locator("li").all_inner_texts() == ["notes.pdf: unsupported file type '.pdf'"]
    article = Article.objects.get()
    link = page.locator(f"#import-report a[href='/articles/{article.pk}/']")
    assert link.inner_text() == article.title
    assert_no_axe_violations(page, "the admin's import result page")

    with page.expect_navigation():
        link.click()
    page.wait_for_selector("#article-body")
    assert_no_axe_violations(page, "the reader, opened from the import")
