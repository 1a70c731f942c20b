"""The desk home's work list in real Chromium, as the cast sees it: a fact sent back with
"request changes" under "Changes requested", a claim assigned to me under "Assigned to me",
the header counts, and an assignment made from the claim page; no axe-core violation on any
page visited."""

import pytest

from claims.models import Claim
from claims.review.assignment import assignment_set
from claims.review.workflow import review_transition
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_highlighter import page  # noqa: F401 (the `page` fixture)
from tests.factories import PASSWORD, ClaimFactory, StoryFactory, ready_claim, ready_fact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(browser, live_server, user, next_url: str = "/") -> None:
    browser.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    browser.fill("input[name=username]", user.username)
    browser.fill("input[name=password]", PASSWORD)
    browser.click("main button[type=submit]")  # the header's first button is the language switcher
    browser.wait_for_selector("h1")


def _log_out(browser) -> None:
    browser.context.clear_cookies()


def test_work_list_shows_the_fact_sent_back_and_the_claim_assigned_to_me(
    page,  # noqa: F811
    live_server,
    editor,
    other_editor,
    fact_checker,
):
    story = StoryFactory(lead_editor=editor)
    fact = ready_fact(story, editor, [ready_claim(fact_checker)], statement="Behemoth was delayed.")
    review_transition(item=fact, action="submit", by=editor)
    review_transition(item=fact, action="request_changes", by=other_editor, comment="Which month?")
    mine = ClaimFactory(author=other_editor, statement="Behemoth has 288 billion active parameters.")
    assignment_set(item=mine, assignee=editor, due_on=None, by=other_editor)

    _log_in(page, live_server, editor)
    sent_back = page.locator("#work-changes-requested")
    assert sent_back.locator(f'a[href="/facts/{fact.pk}/"]').inner_text() == "Behemoth was delayed."
    assert sent_back.locator("h3 .count").inner_text() == "1"
    assigned = page.locator("#work-assigned")
    assert assigned.locator(f'a[href="/claims/{mine.pk}/"]').inner_text() == mine.statement
    assert assigned.locator("h3 .count").inner_text() == "1"
    counts = page.locator(".work-counts")
    assert counts.locator("a[href$='/assigned/'] .count").inner_text() == "1"
    assert counts.locator("a[href$='/to-review/'] .count").inner_text() == "0"
    assert_no_axe_violations(page, "home")

    page.click(f"#work-changes-requested a[href='/facts/{fact.pk}/']")
    page.wait_for_selector("h1")
    assert "Which month?" in page.content()
    assert_no_axe_violations(page, "the fact page")

    page.goto(f"{live_server.url}/queues/assigned/")
    assert page.locator(f'a[href="/claims/{mine.pk}/"]').count() == 1
    assert_no_axe_violations(page, "the assigned queue")


def test_work_list_an_editor_assigns_from_the_claim_page_and_the_assignee_sees_it(
    page,  # noqa: F811
    live_server,
    editor,
    fact_checker,
):
    claim = ready_claim(fact_checker, statement="Behemoth is still training.")
    _log_in(page, live_server, editor, f"/claims/{claim.pk}/")
    assert_no_axe_violations(page, "the claim page")
    form = page.locator("form.assign-form").first
    form.locator("select[name=assignee]").select_option(label=fact_checker.username)
    form.locator("input[name=due_on]").fill("2031-05-20")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".message")
    assert f"Assigned to {fact_checker.username}." in page.locator(".messages, .message").first.inner_text()
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.assignee == fact_checker
    assert str(claim.due_on) == "2031-05-20"
    assert_no_axe_violations(page, "the claim page, assigned")

    _log_out(page)
    _log_in(page, live_server, fact_checker)
    assigned = page.locator("#work-assigned")
    assert assigned.locator(f'a[href="/claims/{claim.pk}/"]').inner_text() == claim.statement
    assert page.locator(".work-counts a[href$='/assigned/'] .count").inner_text() == "1"
    assert_no_axe_violations(page, "the assignee's home")


def test_work_list_an_editor_assigns_from_the_list_and_stays_on_it(
    page,  # noqa: F811
    live_server,
    editor,
    fact_checker,
):
    claim = ClaimFactory(author=editor, statement="Behemoth beats GPT-4.5 on STEM benchmarks.")
    _log_in(page, live_server, editor)
    line = page.locator(f"#work-my-drafts li:has(a[href='/claims/{claim.pk}/'])")
    control = line.locator("form.assign-compact")
    control.get_by_label(f"Assignee of claim {claim.pk}: “{claim.statement[:39]}…”").select_option(
        label=fact_checker.username
    )
    with page.expect_navigation():
        control.get_by_role("button", name=f"Assign claim {claim.pk}: “{claim.statement[:39]}…”").click()
    assert page.url == f"{live_server.url}/"
    assert f"Assigned to {fact_checker.username}." in page.locator("#messages").inner_text()
    assert Claim.objects.get(pk=claim.pk).assignee == fact_checker
    assert "assigned to fc1" in line.inner_text()
    assert_no_axe_violations(page, "home, after assigning from the list")
