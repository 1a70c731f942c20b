"""The design system (issue 17) in real Chromium: every desk page, the admin's import pages and
the public pages at 1366 px and 390 px wide, in the light and the dark theme, each saved to
test-results/<page>-<width>-<theme>.png for review by eye. On each: no axe-core violation (its
colour-contrast rule included) in either theme, exactly one primary action where the page has
work to do, and no button, select or date input left with the browser's default look."""

import pytest

from articles.models import Article, ImportBatch
from claims.models import Claim
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_highlighter import OUTPUT, page  # noqa: F401 (the `page` fixture)
from tests.claims.conftest import behemoth_dossier, demo_desk  # noqa: F401 (fixtures)
from tests.factories import PASSWORD, ClaimFactory, ready_fact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = ((1366, 900), (390, 844))
THEMES = ("light", "dark")

# The controls the browser would draw itself unless the design system styles them; `scope`
# keeps the admin's own controls (Django's admin styles them) out of the count.
DEFAULT_LOOKING = """(scope) => {
    const root = scope ? document.querySelector(scope) : document;
    const controls = root.querySelectorAll(
        "button, select, input[type=date], input[type=submit], input[type=button]");
    return [...controls]
        .filter((el) => el.checkVisibility())
        .filter((el) => getComputedStyle(el).appearance !== "none")
        .map((el) => el.outerHTML.slice(0, 120));
}"""

PRIMARY = ".btn-primary"


def _log_in(page, live_server, user) -> None:  # noqa: F811
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def _check_page(page, name: str, *, primaries: int | None = 1, scope: str = "") -> None:  # noqa: F811
    """The page as it is now, in both themes and both widths: screenshots, axe, the controls.
    `primaries=None`: a page whose one action depends on its data (nothing unread, nothing to
    retry) has at most one."""
    OUTPUT.mkdir(exist_ok=True)
    if primaries is None:
        assert page.locator(PRIMARY).count() <= 1, f"{name}: primary actions"
    else:
        assert page.locator(PRIMARY).count() == primaries, f"{name}: primary actions"
    for theme in THEMES:
        page.emulate_media(color_scheme=theme)
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            page.screenshot(path=str(OUTPUT / f"{name}-{width}-{theme}.png"), full_page=True)
            assert page.evaluate(DEFAULT_LOOKING, scope) == [], f"{name} at {width} px, {theme}"
            if not scope:  # the desk's and the public pages fit the screen: no sideways scrolling
                assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} at {width} px"
        assert_no_axe_violations(page, f"{name}, {theme} theme")
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": WIDTHS[0][0], "height": WIDTHS[0][1]})


def _visit(page, live_server, path: str, name: str, **check) -> None:  # noqa: F811
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200, f"{name}: {path}"
    _check_page(page, name, **check)


