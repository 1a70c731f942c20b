"""The claim page's checklist before Submit, in real Chromium: with no verdict and no source,
Submit is disabled and says what is missing; the verdict and the source added through the
page's own forms tick the checklist, and Submit then sends the claim to review. No axe-core
violation on the page at any step."""

import pytest

from claims.models import Claim
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_highlighter import page  # noqa: F401 (the `page` fixture)
from tests.factories import PASSWORD, ClaimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_checklist_keeps_submit_disabled_until_verdict_and_source_are_added(
    page,  # noqa: F811
    live_server,
    fact_checker,
):
    claim = ClaimFactory(author=fact_checker, statement="Behemoth has 2 trillion parameters.")
    page.goto(f"{live_server.url}/accounts/login/?next=/claims/{claim.pk}/")
    page.fill("input[name=username]", fact_checker.username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_selector(".submit-checklist")

    checklist = page.locator(".submit-checklist")
    submit = page.locator(".review-actions form:has(input[name=action][value=submit]) button[type=submit]")
    assert submit.is_disabled()
    assert checklist.locator("li.check-done").count() == 1  # the statement
    assert checklist.locator("li.check-missing").count() == 2
    missing = page.locator(f"#checklist-missing-{claim.pk}").inner_text()
    assert "a verdict with its rationale" in missing
    assert "at least one source" in missing
    # Submit's accessible description is what is missing.
    assert submit.get_attribute("aria-describedby") == f"checklist-missing-{claim.pk}"
    assert_no_axe_violations(page, "the claim page, nothing filled")

    verdict = page.locator(f"form[action='/claims/{claim.pk}/verdict/']")
    verdict.locator("select[name=rating]").select_option("false")
    verdict.locator("textarea[name=rationale]").fill("Meta's model card says 2 trillion in total.")
    with page.expect_navigation():
        verdict.locator("button[type=submit]").click()
    assert checklist.locator("li.check-done").count() == 2
    assert submit.is_disabled()
    assert "a verdict" not in page.locator(f"#checklist-missing-{claim.pk}").inner_text()
    assert_no_axe_violations(page, "the claim page, with a verdict")

    source = page.locator("#source-form")
    assert source.is_hidden()  # the source form opens on demand (issue 17)
    page.locator("details:has(#source-form) > summary").click()
    source.locator("input[name=url]").fill("https://ai.meta.com/blog/llama-4-multimodal-intelligence/")
    source.locator("input[name=title]").fill("The Llama 4 herd")
    source.locator("select[name=stance]").select_option("refutes")
    with page.expect_navigation():
        source.locator("button[type=submit]").click()
    assert checklist.locator("li.check-missing").count() == 0
    assert checklist.locator("li.check-done").count() == 3
    assert page.locator(f"#checklist-missing-{claim.pk}").count() == 0
    assert submit.is_enabled()
    assert_no_axe_violations(page, "the claim page, ready")

    with page.expect_navigation():
        submit.click()
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    assert page.locator(".submit-checklist").count() == 0  # no Submit any more
    assert_no_axe_violations(page, "the claim page, in review")
