"""The strict Content-Security-Policy holds in a real browser: the desk's pages (the reader with
its highlighter, the claim page, the story page, the admin's import, the API docs) and the public
dossier run without a single violation, and the highlighter still works under it."""

import pytest

from articles.models import Article
from articles.services.import_ import import_paths
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_highlighter import SEEDS, _select, page  # noqa: F401 (the `page` fixture)
from tests.factories import PASSWORD, StoryFactory, ready_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
        window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
    });
}"""


def _watch(page) -> list[str]:  # noqa: F811
    page.add_init_script(f"({WATCH})()")
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    return messages


def _violations(page) -> list[str]:  # noqa: F811
    return page.evaluate("window.__violations || []")


def test_the_desk_runs_under_the_policy(page, live_server, desk_admin):  # noqa: F811
    import_paths(paths=[next(SEEDS.glob("003_*.txt"))])
    article = Article.objects.get()
    claim = ready_claim(desk_admin, article=article, quote="Source ici")
    story = StoryFactory(lead_editor=desk_admin)
    console = _watch(page)

    page.goto(f"{live_server.url}/accounts/login/?next=/articles/{article.pk}/")
    page.fill("input[name=username]", desk_admin.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")  # the login form (the header has the language switcher)
    page.wait_for_selector("#article-body")
    _select(page, "Source ici")
    page.click("button.claim-popover")  # the highlighter's script ran, under the policy
    page.wait_for_selector("textarea[name=statement]")
    assert _violations(page) == []
    assert_no_axe_violations(page, "the reader, with the claim form open")

    for path in (
        f"/claims/{claim.pk}/",
        f"/stories/{story.slug}/",
        "/admin/articles/importbatch/upload/",
        "/api/docs/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert _violations(page) == [], path
        if path != "/api/docs/":  # the desk's own pages (the API docs are Swagger UI's)
            assert_no_axe_violations(page, path)
    page.wait_for_selector(".swagger-ui")  # the API docs rendered, scripts from 'self' only
    assert console == []