def test_every_page_is_styled_readable_in_both_themes_and_has_one_primary_action(
    page,  # noqa: F811
    live_server,
    behemoth_dossier,  # noqa: F811
    desk_admin,
):
    article = Article.objects.order_by("pk").first()
    claim = ClaimFactory(author=desk_admin, statement="Behemoth has 2 trillion parameters.")
    story = behemoth_dossier.story
    fact = ready_fact(story, desk_admin, statement="Behemoth was still training in April 2025.")
    batch = ImportBatch.objects.order_by("pk").first()

    page.emulate_media(color_scheme="light")
    _visit(page, live_server, "/accounts/login/", "login")
    _log_in(page, live_server, desk_admin)
    _check_page(page, "home")
    _visit(page, live_server, "/articles/", "articles")
    _visit(page, live_server, f"/articles/{article.pk}/", "reader")
    panel = page.locator(".side-panel")  # the claims beside the text scroll on their own
    assert panel.evaluate("(el) => getComputedStyle(el).overflowY") == "auto"
    assert panel.evaluate("(el) => el.scrollHeight > el.clientHeight")
    _visit(page, live_server, f"/articles/{article.pk}/edit/", "article-edit")
    _visit(page, live_server, f"/articles/{article.pk}/correct/", "article-correct")
    _visit(page, live_server, f"/articles/{article.pk}/versions/", "article-versions", primaries=0)
    _visit(page, live_server, "/outlets/", "outlets")
    _visit(page, live_server, "/outlets/new/", "outlet-new")
    _visit(page, live_server, "/claims/?q=Behemoth", "claims")
    _visit(page, live_server, f"/claims/{claim.pk}/", "claim")
    _visit(page, live_server, f"/facts/{fact.pk}/", "fact")
    _visit(page, live_server, "/stories/", "stories")
    _visit(page, live_server, f"/stories/{story.slug}/", "story")
    _visit(page, live_server, "/queues/assigned/", "queue")
    _visit(page, live_server, "/notifications/", "notifications", primaries=None)
    _visit(
        page, live_server, "/admin/articles/importbatch/upload/", "admin-import", scope="#import-upload-form"
    )
    _visit(
        page,
        live_server,
        f"/admin/articles/importbatch/{batch.pk}/change/",
        "admin-import-batch",
        primaries=None,
        scope="#import-report",
    )

    page.context.clear_cookies()
    _visit(page, live_server, "/dossiers/", "public-index", primaries=0)
    _visit(page, live_server, f"/dossiers/{story.slug}/", "public-dossier", primaries=0)
    _visit(page, live_server, f"/dossiers/{story.slug}/revisions/", "public-revisions", primaries=0)
    assert len(list(OUTPUT.glob("*-390-dark.png"))) >= 20


def test_the_claim_page_keeps_the_source_form_closed_and_the_primary_action_in_reach(
    page,  # noqa: F811
    live_server,
    fact_checker,
):
    claim = ClaimFactory(author=fact_checker, statement="Behemoth has 288 billion active parameters.")
    _log_in(page, live_server, fact_checker)
    page.goto(f"{live_server.url}/claims/{claim.pk}/")

    source_form = page.locator("#source-form")
    assert source_form.is_hidden()
    page.get_by_text("Add a source", exact=True).click()
    assert source_form.is_visible()

    # Side by side on a wide screen: the evidence left, the review state and actions right.
    evidence = page.locator(".work-evidence").bounding_box()
    actions = page.locator(".action-bar").bounding_box()
    assert actions["x"] > evidence["x"] + evidence["width"]
    submit = page.locator(".action-bar .btn-primary")
    assert submit.inner_text().strip() == "Submit for review"
    page.mouse.wheel(0, 5000)
    assert submit.is_visible()
    assert _in_viewport(page, submit)

    # On a phone: one column, and the action bar stays at the bottom of the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("() => window.scrollTo(0, 0)")
    assert _in_viewport(page, submit)
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight / 2)")
    assert _in_viewport(page, submit)
    assert Claim.objects.get(pk=claim.pk).status == "draft"


def _in_viewport(page, locator) -> bool:  # noqa: F811
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


def test_the_printed_dossier_shows_every_fact_its_verdict_and_its_sources_urls(
    page,  # noqa: F811
    live_server,
    behemoth_dossier,  # noqa: F811
):
    page.goto(f"{live_server.url}/dossiers/{behemoth_dossier.story.slug}/")
    source = page.locator(".fact .sources a[href^='http']").first
    assert source.is_hidden()  # on screen, the facts are closed
    assert page.locator(".language-switcher").is_visible()

    page.emulate_media(media="print")
    assert source.is_visible()
    assert page.locator(".fact .badge").first.is_visible()
    href = source.get_attribute("href")
    assert source.evaluate("(a) => getComputedStyle(a, '::after').content") == f'" <{href}>"'
    assert page.locator(".language-switcher").is_hidden()
    OUTPUT.mkdir(exist_ok=True)
    page.pdf(path=str(OUTPUT / "public-dossier-print.pdf"))
