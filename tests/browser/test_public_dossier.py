"""The published Behemoth dossier in real Chromium: no login, readable on a desktop and on a
phone, usable with the keyboard; screenshots go to test-results/."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.services.import_ import import_paths
from claims.models import Fact
from claims.roles import EDITOR, FACT_CHECKER
from tests.browser.test_highlighter import OUTPUT, SEEDS, page  # noqa: F401 (the `page` fixture)
from tests.factories import user_in_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def behemoth():
    import_paths(paths=[SEEDS])
    user_in_role("demo-checker", FACT_CHECKER)
    user_in_role("demo-editor", EDITOR)
    user_in_role("demo-editor-2", EDITOR)
    call_command("load_dossier", str(SEEDS.parent / "claims" / "data" / "behemoth.json"), stdout=StringIO())


def test_a_reader_opens_the_dossier_and_follows_a_fact_permalink(live_server, page, behemoth):  # noqa: F811
    OUTPUT.mkdir(exist_ok=True)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    response = page.goto(f"{live_server.url}/dossiers/")
    assert response.status == 200
    page.get_by_role("link", name="Llama 4 Behemoth: Meta's delayed flagship model").click()
    page.wait_for_url("**/dossiers/llama-4-behemoth/")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Llama 4 Behemoth: Meta's delayed flagship model"
    )
    assert page.locator("article.fact").count() == 11
    chart = page.get_by_role("img", name="Verdicts on 11 facts")
    assert page.get_by_role("img", name="Verdicts on the 29 claims the articles make").is_visible()
    assert chart.is_visible()
    assert chart.bounding_box()["width"] > 200
    page.screenshot(path=str(OUTPUT / "dossier-behemoth.png"), full_page=True)

    # The timeline links to each fact; the fact's permalink is the revision's page.
    context = Fact.objects.get(statement__contains="10-million-token")
    page.locator(f'.timeline a[href="#fact-{context.pk}"]').click()
    assert page.evaluate("location.hash") == f"#fact-{context.pk}"
    fact = page.locator(f"#fact-{context.pk}")
    assert "Misattributed" in fact.inner_text()
    fact.get_by_role("link", name="Permalink to this fact").click()
    page.wait_for_url(f"**/dossiers/llama-4-behemoth/v2/#fact-{context.pk}")  # the latest revision

    # On a fresh load, the keyboard's first stop skips to the content.
    page.goto(f"{live_server.url}/dossiers/llama-4-behemoth/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    assert errors == []


def test_the_dossier_reads_on_a_phone(live_server, page, behemoth):  # noqa: F811
    OUTPUT.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/dossiers/llama-4-behemoth/")
    # Nothing wider than the screen: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(OUTPUT / "dossier-behemoth-phone.png"), full_page=False)
