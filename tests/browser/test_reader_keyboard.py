"""The reader without a mouse, in real Chromium: a claim made by keyboard selection and by the
"Find a passage" box, highlights that show status and verdict (legend, filter), focus after the
claim form, and no axe-core violation on the page."""

import json

import pytest

from claims.models import Claim, Verdict
from tests.browser.test_dossier_accessibility import RUN_AXE
from tests.browser.test_highlighter import page  # noqa: F401 (the `page` fixture)
from tests.factories import PASSWORD, ArticleFactory, ClaimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "Meta said Behemoth has 2 trillion parameters.\n"
    "The Behemoth launch was delayed to the autumn, according to two engineers.\n"
    "Ü👉 Behemoth was still training in June, the company said."
)


def _log_in(browser, live_server, user, next_url: str) -> None:
    browser.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    browser.fill("input[name=username]", user.username)
    browser.fill("input[name=password]", PASSWORD)
    browser.press("input[name=password]", "Enter")
    browser.wait_for_selector("#article-body[contenteditable=true]")


def _tab_to(browser, element_id: str, limit: int = 60) -> None:
    for _ in range(limit):
        browser.keyboard.press("Tab")
        if browser.evaluate("() => document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def _fill_claim_form_by_keyboard(browser, statement: str, claimant: str) -> None:
    # The form opens with its first field focused.
    browser.wait_for_function("() => document.activeElement.name === 'statement'")
    browser.keyboard.type(statement)
    browser.keyboard.press("Tab")
    assert browser.evaluate("() => document.activeElement.name") == "claimant"
    browser.keyboard.type(claimant)
    browser.keyboard.press("Enter")  # submits the form from a text input


def test_a_claim_is_made_by_keyboard_only(page, live_server, fact_checker):  # noqa: F811
    article = ArticleFactory(body=BODY)
    _log_in(page, live_server, fact_checker, f"/articles/{article.pk}/")

    _tab_to(page, "article-body")
    button = page.locator("#new-claim-from-selection")
    assert button.is_hidden()
    page.keyboard.press("Control+Home")
    for _ in range(len("Meta said ")):
        page.keyboard.press("ArrowRight")
    for _ in range(len("Behemoth")):
        page.keyboard.press("Shift+ArrowRight")
    assert page.evaluate("() => window.getSelection().toString()") == "Behemoth"
    # Typing does not change the article's text: the body is a read-only editing host.
    page.keyboard.press("x")
    assert page.locator("#article-body").inner_text().startswith("Meta said Behemoth has")
    for _ in range(len("Behemoth")):
        page.keyboard.press("Shift+ArrowLeft")
    for _ in range(len("Behemoth has")):
        page.keyboard.press("Shift+ArrowRight")
    assert page.evaluate("() => window.getSelection().toString()") == "Behemoth has"

    assert button.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "new-claim-from-selection"
    page.keyboard.press("Enter")
    _fill_claim_form_by_keyboard(page, "Behemoth is a model.", "Meta")

    page.wait_for_selector("mark.claim-span")
    claim = Claim.objects.get()
    assert (claim.start, claim.end, claim.exact) == (10, 22, "Behemoth has")
    assert claim.statement == "Behemoth is a model."
    # Focus lands on the new claim in the side panel, its highlight outlined.
    page.wait_for_function(f"() => document.activeElement.id === 'claim-{claim.pk}'")
    assert page.locator("mark.claim-span.active").inner_text() == "Behemoth has"


def test_a_claim_is_made_from_the_find_a_passage_box(page, live_server, fact_checker):  # noqa: F811
    article = ArticleFactory(body=BODY)
    _log_in(page, live_server, fact_checker, f"/articles/{article.pk}/")
    status = page.locator("#find-status")

    page.focus("#find-passage")
    page.keyboard.type("no such words")
    page.wait_for_function("() => document.getElementById('find-status').textContent.includes('Not found')")
    assert page.locator("#new-claim-from-passage").is_hidden()

    page.fill("#find-passage", "")
    page.keyboard.type("behemoth")  # letter case is ignored; the word occurs three times
    page.wait_for_function("() => document.getElementById('find-status').textContent.includes('3 matches')")
    page.keyboard.press("Enter")
    assert status.inner_text() == "Match 2 of 3 selected."
    page.keyboard.press("Enter")
    assert status.inner_text() == "Match 3 of 3 selected."

    # White space in the query matches any white space; the passage follows an emoji.
    page.fill("#find-passage", "")
    page.keyboard.type("was still   training")
    page.wait_for_function("() => document.getElementById('find-status').textContent.startsWith('Found')")
    assert page.evaluate("() => document.activeElement.id") == "find-passage"  # typing goes on
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "new-claim-from-passage"
    page.keyboard.press("Enter")
    _fill_claim_form_by_keyboard(page, "Behemoth was training in June.", "Meta")

    page.wait_for_selector("mark.claim-span")
    claim = Claim.objects.get()
    assert claim.exact == "was still training"
    assert article.body[claim.start : claim.end] == "was still training"  # code points, past the emoji


def test_cancelling_the_claim_form_returns_focus_to_the_text(page, live_server, fact_checker):  # noqa: F811
    article = ArticleFactory(body=BODY)
    _log_in(page, live_server, fact_checker, f"/articles/{article.pk}/")
    page.focus("#find-passage")
    page.keyboard.type("2 trillion")
    page.wait_for_function("() => !document.getElementById('new-claim-from-passage').hidden")
    page.click("#new-claim-from-passage")
    page.wait_for_function("() => document.activeElement.name === 'statement'")
    page.click(".claim-form button.cancel")
    assert page.locator(".claim-form").count() == 0
    assert page.evaluate("() => document.activeElement.id") == "article-body"


def _article_with_claims_in_every_state(editor):
    article = ArticleFactory(body=BODY)
    draft = ClaimFactory(article=article, quote="Meta said", statement="Meta said it.")
    approved = ClaimFactory(article=article, quote="2 trillion parameters", status="approved")
    Verdict.objects.create(
        claim=approved, rating="false", rationale="No.", author=approved.author, approved_by=editor
    )
    in_review = ClaimFactory(article=article, quote="delayed to the autumn", status="in_review")
    return article, draft, approved, in_review


def test_highlights_show_status_and_verdict_with_a_legend_and_a_filter(
    page,  # noqa: F811
    live_server,
    fact_checker,
    editor,
):
    article, draft, approved, in_review = _article_with_claims_in_every_state(editor)
    _log_in(page, live_server, fact_checker, f"/articles/{article.pk}/")

    mark = page.locator(f'mark.claim-span[data-claims="{approved.pk}"]')
    assert "hl-approved" in mark.get_attribute("class")
    assert "hl-verdict-false" in mark.get_attribute("class")
    # Not by colour alone: the status's own underline and sign, and the title says it in words.
    assert mark.evaluate("(m) => getComputedStyle(m).textDecorationStyle") == "solid"
    assert mark.evaluate("(m) => getComputedStyle(m, '::after').content") == '"✓" / ""'
    assert "Approved, verdict: False" in mark.get_attribute("title")
    draft_mark = page.locator(f'mark.claim-span[data-claims="{draft.pk}"]')
    assert draft_mark.evaluate("(m) => getComputedStyle(m).textDecorationStyle") == "dotted"
    assert "Draft, no verdict" in draft_mark.get_attribute("title")
    # Backgrounds differ by verdict.
    colours = {
        page.locator(f'mark[data-claims="{c.pk}"]').evaluate("(m) => getComputedStyle(m).backgroundColor")
        for c in (draft, approved)
    }
    assert len(colours) == 2

    # The side panel carries the verdict badge (the dossier's rating classes).
    assert page.locator(f"#claim-{approved.pk} .badge.rating-false").inner_text() == "False"
    assert page.locator(f"#claim-{draft.pk} .badge-none").count() == 1

    # The legend names every status with its count; unticking one hides its highlights and claims.
    legend = page.locator(".reader-legend")
    assert "Approved (1)" in legend.inner_text()
    assert "Retracted (0)" in legend.inner_text()
    page.get_by_role("checkbox", name="Approved (1)").uncheck()
    assert "filtered" in mark.get_attribute("class")
    assert page.locator(f"#claim-{approved.pk}").is_hidden()
    assert "filtered" not in draft_mark.get_attribute("class")
    assert page.locator(f"#claim-{draft.pk}").is_visible()
    page.get_by_role("checkbox", name="Approved (1)").check()
    assert "filtered" not in mark.get_attribute("class")
    assert page.locator(f"#claim-{approved.pk}").is_visible()


def test_every_control_of_the_reader_has_a_distinct_name_and_axe_finds_no_violation(
    page,  # noqa: F811
    live_server,
    fact_checker,
    editor,
):
    article, *_ = _article_with_claims_in_every_state(editor)
    _log_in(page, live_server, fact_checker, f"/articles/{article.pk}/")
    names = page.evaluate(
        """() => [...document.querySelectorAll('.reader button:not([hidden])')]
            .map((b) => b.getAttribute('aria-label') || b.textContent.trim())"""
    )
    assert len(names) == len(set(names)), names
    suggestion_names = [n for n in names if n.startswith("Make it a claim: ")]
    assert suggestion_names, names

    page.add_script_tag(url=f"{live_server.url}/static/vendor/axe-core/axe.min.js")
    violations = page.evaluate(RUN_AXE)
    assert violations == [], json.dumps(violations, indent=2)
    # With a passage found and the claim form open, too.
    page.fill("#find-passage", "Behemoth")
    page.wait_for_function("() => !document.getElementById('new-claim-from-passage').hidden")
    page.click("#new-claim-from-passage")
    page.wait_for_selector(".claim-form")
    violations = page.evaluate(RUN_AXE)
    assert violations == [], json.dumps(violations, indent=2)
