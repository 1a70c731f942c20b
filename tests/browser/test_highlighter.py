"""The claim highlighter in real Chromium (Debian's package, driven by Playwright)."""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

from articles.models import Article
from articles.services.import_ import import_paths
from claims.models import Claim
from tests.browser.axe import assert_no_axe_violations
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
OUTPUT = ROOT / "test-results"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between browser steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()
        # Inside Playwright's event loop the ORM used connections of their own: close them,
        # or the test database cannot be dropped at the end of the run.
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _select(page, text: str) -> None:
    """Select the first occurrence of `text` in the article body, as a mouse drag would."""
    page.evaluate(
        """(text) => {
            const body = document.getElementById("article-body");
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.data.indexOf(text);
                if (at === -1) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + text.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                const rect = range.getBoundingClientRect();
                body.dispatchEvent(new MouseEvent("mouseup", {bubbles: true, clientX: rect.right, clientY: rect.bottom}));
                return;
            }
            throw new Error("text not found: " + text);
        }""",
        text,
    )


def test_select_after_the_emoji_create_a_claim_and_the_highlight_covers_exactly_it(
    page, live_server, fact_checker
):
    import_paths(paths=[next(SEEDS.glob("003_*.txt"))])
    article = Article.objects.get()
    assert "👉 Source ici" in article.body

    page.goto(f"{live_server.url}/accounts/login/?next=/articles/{article.pk}/")
    page.fill("input[name=username]", fact_checker.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")  # the login form (the header has the language switcher)
    page.wait_for_selector("#article-body")

    _select(page, "Source ici")
    page.click("button.claim-popover")
    page.fill("textarea[name=statement]", "The article cites its source.")
    page.fill("input[name=claimant]", "Le journal")
    page.click(".claim-form button[type=submit]")
    page.wait_for_selector("mark.claim-span")

    claim = Claim.objects.get()
    assert article.body[claim.start : claim.end] == "Source ici"
    page.reload()
    marks = page.locator("mark.claim-span")
    assert marks.count() == 1
    assert marks.first.inner_text() == "Source ici"
    assert page.locator(f"#claim-{claim.pk} .statement").inner_text() == "The article cites its source."
    assert_no_axe_violations(page, "the reader, with its claim")
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "highlighter-seed-003.png"), full_page=True)
